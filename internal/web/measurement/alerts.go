package measurement

import (
	"net/http"
	"strconv"

	"onset/internal/service/accounts"
	"onset/internal/web/page"
)

// alertAcknowledge is POST /alerts/{id}/acknowledge with a required note.
func (s *Pages) alertAcknowledge(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	al, err := s.Svc.AcknowledgeAlert(r.Context(), p.Actor, id, r.PostForm.Get("note"))
	if err != nil {
		return err
	}
	back := "/patients/" + strconv.FormatInt(al.PatientID, 10)
	if r.PostForm.Get("back") == "home" {
		back = "/"
	}
	s.RedirectDone(w, r, p, back, "Safety alert acknowledged.")
	return nil
}
