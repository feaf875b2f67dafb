package measurement

import (
	"net/http"

	"onset/internal/clinic"
	"onset/internal/scales"
	"onset/internal/service/accounts"
	"onset/internal/service/measurement"
	"onset/internal/web/page"
)

// linkCreate issues a questionnaire link and shows its address once.
func (s *Pages) linkCreate(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	issued, err := s.Svc.CreateLink(r.Context(), p.Actor, measurement.NewLink{PatientID: id,
		Instrument: r.PostForm.Get("instrument"), Reason: r.PostForm.Get("reason")})
	if err != nil {
		return err
	}
	rec, err := s.Svc.Patient(r.Context(), p.Actor, id)
	if err != nil {
		return err
	}
	scheme := "http"
	if r.TLS != nil || s.SecureCookies {
		scheme = "https"
	}
	in, _ := scales.Lookup(issued.Link.Instrument)
	s.Render(w, r, http.StatusOK, "link_created", page.Page{Title: "Questionnaire link", Principal: p, Data: map[string]any{
		"Patient": rec.Patient, "Link": issued.Link, "Name": in.Name, "Queued": issued.Queued,
		"URL": scheme + "://" + r.Host + "/q/" + issued.Token}})
	return nil
}

// linkClosed answers an unusable link with a clear page that says nothing
// about the patient.
func (s *Pages) linkClosed(w http.ResponseWriter, r *http.Request, err error) error {
	code := clinic.ErrorCode(err)
	if code == clinic.Internal {
		return err
	}
	heading := "This link cannot be used"
	if code == clinic.NotFound {
		heading = "This link is not valid"
	}
	s.Render(w, r, page.StatusOf(code), "link_closed", page.Page{Title: heading, Data: map[string]any{
		"Heading": heading, "Message": clinic.ErrorMessage(err), "Crisis": s.CrisisText(r, 0)}})
	return nil
}

func (s *Pages) renderQuestionnaire(w http.ResponseWriter, r *http.Request, status int, token string, chosen map[int]int, msg string) error {
	lf, err := s.Svc.OpenLink(r.Context(), token, page.ClientAddress(r), page.RequestID(r))
	if err != nil {
		return s.linkClosed(w, r, err)
	}
	zone := s.Zone(r.Context(), lf.ClinicID)
	s.Render(w, r, status, "questionnaire", page.Page{Title: lf.Instrument.Name, Error: msg, Zone: zone, Data: map[string]any{
		"FirstName": lf.FirstName, "Form": newForm(lf.Instrument, chosen), "Token": token, "ClinicName": lf.ClinicName,
		"ExpiresAt": lf.ExpiresAt.In(zone).Format("2 Jan 2006 15:04 MST")}})
	return nil
}

// questionnairePage is GET /q/{token}: the questionnaire alone, no account needed.
func (s *Pages) questionnairePage(w http.ResponseWriter, r *http.Request, _ *accounts.Principal) error {
	page.LinkHeaders(w)
	return s.renderQuestionnaire(w, r, http.StatusOK, r.PathValue("token"), nil, "")
}

// questionnaireSubmit is POST /q/{token}: records the answers once.
func (s *Pages) questionnaireSubmit(w http.ResponseWriter, r *http.Request, _ *accounts.Principal) error {
	page.LinkHeaders(w)
	token := r.PathValue("token")
	lf, err := s.Svc.OpenLink(r.Context(), token, page.ClientAddress(r), page.RequestID(r))
	if err != nil {
		return s.linkClosed(w, r, err)
	}
	answers, chosen, err := formAnswers(lf.Instrument, r.PostForm)
	var rec measurement.Recorded
	if err == nil {
		rec, err = s.Svc.SubmitLink(r.Context(), token, answers, page.ClientAddress(r), page.RequestID(r))
	}
	switch {
	case err == nil:
	case clinic.ErrorCode(err) == clinic.Invalid:
		return s.renderQuestionnaire(w, r, http.StatusBadRequest, token, chosen, clinic.ErrorMessage(err))
	default:
		return s.linkClosed(w, r, err)
	}
	s.Render(w, r, http.StatusOK, "questionnaire_done", page.Page{Title: "Thank you", Data: map[string]any{
		"Alert": len(rec.Alerts) > 0, "Crisis": s.CrisisText(r, rec.Assessment.ClinicID)}})
	return nil
}
