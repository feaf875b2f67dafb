package patients

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Queries are the reads of the patient-record and intake use cases.
type Queries interface {
	Audit(ctx context.Context, f clinic.AuditFilter) ([]clinic.AuditEntry, error)
	Patient(ctx context.Context, clinicID, id int64) (clinic.Patient, error)
	// Where the patient went, or came from (locations.TransferPatient).
	service.TransferReader
	PatientTransferIn(ctx context.Context, clinicID, patientID int64) (record.PatientTransfer, bool, error)
	SearchPatients(ctx context.Context, clinicID int64, query string, limit, offset int) (clinic.PatientPage, error)
	SearchCaseloadPatients(ctx context.Context, clinicID, therapistID int64, query string, limit, offset int) (clinic.PatientPage, error)
	PatientTherapists(ctx context.Context, clinicID, patientID int64) ([]record.CaseloadEntry, error)
	User(ctx context.Context, id int64) (clinic.User, error)
	Courses(ctx context.Context, clinicID, patientID int64) ([]clinic.Course, error)
	Administrations(ctx context.Context, clinicID, patientID int64) ([]clinic.Administration, error)
	Assessments(ctx context.Context, clinicID, patientID int64) ([]clinic.Assessment, error)
	// Intake and eligibility screening (intake.go). LatestIntake and
	// IntakeOverride are clinic.NotFound when there is none.
	LatestIntake(ctx context.Context, clinicID, patientID int64) (record.Intake, error)
	Intakes(ctx context.Context, clinicID, patientID int64) ([]record.Intake, error)
	IntakeOverride(ctx context.Context, clinicID, intakeID int64) (record.ScreeningOverride, error)
	ScreeningOverrides(ctx context.Context, clinicID, patientID int64) ([]record.ScreeningOverride, error)
	PatientVersions(ctx context.Context, clinicID, patientID int64) ([]record.PatientVersion, error)
}

// Tx is a write transaction of the patient-record and intake use cases: its reads and writes commit or roll back together.
type Tx interface {
	Queries
	PossibleDuplicates(ctx context.Context, clinicID int64, p clinic.Patient) ([]clinic.Patient, error)
	AppendAudit(ctx context.Context, e clinic.AuditEntry) error
	CreatePatient(ctx context.Context, p clinic.Patient) (int64, error)
	UpdatePatient(ctx context.Context, p clinic.Patient) error
	AssignCaseload(ctx context.Context, c record.CaseloadEntry) (bool, error)
	EndCaseload(ctx context.Context, clinicID, therapistID, patientID int64, at time.Time) (bool, error)
	CreatePatientVersion(ctx context.Context, v record.PatientVersion) error
	CreateIntake(ctx context.Context, in record.Intake) (int64, error)
	SetPatientConditions(ctx context.Context, clinicID, patientID int64, cs []clinic.Condition) error
	CreateScreeningOverride(ctx context.Context, o record.ScreeningOverride) (int64, error)
	// UseFormToken records a sent form's token (forms.go); a token already
	// used is clinic.Conflict.
	UseFormToken(ctx context.Context, token string, clinicID, userID int64, now time.Time) error
}

// Store opens reads and write transactions.
type Store = service.Storage[Queries, Tx]
