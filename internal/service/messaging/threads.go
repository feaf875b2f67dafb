package messaging

import (
	"context"
	"slices"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// MaxThreadsShown bounds the clinic's list of conversations.
const MaxThreadsShown = 200

// Which of the clinic's conversations ClinicThreads lists (the store's names).
const (
	ShowAll        = ""
	ShowMine       = "mine"       // assigned to the one asking
	ShowUnassigned = "unassigned" // assigned to nobody yet
)

// ClinicThreads lists the clinic's conversations for staff: those with a
// message staff have not read first, then the latest; show narrows them
// to the asker's (ShowMine) or nobody's (ShowUnassigned). The read is
// audited.
func (s *Service) ClinicThreads(ctx context.Context, a service.Actor, show string) ([]record.Thread, error) {
	if err := staffOnly(a, service.ActMessageRead); err != nil {
		return nil, err
	}
	if show != ShowAll && show != ShowMine && show != ShowUnassigned {
		return nil, clinic.Errorf(clinic.Invalid, "Show all conversations, yours, or those nobody has yet.")
	}
	var ts []record.Thread
	var err error
	if a.Role == clinic.RoleTherapist { // their caseload's conversations only
		ts, err = s.store.Read().CaseloadThreads(ctx, a.ClinicID, show, a.UserID, MaxThreadsShown)
	} else {
		ts, err = s.store.Read().ThreadsOfClinic(ctx, a.ClinicID, show, a.UserID, MaxThreadsShown)
	}
	if err != nil {
		return nil, clinic.Wrap(err, "Could not load the messages.")
	}
	e := s.Entry(a, "message.list", 0)
	e.RecordType = "message_thread"
	return ts, s.AuditRead(ctx, e)
}

// PatientInbox is a patient's conversations, the latest first.
type PatientInbox struct {
	Patient clinic.Patient
	Threads []record.Thread
}

// PatientThreads lists a patient's conversations: staff on the patient's
// messages page, the patient in the portal. Audited.
func (s *Service) PatientThreads(ctx context.Context, a service.Actor, patientID int64) (PatientInbox, error) {
	if err := service.AuthorizePatient(a, service.ActMessageRead, patientID); err != nil {
		return PatientInbox{}, err
	}
	q := s.store.Read()
	var in PatientInbox
	var err error
	if in.Patient, err = q.Patient(ctx, a.ClinicID, patientID); err != nil {
		return in, clinic.Wrap(err, "Could not load the patient.")
	}
	if in.Threads, err = q.PatientThreads(ctx, a.ClinicID, patientID); err != nil {
		return in, clinic.Wrap(err, "Could not load the messages.")
	}
	e := s.Entry(a, "message.list", patientID)
	e.RecordType = "message_thread"
	return in, s.AuditRead(ctx, e)
}

// UnreadThreads counts the clinic's conversations with a patient's
// message that staff have not read (the menu's count). It reads no
// message.
func (s *Service) UnreadThreads(ctx context.Context, a service.Actor) (int, error) {
	if err := staffOnly(a, service.ActMessageRead); err != nil {
		return 0, err
	}
	var n int
	var err error
	if a.Role == clinic.RoleTherapist {
		n, err = s.store.Read().UnreadCaseloadThreadCount(ctx, a.ClinicID, a.UserID)
	} else {
		n, err = s.store.Read().UnreadThreadCount(ctx, a.ClinicID)
	}
	return n, clinic.Wrap(err, "Could not count the unread messages.")
}

// Assignee is a member of staff a conversation may be given to.
type Assignee struct {
	ID   int64
	Name string
	Role clinic.Role
}

// ThreadPage is a conversation as its page shows it.
type ThreadPage struct {
	Thread    record.Thread
	Patient   clinic.Patient
	Messages  []record.Message // oldest first
	Assignees []Assignee       // for staff who may assign: who may be given it
	// Crisis: the patient's latest words raised a safety alert and the
	// care team has not answered since; their page shows the crisis text.
	Crisis bool
}

// OpenThread reads a conversation, audited. A patient opening it has read
// the care team's messages (their read state is set, and audited); staff
// mark a conversation read themselves (MarkThreadRead) or by answering,
// so that one who only glances leaves it waiting for whoever answers.
func (s *Service) OpenThread(ctx context.Context, a service.Actor, id int64) (ThreadPage, error) {
	if err := service.Authorize(a, service.ActMessageRead); err != nil {
		return ThreadPage{}, err
	}
	var pg ThreadPage
	read := func(ctx context.Context, q Queries) error {
		var err error
		if pg.Thread, err = threadFor(ctx, q, a, id, service.ActMessageRead); err != nil {
			return err
		}
		if pg.Patient, err = q.Patient(ctx, a.ClinicID, pg.Thread.PatientID); err != nil {
			return err
		}
		pg.Messages, err = q.ThreadMessages(ctx, a.ClinicID, id)
		return err
	}
	e := s.Entry(a, service.ActMessageRead, 0)
	e.RecordType, e.RecordID = "message_thread", id
	if a.Role == clinic.RolePatient {
		err := s.store.WithTx(service.Side(ctx), func(tx Tx) error {
			t, err := threadFor(ctx, tx, a, id, service.ActMessageRead)
			if err != nil {
				return err
			}
			if err := s.markRead(ctx, tx, a, t, record.SenderStaff); err != nil {
				return err
			}
			if err := read(ctx, tx); err != nil {
				return err
			}
			e.PatientID = t.PatientID
			return tx.AppendAudit(ctx, e) // the read, on the record before it is shown
		})
		if err != nil {
			return ThreadPage{}, clinic.Wrap(err, "Could not open the conversation.")
		}
		pg.Thread.PatientUnread = 0
		for _, m := range pg.Messages {
			if m.Sender == record.SenderPatient && m.Alerted {
				pg.Crisis = true
			} else if m.Sender == record.SenderStaff {
				pg.Crisis = false
			}
		}
		return pg, nil
	}
	q := s.store.Read()
	if err := read(ctx, q); err != nil {
		return ThreadPage{}, clinic.Wrap(err, "Could not open the conversation.")
	}
	if service.Allowed(a.Role, service.ActMessageAssign) {
		us, err := q.Users(ctx, a.ClinicID)
		if err != nil {
			return ThreadPage{}, clinic.Wrap(err, "Could not list the staff.")
		}
		for _, u := range us {
			if !mayAnswer(u) {
				continue
			}
			if ok, err := s.mayTake(ctx, q, u, pg.Thread); err != nil {
				return ThreadPage{}, clinic.Wrap(err, "Could not list the staff.")
			} else if ok {
				pg.Assignees = append(pg.Assignees, Assignee{ID: u.ID, Name: nameOf(u), Role: u.Role})
			}
		}
	}
	e.PatientID = pg.Thread.PatientID
	return pg, s.AuditRead(ctx, e)
}

// MarkThreadRead marks the other side's messages in a conversation read
// by the one asking: staff mark the patient's (a patient's own are marked
// when they open it, and may be marked so too).
func (s *Service) MarkThreadRead(ctx context.Context, a service.Actor, id int64) error {
	if err := service.Authorize(a, service.ActMessageRead); err != nil {
		return err
	}
	return clinic.Wrap(s.store.WithTx(ctx, func(tx Tx) error {
		t, err := threadFor(ctx, tx, a, id, service.ActMessageRead)
		if err != nil {
			return err
		}
		return s.markRead(ctx, tx, a, t, otherSide(a))
	}), "Could not mark the conversation read.")
}

// AssignThread gives a conversation to a member of staff who may read
// messages (userID 0: to nobody), and returns their name.
func (s *Service) AssignThread(ctx context.Context, a service.Actor, id, userID int64) (string, error) {
	if err := service.Authorize(a, service.ActMessageAssign); err != nil {
		return "", err
	}
	var name string
	err := s.store.WithTx(ctx, func(tx Tx) error {
		t, err := threadFor(ctx, tx, a, id, service.ActMessageAssign)
		if err != nil {
			return err
		}
		if userID != 0 {
			u, err := tx.User(ctx, userID)
			if clinic.ErrorCode(err) == clinic.NotFound || err == nil && (u.ClinicID != a.ClinicID || !mayAnswer(u)) {
				return clinic.Errorf(clinic.Invalid, "Choose a member of staff who may read messages.")
			}
			if err != nil {
				return err
			}
			if ok, err := s.mayTake(ctx, tx, u, t); err != nil {
				return err
			} else if !ok {
				return clinic.Errorf(clinic.Invalid, "%s is a therapist and this patient is not on their caseload.", nameOf(u))
			}
			name = nameOf(u)
		}
		if err := tx.AssignThread(ctx, a.ClinicID, t.ID, userID); err != nil {
			return err
		}
		e := s.Entry(a, service.ActMessageAssign, t.PatientID)
		e.RecordType, e.RecordID = "message_thread", t.ID
		return tx.AppendAudit(ctx, e)
	})
	return name, clinic.Wrap(err, "Could not assign the conversation.")
}

// mayAnswer reports whether a user may be given conversations: staff
// (not a patient), enabled, whose role reads messages.
func mayAnswer(u clinic.User) bool {
	return !u.Disabled && u.Role != clinic.RolePatient && service.Allowed(u.Role, service.ActMessageRead)
}

// mayTake reports whether u may be given the conversation: a therapist only
// one of a patient on their caseload (they could not open it otherwise).
func (s *Service) mayTake(ctx context.Context, q Queries, u clinic.User, t record.Thread) (bool, error) {
	if u.Role != clinic.RoleTherapist {
		return true, nil
	}
	ids, err := q.Caseload(ctx, t.ClinicID, u.ID)
	return slices.Contains(ids, t.PatientID), err
}

func nameOf(u clinic.User) string {
	if u.Name != "" {
		return u.Name
	}
	return u.Email
}

// staffOnly authorizes action for staff: the clinic's list and read state
// are not a patient's to see or set.
func staffOnly(a service.Actor, action service.Action) error {
	if err := service.Authorize(a, action); err != nil {
		return err
	}
	if a.Role == clinic.RolePatient {
		return clinic.Errorf(clinic.Forbidden, "You do not have permission to do that.")
	}
	return nil
}
