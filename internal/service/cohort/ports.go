package cohort

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/outcomes"
	"onset/internal/record"
	"onset/internal/service"
)

// Queries are the reads of the cohort use cases.
type Queries interface {
	CohortHistories(ctx context.Context, clinicID int64, instrument string, fn func(outcomes.History) error) error
	// CohortHistoriesSince is CohortHistories for the patients with rows
	// above since's IDs; CohortMark reads the current mark (rows_cache.go).
	CohortHistoriesSince(ctx context.Context, clinicID int64, instrument string, since outcomes.Mark, fn func(outcomes.History) error) error
	CohortMark(ctx context.Context) (outcomes.Mark, error)
	SiblingClinics(ctx context.Context, clinicID int64) ([]clinic.Clinic, error) // an organization's clinics (pooled.go)
	// CohortFactors reads the records the courses' factors come from (model.go).
	CohortFactors(ctx context.Context, clinicID int64, answers bool) (outcomes.FactorSources, error)
	// A patient and their courses, for their estimate (like_you.go).
	Patient(ctx context.Context, clinicID, id int64) (clinic.Patient, error)
	Courses(ctx context.Context, clinicID, patientID int64) ([]clinic.Course, error)
	// ClinicSettings holds the clinic's minimum baselines (min_baseline.go).
	ClinicSettings(ctx context.Context, clinicID int64) (record.ClinicSettings, bool, error)
	// The rows the database keeps (rows_store.go).
	CohortRowsState(ctx context.Context, clinicID int64, instrument string) (outcomes.RowsState, bool, error)
	CohortRows(ctx context.Context, clinicID int64, instrument string, fn func(patientID int64, body []byte) error) error
}

// Tx is a write transaction of the cohort use cases: its reads and writes commit or roll back together.
type Tx interface {
	Queries
	// UseFormToken records a sent form's token (forms.go); a token already
	// used is clinic.Conflict.
	UseFormToken(ctx context.Context, token string, clinicID, userID int64, now time.Time) error
	// Keeping the rows cache's entries (rows_store.go).
	SaveCohortRows(ctx context.Context, clinicID int64, instrument string, bodies map[int64][]byte) error
	ClearCohortRows(ctx context.Context, clinicID int64, instrument string) error
	SaveCohortRowsState(ctx context.Context, clinicID int64, instrument string, st outcomes.RowsState) error
}

// Store opens reads and write transactions, and the reads of the
// analytics (Analytics: on a read replica when one is configured and
// current, so possibly a few seconds behind the primary).
type Store interface {
	service.Storage[Queries, Tx]
	service.Analytical[Queries]
}
