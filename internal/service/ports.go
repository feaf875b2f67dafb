package service

import (
	"context"

	"onset/internal/clinic"
)

// Storage opens reads (Q) and write transactions (T). Each capability
// names its own Q and T — only the storage it needs — and package store
// implements them all.
type Storage[Q, T any] interface {
	Read() Q
	WithTx(ctx context.Context, fn func(T) error) error
	Ping(ctx context.Context) error
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
