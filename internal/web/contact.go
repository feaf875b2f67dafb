package web

import (
	"net/http"
	"onset/internal/clinic"
	"onset/internal/web/page"
	"strconv"

	"onset/internal/record"
	"onset/internal/service/accounts"
)

// contactChoices are the patient page's choices of how a patient is reached.
var contactChoices = []struct{ Value, Label string }{
	{record.ContactAuto, "automatically (email if they gave one, else text)"},
	{record.ContactEmail, "email only"},
	{record.ContactSMS, "text messages only"},
	{record.ContactBoth, "email and text"},
	{record.ContactNone, "no messages"},
}

// contactSet records how the patient wants to be reached.
func (s *Server) contactSet(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Svc.SetContactPreference(r.Context(), p.Actor, id, r.PostForm.Get("preference")); err != nil {
		return err
	}
	if p.Role == clinic.RolePatient {
		s.RedirectDone(w, r, p, "/patients/"+strconv.FormatInt(id, 10)+"#reach", "Saved: this is how we will reach you.")
		return nil
	}
	s.RedirectDone(w, r, p, "/patients/"+strconv.FormatInt(id, 10)+"#messages", "How the patient is reached is recorded.")
	return nil
}
