package web

import (
	"net/http"
	"strconv"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/service/accounts"
)

// A patient's therapists on their record; administrators put the patient
// on a therapist's caseload or take them off (patients.AssignTherapist).

func (s *Server) caseloadData(r *http.Request, p *accounts.Principal, patientID int64, data map[string]any) error {
	ts, err := s.svc.PatientTherapists(r.Context(), p.Actor, patientID)
	if err != nil {
		return err
	}
	data["Therapists"] = ts
	if !service.Allowed(p.Role, service.ActCaseloadManage) {
		return nil
	}
	users, err := s.svc.Users(r.Context(), p.Actor)
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
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	uid, err := optionalID(r.PostForm.Get("therapist"), "therapist")
	if err != nil {
		return err
	}
	back := "/patients/" + strconv.FormatInt(id, 10) + "#therapists"
	if err := s.svc.AssignTherapist(r.Context(), p.Actor, id, uid); err != nil {
		return s.redirectRefused(w, r, p, back, err)
	}
	s.redirectDone(w, r, p, back, "Added to the therapist's caseload.")
	return nil
}

func (s *Server) caseloadEnd(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	uid, err := pathID(r, "uid")
	if err != nil {
		return err
	}
	back := "/patients/" + strconv.FormatInt(id, 10) + "#therapists"
	if err := s.svc.EndTherapist(r.Context(), p.Actor, id, uid); err != nil {
		return s.redirectRefused(w, r, p, back, err)
	}
	s.redirectDone(w, r, p, back, "Taken off the therapist's caseload.")
	return nil
}
