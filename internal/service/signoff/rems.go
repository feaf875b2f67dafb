package signoff

import (
	"context"
	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/session"
	"slices"
	"strings"
	"time"
)

// REMSInput is the form's own answers: "yes", "no" or "" for each
// concomitant medication, and the minutes until ready to leave.
type REMSInput struct {
	Medications  [4]string
	ReadyMinutes string
}

// SaveREMS saves the REMS answers the session record does not hold.
func (s *Service) SaveREMS(ctx context.Context, a service.Actor, sessionID int64, in REMSInput) error {
	ts, err := service.LoadWritableSession(ctx, s.store.Read(), a, service.ActSessionChart, sessionID)
	if err != nil {
		return err
	}
	if ts.Drug != record.DrugEsketamine {
		return clinic.Errorf(clinic.Invalid, "The REMS form is for esketamine sessions only.")
	}
	ans := record.REMSAnswers{SessionID: ts.ID, ClinicID: a.ClinicID, UpdatedAt: s.Now()}
	for i, m := range in.Medications {
		switch strings.TrimSpace(m) {
		case "yes":
			ans.Medications[i] = new(bool)
			*ans.Medications[i] = true
		case "no":
			ans.Medications[i] = new(bool)
		case "":
		default:
			return clinic.Errorf(clinic.Invalid, "Answer each medication question with yes or no.")
		}
	}
	if v := strings.TrimSpace(in.ReadyMinutes); v != "" {
		m, err := clinic.ParseInt("the minutes until ready to leave", v)
		if err != nil || clinic.MonitorMin.CheckInt("", m) != nil {
			return clinic.Errorf(clinic.Invalid, "Enter the minutes until the patient would have been ready to leave, from 0 to 1440.")
		}
		ans.ReadyMinutes = &m
	}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if _, err := service.LockOpenSession(ctx, tx, ts); err != nil {
			return err
		}
		if err := tx.SaveREMSAnswers(ctx, ans); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.SessionEntry(a, service.ActSessionChart, ts))
	})
	return clinic.Wrap(err, "Could not save the REMS form.")
}

// SignREMS signs a complete REMS form; an incomplete one is refused with
// the missing fields listed.
func (s *Service) SignREMS(ctx context.Context, a service.Actor, sessionID int64) error {
	ts, err := service.LoadWritableSession(ctx, s.store.Read(), a, service.ActREMSSign, sessionID)
	if err != nil {
		return err
	}
	if ts.Drug != record.DrugEsketamine {
		return clinic.Errorf(clinic.Invalid, "The REMS form is for esketamine sessions only.")
	}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if _, err := service.LockOpenSession(ctx, tx, ts); err != nil {
			return err
		}
		rec, err := tx.SessionRecord(ctx, a.ClinicID, ts.ID)
		if err != nil {
			return err
		}
		rules, err := service.SessionRulesIn(ctx, tx, a.ClinicID)
		if err != nil {
			return err
		}
		if missing := record.BuildREMSForm(rec, rules.Alerts).Missing(); len(missing) > 0 || rec.REMS == nil {
			if len(missing) == 0 {
				missing = []string{"the form's answers"}
			}
			return clinic.Errorf(clinic.Invalid, "The REMS form cannot be signed while incomplete. Missing: %s.", strings.Join(missing, ", "))
		}
		if err := tx.SignREMSForm(ctx, a.ClinicID, ts.ID, a.UserID, service.ActorName(a), s.Now()); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.SessionEntry(a, service.ActREMSSign, ts))
	})
	return clinic.Wrap(err, "Could not sign the REMS form.")
}

// REMSQueueRow is one form in the queue.
type REMSQueueRow struct {
	Session record.TreatmentSession
	Patient clinic.Patient
	Status  session.FormStatus
	Due     time.Time
	Missing int
}

// REMSQueue lists the esketamine sessions of the last 14 days whose forms
// are due (7 days from the session), unsigned first by due date (audited).
func (s *Service) REMSQueue(ctx context.Context, a service.Actor) ([]REMSQueueRow, error) {
	if err := service.Authorize(a, service.ActSessionRead); err != nil {
		return nil, err
	}
	now := s.Now()
	r := s.store.Read()
	rules, err := service.SessionRulesIn(ctx, r, a.ClinicID)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not load the clinic's session rules.")
	}
	ss, err := r.EsketamineSessionsSince(ctx, a.ClinicID, now.Add(-2*session.FormDueWithin))
	if err != nil {
		return nil, clinic.Wrap(err, "Could not load the sessions.")
	}
	var out []REMSQueueRow
	for _, ts := range ss {
		rec, err := r.SessionRecord(ctx, a.ClinicID, ts.ID)
		if err != nil {
			return nil, clinic.Wrap(err, "Could not load the sessions.")
		}
		pt, err := r.Patient(ctx, a.ClinicID, ts.PatientID)
		if err != nil {
			return nil, clinic.Wrap(err, "Could not load the patient.")
		}
		f := record.BuildREMSForm(rec, rules.Alerts)
		signed := rec.REMS != nil && !rec.REMS.SignedAt.IsZero()
		out = append(out, REMSQueueRow{Session: ts, Patient: pt, Status: session.Status(f, signed, ts.CheckedInAt, now),
			Due: ts.CheckedInAt.Add(session.FormDueWithin), Missing: len(f.Missing())})
	}
	slices.SortStableFunc(out, func(x, y REMSQueueRow) int {
		if (x.Status == session.FormSigned) != (y.Status == session.FormSigned) {
			if x.Status == session.FormSigned {
				return 1
			}
			return -1
		}
		return x.Due.Compare(y.Due)
	})
	e := s.Entry(a, service.ActSessionRead, 0)
	e.RecordType = "rems_queue"
	return out, s.AuditRead(ctx, e)
}
