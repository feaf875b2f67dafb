package measurement

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/scales"
	"onset/internal/service/accounts"
	"onset/internal/service/measurement"
	"onset/internal/web/page"
)

// formOption and formItem are a questionnaire item as the form shows it.
type formOption struct {
	Value   int
	Text    string
	Checked bool
}

type formItem struct {
	Number   int
	Text     string
	Optional bool // may be skipped under the instrument's rules
	Options  []formOption
}

type questionnaireForm struct {
	ID, Name, Recall string
	Items            []formItem
}

// newForm lays out an instrument's items with the answers already chosen.
func newForm(in scales.Instrument, chosen map[int]int) questionnaireForm {
	f := questionnaireForm{ID: in.ID, Name: in.Name, Recall: in.Recall}
	for _, it := range in.Items {
		fi := formItem{Number: it.Number, Text: it.Text, Optional: it.Alternative != 0 || it.AskedIf != 0}
		if it.Recall != "" {
			fi.Text = it.Recall + ": " + fi.Text
		}
		v, has := chosen[it.Number]
		for _, o := range it.Options {
			fi.Options = append(fi.Options, formOption{Value: o.Value, Text: o.Text, Checked: has && v == o.Value})
		}
		f.Items = append(f.Items, fi)
	}
	return f
}

// formAnswers reads item1..itemN; a blank item is skipped (scales decides
// whether that is allowed). chosen holds the answers to show again.
func formAnswers(in scales.Instrument, form url.Values) ([]int, map[int]int, error) {
	answers := make([]int, len(in.Items))
	chosen := map[int]int{}
	for i, it := range in.Items {
		v := strings.TrimSpace(form.Get("item" + strconv.Itoa(it.Number)))
		if v == "" {
			answers[i] = scales.Skipped
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, chosen, clinic.Errorf(clinic.Invalid, "Question %d: choose one of the answers.", it.Number)
		}
		answers[i], chosen[it.Number] = n, n
	}
	return answers, chosen, nil
}

// patientInstruments are the questionnaires offered on forms, in order.
func formInstruments(patientOnly bool) []scales.Instrument {
	var out []scales.Instrument
	for _, in := range scales.All() {
		if !patientOnly || in.Respondent == scales.Patient {
			out = append(out, in)
		}
	}
	return out
}

func (s *Pages) renderAssessmentForm(w http.ResponseWriter, r *http.Request, p *accounts.Principal, status int,
	patientID int64, in scales.Instrument, chosen map[int]int, takenAt, msg string) error {
	rec, err := s.Svc.Patient(r.Context(), p.Actor, patientID)
	if err != nil {
		return err
	}
	staff := p.Role != clinic.RolePatient
	s.Render(w, r, status, "assessment_form", page.Page{Title: in.Name + " · " + rec.Patient.Name(), Principal: p, Error: msg,
		Data: map[string]any{"Patient": rec.Patient, "Form": newForm(in, chosen), "Instruments": formInstruments(!staff),
			"Staff": staff, "TakenAt": takenAt}})
	return nil
}

// assessmentForm is the tablet-friendly form: each item's wording with its
// answers as large radio buttons.
func (s *Pages) assessmentForm(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	name := r.URL.Query().Get("instrument")
	if name == "" {
		name = scales.PHQ9
	}
	in, ok := scales.Lookup(name)
	if !ok || (p.Role == clinic.RolePatient && in.Respondent != scales.Patient) { // a courtesy: RecordAssessment decides
		return clinic.Errorf(clinic.NotFound, "There is no such questionnaire.")
	}
	// After a refused submission, the form comes back with the answers chosen.
	pd := s.TakePending(r, p)
	var chosen map[int]int
	if pd.Form != nil && pd.Form.Get("instrument") == in.ID {
		_, chosen, _ = formAnswers(in, pd.Form)
	}
	return s.renderAssessmentForm(w, r, p, http.StatusOK, id, in, chosen, pd.Form.Get("taken_at"), pd.Error)
}

