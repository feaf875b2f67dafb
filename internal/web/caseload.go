package web

import (
	"net/http"
	"onset/internal/web/page"
	"strconv"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/service/accounts"
)

// A patient's therapists on their record; administrators put the patient
// on a therapist's caseload or take them off (patients.AssignTherapist).

func (s *Server) caseloadData(r *http.Request, p *accounts.Principal, patientID int64, data map[string]any) error {
	ts, err := s.Svc.PatientTherapists(r.Context(), p.Actor, patientID)
	if err != nil {
		return err
	}
	data["Therapists"] = ts
	if !service.Allowed(p.Role, service.ActCaseloadManage) {
		return nil
	}
	users, err := s.Svc.Users(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	var choices []clinic.User
	for _, u := range users {
		if u.Role == clinic.RoleTherapist && !u.Disabled {
			choices = append(choices, u)
		}
	}
	data["TherapistChoices"], data["CanCaseload"] = choices, true
	return nil
}

func (s *Server) caseloadAssign(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	uid, err := page.OptionalID(r.PostForm.Get("therapist"), "therapist")
	if err != nil {
		return err
	}
	back := "/patients/" + strconv.FormatInt(id, 10) + "#therapists"
	if err := s.Svc.AssignTherapist(r.Context(), p.Actor, id, uid); err != nil {
		return s.RedirectRefused(w, r, p, back, err)
	}
	s.RedirectDone(w, r, p, back, "Added to the therapist's caseload.")
	return nil
}

func (s *Server) caseloadEnd(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	uid, err := page.PathID(r, "uid")
	if err != nil {
		return err
	}
	back := "/patients/" + strconv.FormatInt(id, 10) + "#therapists"
	if err := s.Svc.EndTherapist(r.Context(), p.Actor, id, uid); err != nil {
		return s.RedirectRefused(w, r, p, back, err)
	}
	s.RedirectDone(w, r, p, back, "Taken off the therapist's caseload.")
	return nil
}
