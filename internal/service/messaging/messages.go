package messaging

import (
	"context"
	"fmt"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/scales"
	"onset/internal/service"
)

// MaxBody is the most characters a message may hold: a long letter, not
// a document.
const MaxBody = 4000

// What a message and a subject may be: text a person typed, valid UTF-8,
// no control characters (clinic.Text).
var (
	bodyText    = clinic.Text{Name: "the message", Max: MaxBody, Lines: true, Required: true}
	subjectText = clinic.Text{Name: "the subject", Max: 200}
)

// errNoThread is a thread that is not there, or not the asking patient's:
// another patient's conversation is not even said to exist.
var errNoThread = clinic.Errorf(clinic.NotFound, "There is no such conversation.")

// NewThread is a new conversation with its first message.
type NewThread struct {
	PatientID int64
	Subject   string // optional
	Body      string
}

// Posted is a message just stored.
type Posted struct {
	Thread  record.Thread
	Message record.Message
	// Alert is the safety alert the message's wording raised; nil when none.
	Alert *record.SafetyAlert
	// Notices is how many notices were queued to tell the patient a
	// message waits (staff messages only; 0 when one already waits).
	Notices int
}

// StartThread opens a conversation about a patient with its first
// message: a patient writes to their care team from the portal, or staff
// write to a patient.
func (s *Service) StartThread(ctx context.Context, a service.Actor, n NewThread) (Posted, error) {
	if err := service.AuthorizePatient(a, service.ActMessageSend, n.PatientID); err != nil {
		return Posted{}, err
	}
	subject, err := subjectText.Clean(n.Subject)
	if err != nil {
		return Posted{}, err
	}
	body, err := bodyText.Clean(n.Body)
	if err != nil {
		return Posted{}, err
	}
	now := s.Now()
	var out Posted
	err = s.store.WithTx(ctx, func(tx Tx) error {
		p, err := tx.Patient(ctx, a.ClinicID, n.PatientID)
		if err != nil {
			return err
		}
		t := record.Thread{ClinicID: a.ClinicID, PatientID: p.ID, Subject: subject, CreatedBy: a.UserID, CreatedAt: now,
			LastMessageAt: now, PatientName: p.Name()}
		if t.ID, err = tx.CreateThread(ctx, t); err != nil {
			return err
		}
		out, err = s.post(ctx, tx, a, t, p, body)
		return err
	})
	return out, clinic.Wrap(err, "Could not send the message.")
}

// PostMessage writes in a conversation: the patient (their own) or staff.
// Staff who write have read what the patient wrote before.
func (s *Service) PostMessage(ctx context.Context, a service.Actor, threadID int64, body string) (Posted, error) {
	if err := service.Authorize(a, service.ActMessageSend); err != nil {
		return Posted{}, err
	}
	body, err := bodyText.Clean(body)
	if err != nil {
		return Posted{}, err
	}
	var out Posted
	err = s.store.WithTx(ctx, func(tx Tx) error {
		t, err := threadFor(ctx, tx, a, threadID, service.ActMessageSend)
		if err != nil {
			return err
		}
		p, err := tx.Patient(ctx, a.ClinicID, t.PatientID)
		if err != nil {
			return err
		}
		out, err = s.post(ctx, tx, a, t, p, body)
		return err
	})
	return out, clinic.Wrap(err, "Could not send the message.")
}

