package web

import (
	"net/http"
	"onset/internal/web/page"
	"slices"

	"onset/internal/delivery"
	"onset/internal/service/accounts"
)

// Mailbox is what the demo clinic's messages reached: its in-process SMTP
// server and SMS sink (onset demo only; a clinic's messages leave).
type Mailbox struct {
	Email *delivery.Sink
	SMS   *delivery.SMSSink
}

// outboxPage lists the clinic's messages to patients: what went, what
// waits and why, what failed; in the demo, what arrived.
func (s *Server) outboxPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	ms, err := s.Svc.Outbox(r.Context(), p.Actor, 200)
	if err != nil {
		return err
	}
	data := map[string]any{"Messages": ms}
	if mb := s.opts.Mailbox; mb != nil {
		emails := mb.Email.Messages()
		slices.Reverse(emails)
		texts := mb.SMS.Texts()
		slices.Reverse(texts)
		data["Emails"], data["Texts"] = emails, texts
	}
	s.Render(w, r, http.StatusOK, "outbox", page.Page{Title: "Outbox", Principal: p, Data: data})
	return nil
}

// outboxSendNow makes a waiting message due at once.
func (s *Server) outboxSendNow(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Svc.SendNow(r.Context(), p.Actor, id); err != nil {
		return err
	}
	s.RedirectDone(w, r, p, "/outbox", "The message goes out with the next delivery run (within a minute).")
	return nil
}
