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
	service.CalendarReader
	service.REMSReader
	service.SessionRulesReader
	Patient(ctx context.Context, clinicID, id int64) (clinic.Patient, error)
	Courses(ctx context.Context, clinicID, patientID int64) ([]clinic.Course, error)
	Administrations(ctx context.Context, clinicID, patientID int64) ([]clinic.Administration, error)
	Assessments(ctx context.Context, clinicID, patientID int64) ([]clinic.Assessment, error)
	ClinicIDs(ctx context.Context) ([]int64, error)
	Plan(ctx context.Context, clinicID, id int64) (record.Plan, error)
	TreatmentSession(ctx context.Context, clinicID, id int64) (record.TreatmentSession, error)
	PatientTreatmentSessions(ctx context.Context, clinicID, patientID int64) ([]record.TreatmentSession, error)
	// OpenRoomProblems lists held sessions, unacknowledged vitals alerts
	// and unoverridden exclusions since since, newest first (room.go).
	OpenRoomProblems(ctx context.Context, clinicID int64, since time.Time) ([]record.RoomProblem, error)
	// OpenTreatmentSessions lists sessions checked in since since and not
	// yet discharged or cancelled (room_overdue.go).
	OpenTreatmentSessions(ctx context.Context, clinicID int64, since time.Time) ([]record.TreatmentSession, error)
	ClinicSessionsSince(ctx context.Context, clinicID int64, since time.Time) ([]record.TreatmentSession, error)
	EsketamineSessionsSince(ctx context.Context, clinicID int64, since time.Time) ([]record.TreatmentSession, error)
	SessionVitals(ctx context.Context, clinicID, sessionID int64) ([]record.VitalsEntry, error)
	SessionRecord(ctx context.Context, clinicID, id int64) (record.SessionRecord, error)
	Appointment(ctx context.Context, clinicID, id int64) (record.Appointment, error)
	Appointments(ctx context.Context, clinicID int64, from, to time.Time) ([]record.Appointment, error)
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
	SaveREMSAnswers(ctx context.Context, r record.REMSAnswers) error
	SignREMSForm(ctx context.Context, clinicID, sessionID, userID int64, name string, at time.Time) error
	LockTreatmentSession(ctx context.Context, clinicID, id int64) (record.TreatmentSession, error)
	SignTreatmentSession(ctx context.Context, clinicID, id, userID int64, name string, at time.Time) error
	CreateAddendum(ctx context.Context, a record.Addendum) (int64, error)
	CreateREMSEnrolment(ctx context.Context, e record.REMSEnrolment) (int64, error)
	UpdateAppointment(ctx context.Context, a record.Appointment) error
	// UseFormToken records a sent form's token (forms.go); a token already
	// used is clinic.Conflict.
	UseFormToken(ctx context.Context, token string, clinicID, userID int64, now time.Time) error
}

// Store opens reads and write transactions.
type Store = service.Storage[Queries, Tx]
