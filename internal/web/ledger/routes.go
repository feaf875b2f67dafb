// Package ledger serves the controlled-substance ledger's pages: the
// balances and entries, receipts, counts, waste, corrections, moves
// between containers and the inventory.
package ledger

import (
	"onset/internal/service"
	"onset/internal/web/page"
)

// Pages serves the routes below; it builds on the Kit every page uses.
type Pages struct{ *page.Kit }

// New makes the handlers over k.
func New(k *page.Kit) *Pages { return &Pages{Kit: k} }

// Routes are the routes this package serves, for package web to mount.
func (s *Pages) Routes() []page.Route {
	return []page.Route{
		page.Full("GET /ledger", service.ActLedgerRead, s.ledgerPage),
		page.Full("POST /ledger/receive", service.ActLedgerRecord, s.ledgerReceive),
		page.Full("POST /ledger/count", service.ActLedgerRecord, s.ledgerCount),
		page.Full("POST /ledger/waste", service.ActLedgerRecord, s.ledgerWaste),
		page.Full("POST /ledger/correct", service.ActLedgerRecord, s.ledgerCorrect),
		page.Full("POST /ledger/move", service.ActLedgerRecord, s.ledgerMove),
		page.Full("GET /ledger/inventory", service.ActLedgerRead, s.ledgerInventory),
	}
}
