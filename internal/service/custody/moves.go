package custody

import (
	"context"
	"slices"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/ledger"
	"onset/internal/service"
)

// LedgerMoveInput takes stock out of a container other than by a dose:
// a transfer to another registrant or a return to the supplier or a
// reverse distributor (both by invoice for Schedule III), or destruction
// on site with two witnesses (DEA Form 41; clinical-reference §5.4).
type LedgerMoveInput struct {
	Kind         string // "transfer", "return" or "destroy"
	ContainerID  int64
	Mg, ML       float64
	Units        int
	Invoice      string // transfer and return
	Recipient    string // transfer and return: who receives it
	RecipientDEA string
	Method       string // destroy: how it was made non-retrievable
	Reason       string
	Witnesses    [2]service.LedgerWitness // destroy
}

// MoveStock records a transfer, return or destruction; the ledger's rules
// (invoice and recipient, two distinct licensed witnesses, balance never
// below zero) decide, inside the container's lock.
func (s *Service) MoveStock(ctx context.Context, a service.Actor, in LedgerMoveInput) (ledger.Entry, error) {
	if err := service.Authorize(a, service.ActLedgerRecord); err != nil {
		return ledger.Entry{}, err
	}
	kind := ledger.Kind(in.Kind)
	if kind != ledger.Transfer && kind != ledger.Return && kind != ledger.Destroy {
		return ledger.Entry{}, clinic.Errorf(clinic.Invalid, "Choose transfer, return or destroy.")
	}
	e := ledger.Entry{Kind: kind, At: s.Now(), ContainerID: in.ContainerID, Actor: ledgerPerson(a),
		Mg: in.Mg, ML: in.ML, Units: in.Units, Invoice: strings.TrimSpace(in.Invoice),
		Supplier: strings.TrimSpace(in.Recipient), SupplierDEA: strings.TrimSpace(in.RecipientDEA),
		Method: strings.TrimSpace(in.Method), Reason: strings.TrimSpace(in.Reason)}
	if kind == ledger.Destroy {
		for _, w := range in.Witnesses {
			p, err := s.witnesses.ConfirmWitness(ctx, a, w) // before the write: see witness.go
			if err != nil {
				return ledger.Entry{}, err
			}
			e.Witnesses = append(e.Witnesses, p)
		}
	}
	err := s.store.WithTx(ctx, func(tx Tx) error {
		var err error
		_, e, err = s.appendLedger(ctx, tx, a, e, 0)
		return err
	})
	return e, clinic.Wrap(err, "Could not record the entry.")
}

// Inventory is the biennial (or initial) inventory of the clinic's
// Schedule III stock as of at, rebuilt from the ledger (21 CFR 1304.11;
// clinical-reference §5.4): every container on hand, with totals by drug.
func (s *Service) Inventory(ctx context.Context, a service.Actor, at time.Time, when ledger.Opening) (ledger.Inventory, error) {
	if err := service.Authorize(a, service.ActLedgerRead); err != nil {
		return ledger.Inventory{}, err
	}
	if err := clinic.ReportDate.Check(at, s.Now()); err != nil {
		return ledger.Inventory{}, err
	}
	v, err := s.Ledger(ctx, a) // authorizes and audits the read
	if err != nil {
		return ledger.Inventory{}, err
	}
	entries := slices.Clone(v.Entries)
	slices.Reverse(entries) // the view lists newest first; the inventory replays in order
	inv, err := ledger.TakeInventory(entries, at, when)
	return inv, clinic.Wrap(err, "Could not take the inventory.")
}
