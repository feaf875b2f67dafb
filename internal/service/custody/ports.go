package custody

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/ledger"
	"onset/internal/service"
)

// Queries are the reads of the ledger's use cases.
type Queries interface {
	Clinic(ctx context.Context, id int64) (clinic.Clinic, error)
	Users(ctx context.Context, clinicID int64) ([]clinic.User, error)
	Administrations(ctx context.Context, clinicID, patientID int64) ([]clinic.Administration, error)
	LedgerEntries(ctx context.Context, clinicID int64) ([]ledger.Entry, error)
}

// Tx is a write transaction of the ledger's use cases: its reads and writes commit or roll back together.
type Tx interface {
	Queries
	service.LedgerTx // append an entry: lock, replay, store, audit
	CreateLedgerContainer(ctx context.Context, clinicID int64, receipt ledger.Entry, now time.Time) (int64, error)
	// UseFormToken records a sent form's token (forms.go); a token already
	// used is clinic.Conflict.
	UseFormToken(ctx context.Context, token string, clinicID, userID int64, now time.Time) error
}

// Store opens reads and write transactions.
type Store = service.Storage[Queries, Tx]
