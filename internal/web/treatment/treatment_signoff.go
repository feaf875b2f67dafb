package treatment

import (
	"net/http"

	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/service/signoff"
	"onset/internal/web/page"
)

// Session sign-off, addenda and Spravato REMS enrolment. A signed session
// page shows the record, the signature and the addenda, with every form
// for changing the record gone; it prints cleanly (onset.css, @media print).

func (s *Pages) treatmentSign(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	return s.sessionWrite(w, r, p, "Session signed. The record is locked; add anything later as an addendum.", func(id int64, fr *page.FormReader) error {
		_, err := s.Svc.SignSession(r.Context(), p.Actor, id)
		return err
	})
}

func (s *Pages) treatmentAddendum(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	return s.sessionWrite(w, r, p, "Addendum added.", func(id int64, fr *page.FormReader) error {
		_, err := s.Svc.AddAddendum(r.Context(), p.Actor, id, fr.F.Get("addendum"))
		return err
	})
}

func (s *Pages) remsEnrol(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	fr := page.FormOf(r)
	_, err = s.Svc.RecordREMSEnrolment(r.Context(), p.Actor, id, signoff.REMSEnrolmentInput{Enrolled: fr.F.Get("rems_enrolled"),
		EnrolledOn: fr.F.Get("rems_enrolled_on"), REMSPatientID: fr.F.Get("rems_patient_id")})
	if err != nil {
		return s.RedirectRefused(w, r, p, patientTreatmentURL(id), err)
	}
	s.RedirectDone(w, r, p, patientTreatmentURL(id)+"#rems-enrolment", "REMS enrolment recorded.")
	return nil
}

// lock sets what the page offers for sign-off and addenda and, once the
// session is signed, takes away every form that would change the record.
func (v *treatmentView) lock(p *accounts.Principal) {
	ts := v.Record.Session
	closed := ts.Status == record.SessionDischarged || ts.Status == record.SessionCancelled
	v.Locked = ts.Signed()
	v.CanSign = service.Allowed(p.Role, service.ActSessionSign) && ts.Status == record.SessionDischarged && !v.Locked
	v.CanAddendum = service.Allowed(p.Role, service.ActSessionAddendum) && closed
	if v.Locked {
		v.CanHold, v.CanDose, v.CanChart, v.CanDischarge, v.CanSignREMS, v.Open = false, false, false, false, false, false
	}
}
