package web

import (
	"net/http"
	"net/url"
	"strconv"

	"onset/internal/service"
)

// alertAcknowledge is POST /alerts/{id}/acknowledge with a required note.
func (s *Server) alertAcknowledge(w http.ResponseWriter, r *http.Request, p *service.Principal) error {
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
	http.Redirect(w, r, back+"?done="+url.QueryEscape("Safety alert acknowledged."), http.StatusSeeOther)
	return nil
}
