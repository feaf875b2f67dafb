package settings

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Queries are the reads of the clinic-settings use cases.
type Queries interface {
	service.SettingsReader
	FirstClinic(ctx context.Context) (clinic.Clinic, error)
}

// Tx is a write transaction of the clinic-settings use cases.
type Tx interface {
	Queries
	service.FormTx
	CreateClinicSettings(ctx context.Context, clinicID int64, st record.ClinicSettings) error
	CreateClinic(ctx context.Context, c clinic.Clinic, now time.Time) (int64, error)
	AppendAudit(ctx context.Context, e clinic.AuditEntry) error
}

// Store opens reads and write transactions.
type Store = service.Storage[Queries, Tx]
