package apitokens

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/service"
)

// Queries are the reads of the API-token use cases.
type Queries interface {
	APITokens(ctx context.Context, userID int64) ([]clinic.APIToken, error)
}

// Tx is a write transaction of the API-token use cases.
type Tx interface {
	Queries
	service.FormTx
	CreateAPIToken(ctx context.Context, t clinic.APIToken) (int64, error)
	RevokeAPIToken(ctx context.Context, userID, tokenID int64, now time.Time) error
	AppendAudit(ctx context.Context, e clinic.AuditEntry) error
}

// Store opens reads and write transactions.
type Store = service.Storage[Queries, Tx]
