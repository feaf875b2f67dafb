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
	var err error
	if out.History, out.OptedOut, err = contactState(ctx, q, a.ClinicID, patientID); err != nil {
		return out, err
	}
	if len(out.History) > 0 {
		out.Preference = out.History[0].Preference
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

// OwnContact is how a patient is reached, for the patient's own portal
// (and staff): the choice in force and whether their number replied STOP.
// It reveals no message.
func (s *Service) OwnContact(ctx context.Context, a service.Actor, patientID int64) (pref string, optedOut bool, err error) {
	if err := service.AuthorizePatient(a, service.ActContactSet, patientID); err != nil {
		return "", false, err
	}
	hist, optedOut, err := contactState(ctx, s.store.Read(), a.ClinicID, patientID)
	if err != nil {
		return "", false, err
	}
	if len(hist) > 0 {
		pref = hist[0].Preference
	}
	e := s.Entry(a, service.ActContactSet, patientID)
	e.Action, e.RecordType = "contact.read", "contact_preference"
	return pref, optedOut, s.AuditRead(ctx, e)
}

// contactState reads every recorded choice of how a patient is reached,
// newest first, and whether their number replied STOP.
func contactState(ctx context.Context, q Queries, clinicID, patientID int64) ([]record.ContactPreference, bool, error) {
	p, err := q.Patient(ctx, clinicID, patientID)
	if err != nil {
		return nil, false, clinic.Wrap(err, "Could not load the patient.")
	}
	hist, err := q.ContactPreferences(ctx, clinicID, patientID)
	if err != nil {
		return nil, false, clinic.Wrap(err, "Could not read how the patient is reached.")
	}
	optedOut := false
	if phone, ok := clinic.E164(p.Phone); ok {
		if optedOut, err = q.SMSOptedOut(ctx, phone); err != nil {
			return nil, false, clinic.Wrap(err, "Could not read the text-message consent.")
		}
	}
	return hist, optedOut, nil
}
