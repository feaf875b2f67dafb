// Package ledger holds the rules of the controlled-substance ledger for
// Schedule III ketamine and esketamine (clinical-reference.md §5.4): stock
// received by invoice, containers with running balances, draws tied to a
// dose administration, witnessed waste, transfers and returns, destruction
// with two witnesses (DEA Form 41), physical counts, reconciliation that
// starts a theft/loss report (DEA notice within 1 business day, Form 106
// within 45 days) and the biennial inventory.
//
// It is pure: no clock, no I/O, no mutable package state. Times and IDs are
// parameters; the store assigns entry IDs and persists entries, and uses
// Ledger.Apply inside its write transaction to check an entry against the
// state it has replayed.
//
// The ledger is append-only. An entry is never changed or removed: a
// correction is a new entry of the same kind, on the same container, whose
// Corrects field names the entry it replaces (the latest of a chain). Its
// effect replaces the corrected entry's effect; a correction with a zero
// quantity voids a draw, waste, transfer, return, destruction or
// adjustment.
//
// Every entry touches exactly one container, so a store may replay only the
// entries of the containers an entry touches (Replay).
//
// Quantities are held as whole micrograms (Amount) so that sums are exact
// and "never negative" is a plain integer comparison. Liquid vials convert
// mL to mg with their concentration; esketamine devices count whole 28 mg
// units (§1.4).
package ledger
