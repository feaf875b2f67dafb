package outreach

import (
	"context"
	"slices"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// NotifyAppointment queues the patient's notice that ap was booked, moved
// or cancelled, by each way they chose to be reached. A patient with no
// way (or who asked for none) gets nothing.
func (s *Service) NotifyAppointment(ctx context.Context, ap record.Appointment, kind string) error {
	now := s.Now()
	return clinic.Wrap(s.store.WithTx(service.Side(ctx), func(tx Tx) error {
		p, err := tx.Patient(ctx, ap.ClinicID, ap.PatientID)
		if err != nil {
			return err
		}
		contacts, err := service.ContactsOf(ctx, tx, p)
		if err != nil {
			return err
		}
		for _, c := range contacts {
			id, err := tx.CreateAppointmentNotice(ctx, record.AppointmentNotice{ClinicID: ap.ClinicID, PatientID: ap.PatientID,
				AppointmentID: ap.ID, Kind: kind, AppointmentStart: ap.Start, Channel: c.Channel, Recipient: c.Recipient,
				DueAt: now, CreatedAt: now})
			if err != nil {
				return err
			}
			e := s.Entry(service.System(ap.ClinicID), "notice.queue", ap.PatientID)
			e.RecordType, e.RecordID = "appointment_notice", id
			if err := tx.AppendAudit(ctx, e); err != nil {
				return err
			}
		}
		return nil
	}), "Could not queue the patient's notice.")
}

// deliverNotices sends the due appointment notices, counting them in rep.
func (s *Service) deliverNotices(ctx context.Context, opts OutboxOptions, rep *OutboxReport) error {
	return sendBatch(ctx, s, opts, rep, "appointment notices", func(tx Tx, now time.Time) ([]record.AppointmentNotice, error) {
		return tx.ClaimDueAppointmentNotices(ctx, now, now.Add(claimHold), opts.Limit)
	}, func(n record.AppointmentNotice) (outcome, error) { return s.deliverNotice(ctx, opts, n) })
}

func (s *Service) deliverNotice(ctx context.Context, opts OutboxOptions, n record.AppointmentNotice) (outcome, error) {
	q := s.store.Read()
	now := s.Now()
	ap, err := q.Appointment(ctx, n.ClinicID, n.AppointmentID)
	if err != nil {
		return failedAttempt, clinic.Wrap(err, "Could not read a notice's appointment.")
	}
	p, err := q.Patient(ctx, n.ClinicID, n.PatientID)
	if err != nil {
		return failedAttempt, clinic.Wrap(err, "Could not read a notice's patient.")
	}
	st, loc, err := opts.clinicSettings(ctx, q, n.ClinicID)
	if err != nil {
		return failedAttempt, clinic.Wrap(err, "Could not read the clinic's settings.")
	}
	var sendErr error
	switch {
	case n.Kind != record.NoticeCancelled && (ap.Status != record.AppointmentBooked || !ap.Start.Equal(n.AppointmentStart)):
		sendErr = Permanent(errStaleNotice) // changed again since: its own notice says so
	default:
		if until, quiet := st.QuietEnd(now, loc); quiet {
			return deferred, clinic.Wrap(s.store.WithTx(ctx, func(tx Tx) error {
				return tx.MarkAppointmentNotice(ctx, n.ID, now, "", until)
			}), "Could not hold a notice until the quiet hours end.")
		}
		ap.Start = n.AppointmentStart // a cancellation names the time that was cancelled
		var later []record.Appointment
		if n.Kind == record.NoticeBooked {
			if later, err = seriesAfter(ctx, q, ap); err != nil {
				return failedAttempt, clinic.Wrap(err, "Could not read the patient's other visits.")
			}
		}
		msg := signed(st, NoticeMessage(st, p, ap, later, n.Kind, loc, n.Channel, n.Recipient))
		if sendErr = s.optedOut(ctx, msg); sendErr == nil {
			sendErr = opts.Sender.Send(ctx, msg)
		}
	}
	return s.recordSend(ctx, sent{clinicID: n.ClinicID, patientID: n.PatientID, action: "notice", recordType: "appointment_notice",
		id: n.ID, attempts: n.Attempts, now: now, err: sendErr}, func(tx Tx, reason string, again time.Time) error {
		return tx.MarkAppointmentNotice(ctx, n.ID, now, reason, again)
	})
}

// seriesAfter returns the visits booked together with ap (one series: the
// same moment and the same person) that come after it, soonest first: a
// booked notice lists them, so booking a series sends one message.
func seriesAfter(ctx context.Context, q Queries, ap record.Appointment) ([]record.Appointment, error) {
	all, err := q.PatientAppointments(ctx, ap.ClinicID, ap.PatientID)
	if err != nil {
		return nil, err
	}
	var out []record.Appointment
	for _, o := range all {
		if o.ID != ap.ID && o.Status == record.AppointmentBooked && o.Start.After(ap.Start) &&
			o.CreatedAt.Equal(ap.CreatedAt) && o.CreatedBy == ap.CreatedBy {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b record.Appointment) int { return a.Start.Compare(b.Start) })
	return out, nil
}

var errStaleNotice = permanentText("the appointment changed again before this notice went out; the later notice tells the patient")

// sent is one notice's attempt: whose, which record, and what the sender
// said (nil: delivered).
type sent struct {
	clinicID, patientID int64
	action, recordType  string // "notice" audits notice.send or notice.fail
	id                  int64
	attempts            int
	now                 time.Time
	err                 error
}

// recordSend marks what became of a notice and audits it, in one
// transaction: sent, or failed with the reason and, unless the failure is
// permanent, when to try again (retryAt).
func (s *Service) recordSend(ctx context.Context, a sent, mark func(tx Tx, reason string, again time.Time) error) (outcome, error) {
	err := s.store.WithTx(ctx, func(tx Tx) error {
		e := s.Entry(service.System(a.clinicID), service.Action(a.action+".send"), a.patientID)
		e.RecordType, e.RecordID = a.recordType, a.id
		reason, again := "", time.Time{}
		if a.err != nil {
			e.Action, reason, again = a.action+".fail", truncate(a.err.Error(), 500), retryAt(a.now, a.attempts, a.err)
		}
		if err := mark(tx, reason, again); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, e)
	})
	if a.err != nil {
		return failedAttempt, clinic.Wrap(err, "Could not record a notice's delivery.")
	}
	return delivered, clinic.Wrap(err, "Could not record a notice's delivery.")
}
