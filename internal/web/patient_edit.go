package web

import (
	"net/http"
	"net/url"
	"onset/internal/web/page"
	"strconv"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service/accounts"
)

// Staff keep a patient's details right: the edit form, filled with the
// record or with what was typed when a change was refused, and the list
// of earlier edits (who, when, which fields).

func patientForm(p clinic.Patient) url.Values {
	f := url.Values{"mrn": {p.MRN}, "given_name": {p.GivenName}, "family_name": {p.FamilyName}, "sex": {p.Sex},
		"gender": {p.Gender}, "birth_date": {p.BirthDate.Format(time.DateOnly)}, "email": {p.Email}, "phone": {p.Phone},
		"emergency_name": {p.EmergencyName}, "emergency_phone": {p.EmergencyPhone}, "allergies": {p.Allergies}}
	for _, c := range p.Conditions {
		f.Add("condition", string(c))
	}
	return f
}

func newPatientOf(f url.Values) record.NewPatient {
	return record.NewPatient{MRN: f.Get("mrn"), GivenName: f.Get("given_name"), FamilyName: f.Get("family_name"),
		Sex: f.Get("sex"), Gender: f.Get("gender"), BirthDate: f.Get("birth_date"), Email: f.Get("email"), Phone: f.Get("phone"),
		EmergencyName: f.Get("emergency_name"), EmergencyPhone: f.Get("emergency_phone"), Allergies: f.Get("allergies"),
		Conditions: f["condition"]}
}

func (s *Server) patientEditPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderPatientEdit(w, r, p, id, http.StatusOK, nil, "")
}

// renderPatientEdit shows the form: form nil fills it from the record.
func (s *Server) renderPatientEdit(w http.ResponseWriter, r *http.Request, p *accounts.Principal, id int64, status int,
	form url.Values, problem string) error {
	rec, err := s.Svc.Patient(r.Context(), p.Actor, id)
	if err != nil {
		return err
	}
	versions, err := s.Svc.PatientVersions(r.Context(), p.Actor, id)
	if err != nil {
		return err
	}
	if form == nil {
		form = patientForm(rec.Patient)
	}
	s.Render(w, r, status, "patient_edit", page.Page{Title: "Edit · " + rec.Patient.Name(), Principal: p, Error: problem,
		Data: map[string]any{"Patient": rec.Patient, "Form": form, "Chosen": chosenConditions(form), "Conditions": allConditions,
			"Sexes": []string{"female", "male", "other", "unknown"}, "Versions": versions}})
	return nil
}

func (s *Server) patientEdit(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.Svc.UpdatePatient(r.Context(), p.Actor, id, newPatientOf(r.PostForm)); err != nil {
		if status, ok := page.UserError(err); ok {
			return s.renderPatientEdit(w, r, p, id, status, r.PostForm, clinic.ErrorMessage(err))
		}
		return err
	}
	s.RedirectDone(w, r, p, "/patients/"+strconv.FormatInt(id, 10), "Details saved.")
	return nil
}
