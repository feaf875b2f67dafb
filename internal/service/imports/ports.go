package imports

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/service"
)

// Queries are the reads of the import use cases.
type Queries interface {
	ImportKeys(ctx context.Context, clinicID int64, kind string) (map[string]int64, error)
	PatientIDsByMRN(ctx context.Context, clinicID int64) (map[string]int64, error)
	FirstConditions(ctx context.Context, clinicID int64) (map[int64]clinic.Condition, error)
	LastAdministrations(ctx context.Context, clinicID int64) (map[int64]clinic.Administration, error)
}

// Tx is a write transaction of the import use cases: its reads and writes commit or roll back together.
type Tx interface {
	Queries
	AppendAudit(ctx context.Context, e clinic.AuditEntry) error
	CreateCourse(ctx context.Context, c clinic.Course) (int64, error)
	PutImportKey(ctx context.Context, clinicID int64, kind, externalID string, recordID int64) error
	ImportPatients(ctx context.Context, ps []clinic.Patient, keys []string) ([]int64, error)
	ImportAdministrations(ctx context.Context, as []clinic.Administration, keys []string) error
	ImportAssessments(ctx context.Context, as []clinic.Assessment, keys []string, now time.Time) error
	// UseFormToken records a sent form's token (forms.go); a token already
	// used is clinic.Conflict.
	UseFormToken(ctx context.Context, token string, clinicID, userID int64, now time.Time) error
}

// Store opens reads and write transactions.
type Store = service.Storage[Queries, Tx]
