package outreach

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Appointment reminders: each outbox run queues one reminder for every
// booked appointment starting within the clinic's reminder lead time
// (ClinicSettings.ReminderAhead, 48 hours unless set; a unique key
// per appointment and start time makes a repeated run queue nothing new),
// and delivers due reminders through the Sender with the visit's
// pre-visit instructions. The text is written at delivery from the
// appointment as it then stands: a reminder for a cancelled or moved
// appointment, or one whose visit has started, is closed unsent.

// ScheduleReminders queues a reminder for each booked appointment of the
// actor's clinic that starts within the next 48 hours and has none for
// its start, each with its audit row. Only the outbox run (the system
// actor) does this. It returns how many it queued.
func (s *Service) ScheduleReminders(ctx context.Context, a service.Actor) (int, error) {
	if a.Role != service.RoleSystem {
		return 0, clinic.Errorf(clinic.Forbidden, "Only the outbox run queues appointment reminders.")
	}
	now := s.Now()
	q := s.store.Read()
	st, _, err := service.ClinicSettingsIn(ctx, q, a.ClinicID)
	if err != nil {
		return 0, clinic.Wrap(err, "Could not read the clinic's settings.")
	}
	// Queued once a visit is this close and sent at once, so a reminder
	// arrives up to this far ahead (a later booking still gets one).
	reminderAhead := st.ReminderAhead()
	appts, err := q.Appointments(ctx, a.ClinicID, now, now.Add(reminderAhead))
	if err != nil {
		return 0, clinic.Wrap(err, "Could not read the appointments to remind.")
	}
	n := 0
	for _, ap := range appts {
		if ap.Status != record.AppointmentBooked || !ap.Start.After(now) || ap.Start.After(now.Add(reminderAhead)) {
			continue
		}
		p, err := q.Patient(ctx, a.ClinicID, ap.PatientID)
		if err != nil {
			return n, clinic.Wrap(err, "Could not read an appointment's patient.")
		}
		contacts, err := service.ContactsOf(ctx, q, p)
		if err != nil {
			return n, clinic.Wrap(err, "Could not read how the patient is reached.")
		}
		if len(contacts) == 0 {
			continue // no way to reach the patient, or they asked for none
		}
		// One reminder an appointment: by the first way the patient chose.
		channel, recipient := contacts[0].Channel, contacts[0].Recipient
		err = s.store.WithTx(ctx, func(tx Tx) error {
			id, err := tx.CreateAppointmentReminder(ctx, record.AppointmentReminder{ClinicID: a.ClinicID, PatientID: ap.PatientID,
				AppointmentID: ap.ID, AppointmentStart: ap.Start, Channel: channel, Recipient: recipient, DueAt: now, CreatedAt: now})
			if err != nil || id == 0 {
				return err
			}
			n++
			e := s.Entry(a, "reminder.queue", ap.PatientID)
			e.RecordType, e.RecordID = "appointment_reminder", id
			return tx.AppendAudit(ctx, e)
		})
		if err != nil {
			return n, clinic.Wrap(err, "Could not queue an appointment reminder.")
		}
	}
	return n, nil
}

// deliverReminders sends the due reminders, counting them in rep: sent,
// failed (retried later, until the visit starts) or held for quiet hours.
func (s *Service) deliverReminders(ctx context.Context, opts OutboxOptions, rep *OutboxReport) error {
	return sendBatch(ctx, s, opts, rep, "reminders", func(tx Tx, now time.Time) ([]record.AppointmentReminder, error) {
		return tx.ClaimDueAppointmentReminders(ctx, now, now.Add(claimHold), opts.Limit)
	}, func(rm record.AppointmentReminder) (outcome, error) { return s.deliverReminder(ctx, opts, rm) })
}

// deliverReminder sends one reminder, or closes it when its appointment
// was cancelled, moved or has started.
func (s *Service) deliverReminder(ctx context.Context, opts OutboxOptions, rm record.AppointmentReminder) (outcome, error) {
	q := s.store.Read()
	ap, err := q.Appointment(ctx, rm.ClinicID, rm.AppointmentID)
	if err != nil {
		return failedAttempt, clinic.Wrap(err, "Could not read a reminder's appointment.")
	}
	now := s.Now()
	sys := service.System(rm.ClinicID)
	closeAs := ""
	switch {
	case ap.Status != record.AppointmentBooked || !ap.Start.Equal(rm.AppointmentStart):
		closeAs = record.OutboxCancelled
	case !ap.Start.After(now):
		closeAs = record.OutboxExpired
	}
	if closeAs != "" {
		return closed, clinic.Wrap(s.store.WithTx(ctx, func(tx Tx) error {
			if err := tx.CloseReminder(ctx, rm.ID, closeAs); err != nil {
				return err
			}
			e := s.Entry(sys, "reminder.close", rm.PatientID)
			e.RecordType, e.RecordID = "appointment_reminder", rm.ID
			return tx.AppendAudit(ctx, e)
		}), "Could not close a reminder.")
	}
	p, err := q.Patient(ctx, rm.ClinicID, rm.PatientID)
	if err != nil {
		return failedAttempt, clinic.Wrap(err, "Could not read a reminder's patient.")
	}
	st, loc, err := opts.clinicSettings(ctx, q, rm.ClinicID)
	if err != nil {
		return failedAttempt, clinic.Wrap(err, "Could not read the clinic's settings.")
	}
	if until, quiet := st.QuietEnd(now, loc); quiet {
		return deferred, clinic.Wrap(s.store.WithTx(ctx, func(tx Tx) error {
			return tx.MarkReminderFailed(ctx, rm.ID, "", until) // no failure: held until then
		}), "Could not hold a reminder until the quiet hours end.")
	}
	msg := signed(st, ReminderMessage(st, p, ap, loc, rm.Channel, rm.Recipient))
	sendErr := s.optedOut(ctx, msg) // a STOP is honoured even for a text queued before it
	if sendErr == nil {
		sendErr = opts.Sender.Send(ctx, msg)
	}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		e := s.Entry(sys, "reminder.send", rm.PatientID)
		e.RecordType, e.RecordID = "appointment_reminder", rm.ID
		if sendErr != nil {
			e.Action = "reminder.fail"
			if err := tx.MarkReminderFailed(ctx, rm.ID, truncate(sendErr.Error(), 500), retryAt(now, rm.Attempts, sendErr)); err != nil {
				return err
			}
		} else if err := tx.MarkReminderSent(ctx, rm.ID, now); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, e)
	})
	if sendErr != nil {
		return failedAttempt, clinic.Wrap(err, "Could not record a reminder's delivery.")
	}
	return delivered, clinic.Wrap(err, "Could not record a reminder's delivery.")
}

// PatientReminders lists a patient's appointment reminders (staff; the
// patient their own). The read is audited.
func (s *Service) PatientReminders(ctx context.Context, a service.Actor, patientID int64) ([]record.AppointmentReminder, error) {
	if err := service.AuthorizePatient(a, service.ActAppointmentRead, patientID); err != nil {
		return nil, err
	}
	if _, err := s.store.Read().Patient(ctx, a.ClinicID, patientID); err != nil {
		return nil, clinic.Wrap(err, "Could not load the patient.")
	}
	out, err := s.store.Read().PatientAppointmentReminders(ctx, a.ClinicID, patientID)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not load the reminders.")
	}
	return out, s.AuditRead(ctx, s.Entry(a, service.ActAppointmentRead, patientID))
}