// assessmentCreate records a form submission (staff, or a patient in the portal).
func (s *Pages) assessmentCreate(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	in, ok := scales.Lookup(r.PostForm.Get("instrument"))
	if !ok {
		return clinic.Errorf(clinic.Invalid, "Choose a questionnaire.")
	}
	answers, _, err := formAnswers(in, r.PostForm)
	takenText := strings.TrimSpace(r.PostForm.Get("taken_at"))
	var takenAt time.Time
	if err == nil && takenText != "" { // patients have no such field; the service refuses one that is sent
		takenAt, err = clinic.TakenAt.ParseIn("2006-01-02T15:04", takenText, s.Zone(r.Context(), p.ClinicID), s.Now())
	}
	var rec measurement.Recorded
	if err == nil {
		rec, err = s.Svc.RecordAssessment(r.Context(), p.Actor, measurement.NewAssessment{PatientID: id, Instrument: in.ID,
			Answers: answers, TakenAt: takenAt, Source: measurement.SourceStaff})
	}
	if clinic.ErrorCode(err) == clinic.Invalid {
		return s.RedirectRefused(w, r, p, "/patients/"+strconv.FormatInt(id, 10)+"/assessments/new?instrument="+url.QueryEscape(in.ID), err)
	}
	if err != nil {
		return err
	}
	if p.Role != clinic.RolePatient {
		msg := fmt.Sprintf("%s saved: %d", in.Name, rec.Result.Total)
		if rec.Result.Severity != "" {
			msg += " (" + rec.Result.Severity + ")"
		}
		msg += "."
		if len(rec.Alerts) > 0 {
			msg += " A safety alert was raised."
		}
		s.RedirectDone(w, r, p, "/patients/"+strconv.FormatInt(id, 10), msg)
		return nil
	}
	s.Render(w, r, http.StatusOK, "questionnaire_done", page.Page{Title: "Thank you", Principal: p, Data: map[string]any{
		"Alert": len(rec.Alerts) > 0, "Crisis": s.CrisisText(r, p.ClinicID), "Next": "/patients/" + strconv.FormatInt(id, 10)}})
	return nil
}

type apiAssessment struct {
	ID         int64     `json:"id"`
	PatientID  int64     `json:"patient_id"`
	Instrument string    `json:"instrument"`
	TakenAt    time.Time `json:"taken_at"`
	Total      int       `json:"total"`
	Answers    []*int    `json:"answers"` // null for a skipped item
	Source     string    `json:"source"`
}

// apiAssessmentCreate is POST /api/v1/patients/{id}/assessments with
// {"instrument":"phq9","answers":[...],"taken_at":"RFC 3339, optional"}
// and an optional Idempotency-Key header.
func (s *Pages) apiAssessmentCreate(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Instrument string `json:"instrument"`
		Answers    []*int `json:"answers"`
		TakenAt    string `json:"taken_at"`
	}
	if err := page.DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.Answers == nil {
		return clinic.Errorf(clinic.Invalid, "answers is required: one number per item, null for a skipped item.")
	}
	answers := make([]int, len(in.Answers))
	for i, a := range in.Answers {
		answers[i] = scales.Skipped
		if a != nil {
			if *a < 0 {
				return clinic.Errorf(clinic.Invalid, "Item %d: answers are 0 or more (null for a skipped item).", i+1)
			}
			answers[i] = *a
		}
	}
	var takenAt time.Time
	if in.TakenAt != "" { // given, so never the zero time: the window refuses 0001-01-01
		if takenAt, err = clinic.TakenAt.ParseIn(time.RFC3339, in.TakenAt, time.UTC, s.Now()); err != nil {
			return clinic.Errorf(clinic.Invalid, "taken_at: %s", clinic.ErrorMessage(err))
		}
	}
	rec, err := s.Svc.RecordAssessment(r.Context(), p.Actor, measurement.NewAssessment{PatientID: id, Instrument: in.Instrument,
		Answers: answers, TakenAt: takenAt, Source: measurement.SourceAPI, IdempotencyKey: r.Header.Get("Idempotency-Key")})
	if err != nil {
		return err
	}
	a := rec.Assessment
	out := apiAssessment{ID: a.ID, PatientID: a.PatientID, Instrument: a.Instrument, TakenAt: a.TakenAt, Total: a.Total,
		Source: a.Source, Answers: make([]*int, len(a.Answers))}
	for i, v := range a.Answers {
		if v != scales.Skipped {
			out.Answers[i] = &v
		}
	}
	type alert struct {
		ID     int64  `json:"id"`
		Kind   string `json:"kind"`
		Detail string `json:"detail"`
	}
	alerts := []alert{}
	for _, al := range rec.Alerts {
		alerts = append(alerts, alert{al.ID, al.Kind, al.Detail})
	}
	status := http.StatusCreated
	if rec.Replayed {
		status = http.StatusOK
		w.Header().Set("Idempotent-Replayed", "true")
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/patients/%d", id))
	return page.WriteJSON(w, status, map[string]any{"assessment": out, "severity": rec.Result.Severity,
		"flags": rec.Result.Flags, "alerts": alerts, "replayed": rec.Replayed})
}
