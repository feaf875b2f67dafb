package consent

import (
	"context"
	"slices"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// PatientMessages is one patient's delivery log for staff: how they are
// reached, whether their number opted out of texts, and every message,
// reminder and appointment notice — queued, sent, failed and why.
type PatientMessages struct {
	Preference string                     // in force; record.ContactAuto when none was recorded
	History    []record.ContactPreference // every recorded choice, newest first: the consent record
	OptedOut   bool                       // their number replied STOP
	Outbox     []record.OutboxMessage
	Reminders  []record.AppointmentReminder
	Notices    []record.AppointmentNotice // booked, moved, cancelled
}

// PatientMessages reads a patient's delivery log (audited). Tokens are
// never returned.
func (s *Service) PatientMessages(ctx context.Context, a service.Actor, patientID int64) (PatientMessages, error) {
	if err := service.AuthorizePatient(a, service.ActOutboxRead, patientID); err != nil {
		return PatientMessages{}, err
	}
	q := s.store.Read()
	var out PatientMessages
	p, err := q.Patient(ctx, a.ClinicID, patientID)
	if err != nil {
		return out, clinic.Wrap(err, "Could not load the patient.")
	}
	if out.History, err = q.ContactPreferences(ctx, a.ClinicID, patientID); err != nil {
		return out, clinic.Wrap(err, "Could not read how the patient is reached.")
	}
	if len(out.History) > 0 {
		out.Preference = out.History[0].Preference
	}
	if phone, ok := clinic.E164(p.Phone); ok {
		if out.OptedOut, err = q.SMSOptedOut(ctx, phone); err != nil {
			return out, clinic.Wrap(err, "Could not read the text-message consent.")
		}
	}
	if out.Outbox, err = q.PatientOutboxMessages(ctx, a.ClinicID, patientID, 50); err != nil {
		return out, clinic.Wrap(err, "Could not read the patient's messages.")
	}
	for i := range out.Outbox {
		out.Outbox[i].Token = ""
	}
	if out.Reminders, err = q.PatientAppointmentReminders(ctx, a.ClinicID, patientID); err != nil {
		return out, clinic.Wrap(err, "Could not read the patient's reminders.")
	}
	slices.Reverse(out.Reminders) // newest first, like the messages
	if out.Notices, err = q.PatientAppointmentNotices(ctx, a.ClinicID, patientID, 50); err != nil {
		return out, clinic.Wrap(err, "Could not read the patient's appointment notices.")
	}
	e := s.Entry(a, service.ActOutboxRead, patientID)
	e.RecordType = "patient_messages"
	return out, s.AuditRead(ctx, e)
}

// SetContactPreference records how a patient wants to be reached. Staff
// record what the patient told them; a patient records their own in the
// portal. A choice that includes texts is the patient's consent to them,
// kept with when and how it was given.
func (s *Service) SetContactPreference(ctx context.Context, a service.Actor, patientID int64, pref string) error {
	if err := service.AuthorizePatient(a, service.ActContactSet, patientID); err != nil {
		return err
	}
	if !slices.Contains(record.ContactPreferences, pref) {
		return clinic.Errorf(clinic.Invalid, "Choose how the patient is reached: automatically, email, text, both or none.")
	}
	source := "staff"
	if a.Role == clinic.RolePatient {
		source = "portal"
	}
	return s.store.WithTx(ctx, func(tx Tx) error {
		if _, err := tx.Patient(ctx, a.ClinicID, patientID); err != nil {
			return clinic.Wrap(err, "Could not load the patient.")
		}
		id, err := tx.CreateContactPreference(ctx, record.ContactPreference{ClinicID: a.ClinicID, PatientID: patientID,
			Preference: pref, Source: source, RecordedBy: a.UserID, RecordedByName: service.ActorName(a), RecordedAt: s.Now()})
		if err != nil {
			return err
		}
		e := s.Entry(a, service.ActContactSet, patientID)
		e.RecordType, e.RecordID = "contact_preference", id
		return tx.AppendAudit(ctx, e)
	})
}
