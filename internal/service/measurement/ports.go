package measurement

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Queries are the reads of the measurement use cases.
type Queries interface {
	service.ContactReader
	service.SettingsReader
	Patient(ctx context.Context, clinicID, id int64) (clinic.Patient, error)
	Administrations(ctx context.Context, clinicID, patientID int64) ([]clinic.Administration, error)
	Assessments(ctx context.Context, clinicID, patientID int64) ([]clinic.Assessment, error)
	Assessment(ctx context.Context, clinicID, id int64) (clinic.Assessment, error)
	IdempotencyKey(ctx context.Context, userID int64, key string) (record.IdempotencyKey, error)
	LinkByTokenHash(ctx context.Context, hash string) (record.QuestionnaireLink, error)
	PatientLinks(ctx context.Context, clinicID, patientID int64) ([]record.QuestionnaireLink, error)
	SafetyAlert(ctx context.Context, clinicID, id int64) (record.SafetyAlert, error)
	PatientSafetyAlerts(ctx context.Context, clinicID, patientID int64) ([]record.SafetyAlert, error)
	OpenSafetyAlerts(ctx context.Context, clinicID int64, limit int) ([]record.SafetyAlert, error)
	ClinicCourses(ctx context.Context, clinicID int64) ([]clinic.Course, error)
	// Clinic-wide reads of the questionnaire schedule (schedule.go).
	CourseSessionTimes(ctx context.Context, clinicID int64) (map[int64][]time.Time, error)
	LastTaken(ctx context.Context, clinicID int64) (map[int64]map[string]time.Time, error)
	ClinicLinks(ctx context.Context, clinicID int64) (map[int64][]record.QuestionnaireLink, error)
	Appointments(ctx context.Context, clinicID int64, from, to time.Time) ([]record.Appointment, error)
}

// Tx is a write transaction of the measurement use cases: its reads and writes commit or roll back together.
type Tx interface {
	Queries
	AppendAudit(ctx context.Context, e clinic.AuditEntry) error
	CreateAssessment(ctx context.Context, a clinic.Assessment, now time.Time) (int64, error)
	CreateIdempotencyKey(ctx context.Context, k record.IdempotencyKey) error
	CreateLink(ctx context.Context, l record.QuestionnaireLink) (int64, error)
	UseLink(ctx context.Context, id, assessmentID int64, now time.Time) (bool, error)
	CreateSafetyAlert(ctx context.Context, a record.SafetyAlert) (int64, error)
	AcknowledgeSafetyAlert(ctx context.Context, clinicID, id, userID int64, note string, now time.Time) (bool, error)
	CreateOutboxMessage(ctx context.Context, m record.OutboxMessage) (int64, error)
	CloseLinkOutbox(ctx context.Context, linkID int64, status string) error
	// UseFormToken records a sent form's token (forms.go); a token already
	// used is clinic.Conflict.
	UseFormToken(ctx context.Context, token string, clinicID, userID int64, now time.Time) error
}

// Store opens reads and write transactions.
type Store = service.Storage[Queries, Tx]
