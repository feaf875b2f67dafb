package web

import (
	"net/http"
	"onset/internal/service/accounts"
	"strconv"
)

// alertAcknowledge is POST /alerts/{id}/acknowledge with a required note.
func (s *Server) alertAcknowledge(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	al, err := s.svc.AcknowledgeAlert(r.Context(), p.Actor, id, r.PostForm.Get("note"))
	if err != nil {
		return err
	}
	back := "/patients/" + strconv.FormatInt(al.PatientID, 10)
	if r.PostForm.Get("back") == "home" {
		back = "/"
	}
	s.redirectDone(w, r, p, back, "Safety alert acknowledged.")
	return nil
}
