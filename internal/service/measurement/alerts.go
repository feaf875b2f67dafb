package measurement

import (
	"context"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// MaxOpenAlertsShown bounds the home page's list of open safety alerts.
const MaxOpenAlertsShown = 100

// OpenAlerts lists the clinic's unacknowledged safety alerts, the
// longest-waiting first, for the clinicians' home page.
func (s *Service) OpenAlerts(ctx context.Context, a service.Actor) ([]record.SafetyAlert, error) {
	if err := service.Authorize(a, service.ActAlertRead); err != nil {
		return nil, err
	}
	as, err := s.store.Read().OpenSafetyAlerts(ctx, a.ClinicID, MaxOpenAlertsShown)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not load the safety alerts.")
	}
	e := s.Entry(a, service.ActAlertRead, 0)
	e.RecordType = "safety_alert"
	return as, s.AuditRead(ctx, e)
}

// PatientAlerts lists every safety alert of a patient, open ones first.
// Acknowledged alerts stay in the record.
func (s *Service) PatientAlerts(ctx context.Context, a service.Actor, patientID int64) ([]record.SafetyAlert, error) {
	if err := service.AuthorizePatient(a, service.ActAlertRead, patientID); err != nil {
		return nil, err
	}
	as, err := s.store.Read().PatientSafetyAlerts(ctx, a.ClinicID, patientID)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not load the safety alerts.")
	}
	e := s.Entry(a, service.ActAlertRead, patientID)
	e.RecordType = "safety_alert"
	return as, s.AuditRead(ctx, e)
}

// AcknowledgeAlert records that a clinician has seen an alert and what was
// done, in a required note. An alert is acknowledged once; it is never deleted.
func (s *Service) AcknowledgeAlert(ctx context.Context, a service.Actor, alertID int64, note string) (record.SafetyAlert, error) {
	if err := service.Authorize(a, service.ActAlertAck); err != nil {
		return record.SafetyAlert{}, err
	}
	note, err := (clinic.Text{Name: "the note", Max: 2000, Lines: true}).Clean(note)
	if err != nil {
		return record.SafetyAlert{}, err
	}
	if note == "" {
		return record.SafetyAlert{}, clinic.Errorf(clinic.Invalid, "Write a note saying what was done (for example, who called the patient and the outcome).")
	}
	now := s.Now()
	var al record.SafetyAlert
	err = s.store.WithTx(ctx, func(tx Tx) error {
		var err error
		if al, err = tx.SafetyAlert(ctx, a.ClinicID, alertID); err != nil {
			return err
		}
		if err := service.AuthorizePatient(a, service.ActAlertAck, al.PatientID); err != nil {
			return err
		}
		ok, err := tx.AcknowledgeSafetyAlert(ctx, a.ClinicID, alertID, a.UserID, note, now)
		if err != nil {
			return err
		}
		if !ok {
			return clinic.Errorf(clinic.Conflict, "This alert was already acknowledged by %s.", nameOr(al.AcknowledgerName, "someone else"))
		}
		al.AcknowledgedAt, al.AcknowledgedBy, al.Note, al.AcknowledgerName = now, a.UserID, note, a.Name
		e := s.Entry(a, service.ActAlertAck, al.PatientID)
		e.RecordType, e.RecordID = "safety_alert", al.ID
		return tx.AppendAudit(ctx, e)
	})
	return al, clinic.Wrap(err, "Could not acknowledge the alert.")
}

func nameOr(name, fallback string) string {
	if name == "" {
		return fallback
	}
	return name
}

// PatientMeasurement is what the patient page shows beside the record:
// safety alerts (for roles that see them; nil otherwise) and
// questionnaire links (never their tokens).
type PatientMeasurement struct {
	Alerts      []record.SafetyAlert
	AlertsShown bool
	Links       []record.QuestionnaireLink
}

// PatientMeasurement reads a patient's safety alerts and questionnaire links
// with one audit row, for the patient page.
func (s *Service) PatientMeasurement(ctx context.Context, a service.Actor, patientID int64) (PatientMeasurement, error) {
	if err := service.AuthorizePatient(a, service.ActPatientRead, patientID); err != nil {
		return PatientMeasurement{}, err
	}
	var m PatientMeasurement
	var err error
	r := s.store.Read()
	if service.Allowed(a.Role, service.ActAlertRead) {
		if m.Alerts, err = r.PatientSafetyAlerts(ctx, a.ClinicID, patientID); err != nil {
			return m, clinic.Wrap(err, "Could not load the safety alerts.")
		}
		m.AlertsShown = true
	}
	if m.Links, err = r.PatientLinks(ctx, a.ClinicID, patientID); err != nil {
		return m, clinic.Wrap(err, "Could not load the questionnaire links.")
	}
	e := s.Entry(a, "measurement.read", patientID)
	e.RecordType = "safety_alert,questionnaire_link"
	return m, s.AuditRead(ctx, e)
}
