package service

import (
	"context"
	"sync/atomic"
	"time"
)

// A form sent twice stores one record. Every web form that posts carries
// a random token; the route wrapper puts it in the request's context
// (WithFormToken), and the first write transaction of the use case stores
// it (Tx.UseFormToken) before anything else. The same form sent again —
// a double click, back and send again, two requests at once — meets the
// stored token and is refused as a Conflict, and its transaction writes
// nothing. One mechanism for every use case: the Service's store is
// wrapped (onceStore) so each WithTx does this itself.
//
// Transactions that are not the use case's write — recording a read in
// the audit trail, reserving a sign-in attempt, auditing a failed witness
// — run through sideTx and leave the token alone, so a form refused after
// them can be corrected and sent again.

type formTokenKey struct{}

type formToken struct {
	value            string
	clinicID, userID int64
	used             atomic.Bool
}

// WithFormToken returns ctx carrying the token of the form being sent and
// who sent it (0 and 0 without a sign-in).
func WithFormToken(ctx context.Context, token string, clinicID, userID int64) context.Context {
	return context.WithValue(ctx, formTokenKey{}, &formToken{value: token, clinicID: clinicID, userID: userID})
}

// onceStore is the Store every use case writes through.
type onceStore struct {
	Store
	now func() time.Time
}

func (o onceStore) WithTx(ctx context.Context, fn func(Tx) error) error {
	ft, _ := ctx.Value(formTokenKey{}).(*formToken)
	if ft == nil || ft.used.Load() {
		return o.Store.WithTx(ctx, fn)
	}
	err := o.Store.WithTx(ctx, func(tx Tx) error {
		if err := tx.UseFormToken(ctx, ft.value, ft.clinicID, ft.userID, o.now().UTC()); err != nil {
			return err
		}
		return fn(tx)
	})
	if err == nil {
		ft.used.Store(true)
	}
	return err
}

// sideTx runs fn in a transaction that is not the use case's write: it
// does not use the request's form token.
func (s *Service) sideTx(ctx context.Context, fn func(Tx) error) error {
	return s.store.WithTx(context.WithValue(ctx, formTokenKey{}, (*formToken)(nil)), fn)
}
