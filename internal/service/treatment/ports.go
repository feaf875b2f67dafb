package treatment

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Queries are the reads of the treatment-session use cases.
type Queries interface {
	service.SettingsReader
	service.REMSReader
	service.SessionLocker
	service.SessionReader
	service.SessionRulesReader
	Patient(ctx context.Context, clinicID, id int64) (clinic.Patient, error)
	service.TransferReader // a patient who moved clinic gets no new care here
	Courses(ctx context.Context, clinicID, patientID int64) ([]clinic.Course, error)
	Administrations(ctx context.Context, clinicID, patientID int64) ([]clinic.Administration, error)
	Assessments(ctx context.Context, clinicID, patientID int64) ([]clinic.Assessment, error)
	Plan(ctx context.Context, clinicID, id int64) (record.Plan, error)
	PatientTreatmentSessions(ctx context.Context, clinicID, patientID int64) ([]record.TreatmentSession, error)
	SessionVitals(ctx context.Context, clinicID, sessionID int64) ([]record.VitalsEntry, error)
	SessionRecord(ctx context.Context, clinicID, id int64) (record.SessionRecord, error)
	BookingSettings(ctx context.Context, clinicID int64) (record.BookingSettings, error)
	Appointment(ctx context.Context, clinicID, id int64) (record.Appointment, error)
	PatientAppointments(ctx context.Context, clinicID, patientID int64) ([]record.Appointment, error)
}

// Tx is a write transaction of the treatment-session use cases: its reads and writes commit or roll back together.
type Tx interface {
	Queries
	service.LedgerTx
	CreateCourse(ctx context.Context, c clinic.Course) (int64, error)
	CreateAdministration(ctx context.Context, a clinic.Administration) (int64, error)
	CreateTreatmentSession(ctx context.Context, s record.TreatmentSession) (int64, error)
	DecideSessionHold(ctx context.Context, s record.TreatmentSession) error
	CreateSessionDose(ctx context.Context, d record.Dose) (int64, error)
	CreateSessionVitals(ctx context.Context, v record.VitalsEntry) (int64, error)
	CreateVitalsAlert(ctx context.Context, a record.VitalsAlert) (int64, error)
	AcknowledgeVitalsAlert(ctx context.Context, a record.VitalsAlert) error
	CreateSideEffect(ctx context.Context, e record.SideEffect) (int64, error)
	DischargeSession(ctx context.Context, s record.TreatmentSession) error
	SetSessionEnvironment(ctx context.Context, s record.TreatmentSession) error
	UpdateAppointment(ctx context.Context, a record.Appointment) error
	// UseFormToken records a sent form's token (forms.go); a token already
	// used is clinic.Conflict.
	UseFormToken(ctx context.Context, token string, clinicID, userID int64, now time.Time) error
}

// Store opens reads and write transactions.
type Store = service.Storage[Queries, Tx]
