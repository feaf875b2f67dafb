package signoff

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Queries are the reads of the sign-off and REMS use cases.
type Queries interface {
	service.REMSReader
	service.SessionLocker
	service.SessionReader
	service.SessionRulesReader
	Patient(ctx context.Context, clinicID, id int64) (clinic.Patient, error)
	EsketamineSessionsSince(ctx context.Context, clinicID int64, since time.Time) ([]record.TreatmentSession, error)
	SessionRecord(ctx context.Context, clinicID, id int64) (record.SessionRecord, error)
}

// Tx is a write transaction of the sign-off and REMS use cases: its reads and writes commit or roll back together.
type Tx interface {
	Queries
	AppendAudit(ctx context.Context, e clinic.AuditEntry) error
	SaveREMSAnswers(ctx context.Context, r record.REMSAnswers) error
	SignREMSForm(ctx context.Context, clinicID, sessionID, userID int64, name string, at time.Time) error
	SignTreatmentSession(ctx context.Context, clinicID, id, userID int64, name string, at time.Time) error
	CreateAddendum(ctx context.Context, a record.Addendum) (int64, error)
	CreateREMSEnrolment(ctx context.Context, e record.REMSEnrolment) (int64, error)
	// UseFormToken records a sent form's token (forms.go); a token already
	// used is clinic.Conflict.
	UseFormToken(ctx context.Context, token string, clinicID, userID int64, now time.Time) error
}

// Store opens reads and write transactions.
type Store = service.Storage[Queries, Tx]
