package plans

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Queries are the reads of the plan use cases.
type Queries interface {
	LatestIntake(ctx context.Context, clinicID, patientID int64) (record.Intake, error)
	Patient(ctx context.Context, clinicID, id int64) (clinic.Patient, error)
	Courses(ctx context.Context, clinicID, patientID int64) ([]clinic.Course, error)
	Administrations(ctx context.Context, clinicID, patientID int64) ([]clinic.Administration, error)
	Plan(ctx context.Context, clinicID, id int64) (record.Plan, error)
	Plans(ctx context.Context, clinicID, patientID int64) ([]record.Plan, error)
	PatientDoseLinks(ctx context.Context, clinicID, patientID int64) ([]record.DoseLink, error)
	ClinicTemplates(ctx context.Context, clinicID int64) ([]record.ClinicTemplate, error)
	SessionSettings(ctx context.Context, clinicID int64) (record.SessionSettings, bool, error)
}

// Tx is a write transaction of the plan use cases: its reads and writes commit or roll back together.
type Tx interface {
	Queries
	AppendAudit(ctx context.Context, e clinic.AuditEntry) error
	CreatePlan(ctx context.Context, p record.Plan) (int64, error)
	UpdateDraftPlan(ctx context.Context, p record.Plan) error
	SignPlan(ctx context.Context, clinicID, planID, userID int64, name string, at time.Time) error
	SupersedePlans(ctx context.Context, clinicID, rootID, exceptID int64) error
	CreateClinicTemplate(ctx context.Context, t record.ClinicTemplate) (int64, error)
	CreateSessionSettings(ctx context.Context, clinicID int64, st record.SessionSettings) error
	// UseFormToken records a sent form's token (forms.go); a token already
	// used is clinic.Conflict.
	UseFormToken(ctx context.Context, token string, clinicID, userID int64, now time.Time) error
}

// Store opens reads and write transactions.
type Store = service.Storage[Queries, Tx]
