// Package accounts holds who may sign in and how: user accounts, sign-in
// and sign-out, the throttle on typed secrets, two-step codes, API
// tokens, and the witness check of controlled-substance entries.
package accounts

import (
	"context"

	"onset/internal/service"
)

// Service runs the accounts use cases.
type Service struct {
	*service.Core
	store Store
}

// New returns the accounts use cases over st.
func New(core *service.Core, st Store) *Service {
	return &Service{Core: core, store: service.Once(core, st)}
}

// sideTx runs fn in a transaction that is not the use case's write.
func (s *Service) sideTx(ctx context.Context, fn func(Tx) error) error {
	return s.store.WithTx(service.Side(ctx), fn)
}
