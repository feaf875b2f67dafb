// Package custody holds the controlled-substance ledger's use cases:
// stock received, drawn, wasted, moved, counted and corrected, each
// entry checked against the ledger's rules (internal/ledger) and, where
// the law asks for one, witnessed; and the ledger's part in a dose.
package custody

import "onset/internal/service"

// Service runs the ledger's use cases.
type Service struct {
	*service.Core
	store     Store
	witnesses service.Witnesses
}

// New returns the ledger's use cases over st; witnesses confirms the
// second person on waste, destruction and transfers.
func New(core *service.Core, st Store, witnesses service.Witnesses) *Service {
	return &Service{Core: core, store: service.Once(core, st), witnesses: witnesses}
}
