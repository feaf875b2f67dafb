package web

import (
	"net/http"
	"strings"

	"onset/internal/clinic"
	"onset/internal/scales"
	"onset/internal/service/accounts"
	"onset/internal/service/measurement"
)

// defaultCrisisText is shown to patients after they answer a questionnaire
// and on a closed link's page. It is configurable: `onset serve` reads ONSET_CRISIS_TEXT
// to the clinic's own text (paragraphs separated by "|"), e.g. the local
// emergency number and crisis line of the clinic's country. The US 988
// line is an example for US clinics.
var defaultCrisisText = []string{
	"If you are in danger now or might act on thoughts of harming yourself, call your local emergency number (911 in the US, 112 in Europe, 999 in the UK) or go to the nearest emergency department.",
	"In the US you can call or text 988, the Suicide & Crisis Lifeline, at any time of day or night.",
	"You can also call your clinic and ask to speak with your care team.",
}

// crisisText is the clinic's configured text (Options.CrisisText), else the default.
func (s *Server) crisisText() []string {
	if len(s.opts.CrisisText) > 0 {
		return s.opts.CrisisText
	}
	return defaultCrisisText
}

// SplitCrisisText reads the ONSET_CRISIS_TEXT form: paragraphs separated by "|".
func SplitCrisisText(v string) []string {
	var out []string
	for _, p := range strings.Split(v, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// linkCreate issues a questionnaire link and shows its address once.
func (s *Server) linkCreate(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	issued, err := s.svc.CreateLink(r.Context(), p.Actor, measurement.NewLink{PatientID: id,
		Instrument: r.PostForm.Get("instrument"), Reason: r.PostForm.Get("reason")})
	if err != nil {
		return err
	}
	rec, err := s.svc.Patient(r.Context(), p.Actor, id)
	if err != nil {
		return err
	}
	scheme := "http"
	if r.TLS != nil || s.opts.SecureCookies {
		scheme = "https"
	}
	in, _ := scales.Lookup(issued.Link.Instrument)
	s.render(w, r, http.StatusOK, "link_created", page{Title: "Questionnaire link", Principal: p, Data: map[string]any{
		"Patient": rec.Patient, "Link": issued.Link, "Name": in.Name, "Queued": issued.Queued,
		"URL": scheme + "://" + r.Host + "/q/" + issued.Token}})
	return nil
}

// linkHeaders keep a link's token out of caches and other sites' logs.
func linkHeaders(w http.ResponseWriter) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("X-Robots-Tag", "noindex")
}

// linkClosed answers an unusable link with a clear page that says nothing
// about the patient.
func (s *Server) linkClosed(w http.ResponseWriter, r *http.Request, err error) error {
	code := clinic.ErrorCode(err)
	if code == clinic.Internal {
		return err
	}
	heading := "This link cannot be used"
	if code == clinic.NotFound {
		heading = "This link is not valid"
	}
	s.render(w, r, statusOf(code), "link_closed", page{Title: heading, Data: map[string]any{
		"Heading": heading, "Message": clinic.ErrorMessage(err), "Crisis": s.crisisText()}})
	return nil
}

func (s *Server) renderQuestionnaire(w http.ResponseWriter, r *http.Request, status int, token string, chosen map[int]int, msg string) error {
	lf, err := s.svc.OpenLink(r.Context(), token, clientAddress(r), requestID(r))
	if err != nil {
		return s.linkClosed(w, r, err)
	}
	s.render(w, r, status, "questionnaire", page{Title: lf.Instrument.Name, Error: msg, Data: map[string]any{
		"FirstName": lf.FirstName, "Form": newForm(lf.Instrument, chosen), "Token": token,
		"ExpiresAt": lf.ExpiresAt.Format("2 Jan 2006 15:04")}})
	return nil
}

// questionnairePage is GET /q/{token}: the questionnaire alone, no account needed.
func (s *Server) questionnairePage(w http.ResponseWriter, r *http.Request, _ *accounts.Principal) error {
	linkHeaders(w)
	return s.renderQuestionnaire(w, r, http.StatusOK, r.PathValue("token"), nil, "")
}

// questionnaireSubmit is POST /q/{token}: records the answers once.
func (s *Server) questionnaireSubmit(w http.ResponseWriter, r *http.Request, _ *accounts.Principal) error {
	linkHeaders(w)
	token := r.PathValue("token")
	lf, err := s.svc.OpenLink(r.Context(), token, clientAddress(r), requestID(r))
	if err != nil {
		return s.linkClosed(w, r, err)
	}
	answers, chosen, err := formAnswers(lf.Instrument, r.PostForm)
	var rec measurement.Recorded
	if err == nil {
		rec, err = s.svc.SubmitLink(r.Context(), token, answers, clientAddress(r), requestID(r))
	}
	switch {
	case err == nil:
	case clinic.ErrorCode(err) == clinic.Invalid:
		return s.renderQuestionnaire(w, r, http.StatusBadRequest, token, chosen, clinic.ErrorMessage(err))
	default:
		return s.linkClosed(w, r, err)
	}
	s.render(w, r, http.StatusOK, "questionnaire_done", page{Title: "Thank you", Data: map[string]any{
		"Alert": len(rec.Alerts) > 0, "Crisis": s.crisisText()}})
	return nil
}
