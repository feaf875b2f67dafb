package service

import (
	"context"
	"time"

	"onset/internal/clinic"
)

// Storage opens reads (Q) and write transactions (T). Each capability
// names its own Q and T — only the storage it needs — and package store
// implements them all.
type Storage[Q, T any] interface {
	Read() Q
	WithTx(ctx context.Context, fn func(T) error) error
	Ping(ctx context.Context) error
	// ReplicaHealth reports the read replica's state (Analytical), checked
	// now: for /healthz.
	ReplicaHealth(ctx context.Context) ReplicaHealth
}

// Analytical opens reads that may come from a read replica of the
// database (`onset serve --db-replica`): up to its bound behind the
// primary, on the primary when there is no replica or it is down or
// lagging. For analytics, read-only summaries, exports and searches only:
// never for a read that must see a write just made (a page after a
// redirect, a check inside a write path).
type Analytical[Q any] interface {
	Analytics() Q
}

// ReplicaHealth is the read replica's state.
type ReplicaHealth struct {
	Configured bool          // a replica is configured; the rest is empty when not
	Status     string        // "ok" (Analytics reads it), "lagging" or "down" (Analytics reads the primary)
	Lag        time.Duration // how far behind the primary it is, when LagKnown
	LagKnown   bool
	Err        error // why it is down, for the log only
}

// Queries are the core's own reads.
type Queries interface {
	Clinic(ctx context.Context, id int64) (clinic.Clinic, error)
}

// Tx is the core's own write transaction: the audit trail, and the form
// token every capability's first write uses (Once).
type Tx interface {
	Queries
	FormTx
	AppendAudit(ctx context.Context, e clinic.AuditEntry) error
}
