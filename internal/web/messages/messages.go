package messages

import (
	"net/http"
	"strconv"
	"strings"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/service/messaging"
	"onset/internal/web/page"
)

// Secure messages between a patient and their care team (service/messaging):
// the clinic's conversations, a patient's, one conversation with its
// answer, assignment and read state. The patient writes from the portal
// (portal.html's Messages) or their messages page; what they send with
// self-harm wording brings them to the conversation with the crisis text
// on top.

// messageFilters are the clinic list's views, as staff say them.
var messageFilters = []struct{ Value, Label string }{
	{messaging.ShowAll, "All"},
	{messaging.ShowMine, "Mine"},
	{messaging.ShowUnassigned, "Unassigned"},
}

// crisisWarning is what a patient reads first after sending self-harm wording.
const crisisWarning = "Your message was sent, and your care team has been alerted. You wrote about ending your life or hurting yourself: " +
	"if you might act on these thoughts, or feel unsafe now, do not wait for an answer — call one of the numbers below."

func threadURL(id int64) string { return "/messages/" + strconv.FormatInt(id, 10) }

func patientMessagesURL(id int64) string {
	return "/patients/" + strconv.FormatInt(id, 10) + "/messages"
}

// messagesPage is the clinic's conversations for staff, unread first,
// ?show=mine or unassigned; a patient is sent to their own.
func (s *Pages) messagesPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	if p.Role == clinic.RolePatient {
		http.Redirect(w, r, patientMessagesURL(p.PatientID), http.StatusSeeOther)
		return nil
	}
	show := r.URL.Query().Get("show")
	ts, err := s.Svc.ClinicThreads(r.Context(), p.Actor, show)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "messages", page.Page{Title: "Messages", Principal: p,
		Data: map[string]any{"Threads": ts, "Show": show, "Filters": messageFilters}})
	return nil
}

// patientMessagesPage is a patient's conversations and the form to start
// one: staff writing to the patient, or the patient to their care team.
func (s *Pages) patientMessagesPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	pd := s.TakePending(r, p)
	in, err := s.Svc.PatientThreads(r.Context(), p.Actor, id)
	if err != nil {
		return err
	}
	data := map[string]any{"Patient": in.Patient, "Threads": in.Threads, "Form": page.Refill(pd, "messages"),
		"Staff": p.Role != clinic.RolePatient, "CanSend": service.Allowed(p.Role, service.ActMessageSend), "Max": messaging.MaxBody}
	if p.Role == clinic.RolePatient {
		data["Crisis"] = s.CrisisText(r, p.ClinicID)
	}
	s.Render(w, r, http.StatusOK, "patient_messages", page.Page{Title: "Messages · " + in.Patient.Name(), Principal: p,
		Flash: pd.Notice, Warning: pd.Warning, Error: pd.Error, Data: data})
	return nil
}

// threadStart is POST /patients/{id}/messages: a new conversation. A
// refused one goes back to the form it came from, refilled.
func (s *Pages) threadStart(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	id, err := page.PathID(r, "id")
	if err != nil {
		return err
	}
	posted, err := s.Svc.StartThread(r.Context(), p.Actor, messaging.NewThread{PatientID: id,
		Subject: r.PostForm.Get("subject"), Body: r.PostForm.Get("body")})
	if err != nil {
		back := patientMessagesURL(id) + "#write"
		if r.PostForm.Get("back") == "portal" {
			back = "/patients/" + strconv.FormatInt(id, 10) + "#write"
		}
		return s.RedirectRefused(w, r, p, back, err)
	}
	s.sent(w, r, p, posted)
	return nil
}

// threadReply is POST /messages/{tid}/reply.
func (s *Pages) threadReply(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	tid, err := page.PathID(r, "tid")
	if err != nil {
		return err
	}
	posted, err := s.Svc.PostMessage(r.Context(), p.Actor, tid, r.PostForm.Get("body"))
	if err != nil {
		return s.RedirectRefused(w, r, p, threadURL(tid)+"#reply", err)
	}
	s.sent(w, r, p, posted)
	return nil
}

// sent shows the conversation after a message went: with the crisis text
// first when the patient's words raised a safety alert.
func (s *Pages) sent(w http.ResponseWriter, r *http.Request, p *accounts.Principal, posted messaging.Posted) {
	target := threadURL(posted.Thread.ID)
	switch {
	case posted.Alert != nil:
		s.RedirectWarn(w, r, p, target, crisisWarning) // the page opens on the warning, then the crisis text
	case p.Role == clinic.RolePatient:
		s.RedirectDone(w, r, p, target, "Message sent. Your care team will answer here; you will be told when they do.")
	case posted.Notices > 0:
		s.RedirectDone(w, r, p, target, "Message sent. The patient is told that a message waits in the portal (never what it says).")
	default:
		s.RedirectDone(w, r, p, target, "Message sent. It waits in the patient's portal.")
	}
}

// threadPage is one conversation: its messages, the answer form, and for
// staff who may, its assignment and read state.
func (s *Pages) threadPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	tid, err := page.PathID(r, "tid")
	if err != nil {
		return err
	}
	pd := s.TakePending(r, p)
	pg, err := s.Svc.OpenThread(r.Context(), p.Actor, tid)
	if err != nil {
		return err
	}
	unread := 0
	for _, m := range pg.Messages {
		if m.Sender == record.SenderPatient && m.ReadAt.IsZero() {
			unread++
		}
	}
	data := map[string]any{"View": pg, "Form": page.Refill(pd, "reply"), "Staff": p.Role != clinic.RolePatient,
		"CanSend": service.Allowed(p.Role, service.ActMessageSend), "Max": messaging.MaxBody,
		"CanAssign": p.Role != clinic.RolePatient && service.Allowed(p.Role, service.ActMessageAssign), "Unread": unread}
	if p.Role == clinic.RolePatient {
		data["Crisis"] = s.CrisisText(r, p.ClinicID)
	}
	title := pg.Thread.Subject
	if title == "" {
		title = "Conversation"
	}
	s.Render(w, r, http.StatusOK, "message_thread", page.Page{Title: title, Principal: p,
		Flash: pd.Notice, Warning: pd.Warning, Error: pd.Error, Data: data})
	return nil
}

// threadAssign is POST /messages/{tid}/assign with user (blank: nobody).
func (s *Pages) threadAssign(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	tid, err := page.PathID(r, "tid")
	if err != nil {
		return err
	}
	var userID int64
	if v := strings.TrimSpace(r.PostForm.Get("user")); v != "" {
		n, err := clinic.ParseInt("the member of staff", v)
		if err != nil {
			return s.RedirectRefused(w, r, p, threadURL(tid), err)
		}
		userID = int64(n)
	}
	name, err := s.Svc.AssignThread(r.Context(), p.Actor, tid, userID)
	if err != nil {
		return s.RedirectRefused(w, r, p, threadURL(tid), err)
	}
	done := "Assigned to " + name + "."
	if userID == 0 {
		done = "Assigned to nobody: the conversation is in Unassigned."
	}
	s.RedirectDone(w, r, p, threadURL(tid), done)
	return nil
}

// threadMarkRead is POST /messages/{tid}/read.
func (s *Pages) threadMarkRead(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	tid, err := page.PathID(r, "tid")
	if err != nil {
		return err
	}
	if err := s.Svc.MarkThreadRead(r.Context(), p.Actor, tid); err != nil {
		return s.RedirectRefused(w, r, p, threadURL(tid), err)
	}
	s.RedirectDone(w, r, p, threadURL(tid), "Marked read.")
	return nil
}
