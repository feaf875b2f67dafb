package service

import (
	"context"
	"onset/internal/ledger"
)

// LedgerWitness is a second licensed person who confirms an entry by
// entering their own password in the same form, and their current
// two-step code when they use two-step sign-in.
type LedgerWitness struct {
	UserID   int64
	Password string
	Code     string // TOTP; required only of witnesses who have it on
}

// What one capability asks of another goes through these interfaces: the
// capability that answers implements it, and app wires the two together,
// so no capability imports another.

// Witnesses confirms the witness of a controlled-substance entry
// (accounts implements it; the ledger and the dose ask).
type Witnesses interface {
	ConfirmWitness(ctx context.Context, a Actor, w LedgerWitness) (ledger.Person, error)
}