// post stores a message in t with its audit row, inside tx. A patient's
// message with self-harm wording raises a safety alert; a staff message
// marks the patient's messages read and tells the patient one waits.
func (s *Service) post(ctx context.Context, tx Tx, a service.Actor, t record.Thread, p clinic.Patient, body string) (Posted, error) {
	now := s.Now()
	m := record.Message{ClinicID: a.ClinicID, ThreadID: t.ID, PatientID: p.ID, Sender: senderOf(a), AuthorID: a.UserID,
		Body: body, CreatedAt: now, AuthorName: service.ActorName(a)}
	var err error
	if m.ID, err = tx.CreateMessage(ctx, m); err != nil {
		return Posted{}, err
	}
	t.LastMessageAt = now
	e := s.Entry(a, service.ActMessageSend, p.ID)
	e.RecordType, e.RecordID = "message", m.ID
	if err := tx.AppendAudit(ctx, e); err != nil {
		return Posted{}, err
	}
	out := Posted{Thread: t, Message: m}
	if m.Sender == record.SenderPatient {
		if phrase, found := scales.SelfHarmWording(body); found {
			al := record.SafetyAlert{ClinicID: a.ClinicID, PatientID: p.ID, MessageID: m.ID, ThreadID: t.ID,
				Kind: record.AlertMessageSelfHarm, CreatedAt: now, PatientName: p.Name(),
				Detail: fmt.Sprintf("Secure message with self-harm wording (%q): read it and contact the patient.", phrase)}
			if al.ID, err = tx.CreateSafetyAlert(ctx, al); err != nil {
				return Posted{}, err
			}
			ae := e
			ae.Action, ae.RecordType, ae.RecordID = "alert.raise", "safety_alert", al.ID
			if err := tx.AppendAudit(ctx, ae); err != nil {
				return Posted{}, err
			}
			out.Message.Alerted, out.Alert = true, &al
		}
		return out, nil
	}
	if err := s.markRead(ctx, tx, a, t, record.SenderPatient); err != nil {
		return Posted{}, err
	}
	out.Notices, err = s.queueNotices(ctx, tx, t, p)
	return out, err
}

// queueNotices tells the patient, by each way they chose to be reached,
// that a message waits in the portal — unless a notice by that way still
// waits to go: one notice says so however many messages there are.
func (s *Service) queueNotices(ctx context.Context, tx Tx, t record.Thread, p clinic.Patient) (int, error) {
	contacts, err := service.ContactsOf(ctx, tx, p)
	if err != nil {
		return 0, err
	}
	now, n := s.Now(), 0
	for _, c := range contacts {
		waiting, err := tx.MessageNoticePending(ctx, t.ClinicID, p.ID, c.Channel)
		if err != nil {
			return n, err
		}
		if waiting {
			continue
		}
		id, err := tx.CreateMessageNotice(ctx, record.MessageNotice{ClinicID: t.ClinicID, PatientID: p.ID, ThreadID: t.ID,
			Channel: c.Channel, Recipient: c.Recipient, DueAt: now, CreatedAt: now})
		if err != nil {
			return n, err
		}
		e := s.Entry(service.System(t.ClinicID), "notice.queue", p.ID)
		e.RecordType, e.RecordID = "message_notice", id
		if err := tx.AppendAudit(ctx, e); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// senderOf is which side an actor writes for.
func senderOf(a service.Actor) string {
	if a.Role == clinic.RolePatient {
		return record.SenderPatient
	}
	return record.SenderStaff
}

// otherSide is whose messages an actor reads.
func otherSide(a service.Actor) string {
	if a.Role == clinic.RolePatient {
		return record.SenderStaff
	}
	return record.SenderPatient
}

// threadFor loads a thread the actor may act on: staff their clinic's, a
// patient only their own (another patient's is not found).
func threadFor(ctx context.Context, q Queries, a service.Actor, id int64, action service.Action) (record.Thread, error) {
	t, err := q.Thread(ctx, a.ClinicID, id)
	if clinic.ErrorCode(err) == clinic.NotFound || err == nil && a.Role == clinic.RolePatient && t.PatientID != a.PatientID {
		return record.Thread{}, errNoThread
	}
	if err != nil {
		return t, err
	}
	return t, service.AuthorizePatient(a, action, t.PatientID)
}

// markRead marks the thread's unread messages from sender read by the
// actor, with an audit row when there were any.
func (s *Service) markRead(ctx context.Context, tx Tx, a service.Actor, t record.Thread, sender string) error {
	n, err := tx.MarkMessagesRead(ctx, a.ClinicID, t.ID, sender, a.UserID, s.Now())
	if err != nil || n == 0 {
		return err
	}
	e := s.Entry(a, "message.mark_read", t.PatientID)
	e.RecordType, e.RecordID = "message_thread", t.ID
	return tx.AppendAudit(ctx, e)
}
