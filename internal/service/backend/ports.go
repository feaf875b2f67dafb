package backend

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Queries are the reads of the backend-client use cases.
type Queries interface {
	BackendClients(ctx context.Context, clinicID int64) ([]record.BackendClient, error)
	BackendClient(ctx context.Context, clinicID, id int64) (record.BackendClient, error)
	BackendClientByClientID(ctx context.Context, clientID string) (record.BackendClient, error)
	BackendClientByRow(ctx context.Context, id int64) (record.BackendClient, error)
	BackendTokenByHash(ctx context.Context, hash string) (record.BackendToken, error)
}

// Tx is a write transaction of the backend-client use cases.
type Tx interface {
	Queries
	service.FormTx
	CreateBackendClient(ctx context.Context, c record.BackendClient) (int64, error)
	RevokeBackendClient(ctx context.Context, clinicID, id int64, now time.Time) error
	TakeAssertion(ctx context.Context, client int64, jti string, expires, now time.Time) error
	CreateBackendToken(ctx context.Context, t record.BackendToken) error
	AppendAudit(ctx context.Context, e clinic.AuditEntry) error
}

// Store opens reads and write transactions.
type Store = service.Storage[Queries, Tx]
