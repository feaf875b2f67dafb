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
// nothing. One mechanism for every use case: each capability's storage is
// wrapped (Once) so each WithTx does this itself.
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

// FormTx is what a transaction needs to use a form's token.
type FormTx interface {
	UseFormToken(ctx context.Context, token string, clinicID, userID int64, now time.Time) error
}

// Once wraps a capability's storage so that its first write transaction
// uses the request's form token (see above). Every capability's use cases
// write through it.
func Once[Q any, T FormTx](c *Core, st Storage[Q, T]) Storage[Q, T] {
	return onceStorage[Q, T]{Storage: st, now: c.Now}
}

type onceStorage[Q any, T FormTx] struct {
	Storage[Q, T]
	now func() time.Time
}

func (o onceStorage[Q, T]) WithTx(ctx context.Context, fn func(T) error) error {
	ft, _ := ctx.Value(formTokenKey{}).(*formToken)
	if ft == nil || ft.used.Load() {
		return o.Storage.WithTx(ctx, fn)
	}
	err := o.Storage.WithTx(ctx, func(tx T) error {
		if err := tx.UseFormToken(ctx, ft.value, ft.clinicID, ft.userID, o.now()); err != nil {
			return err
		}
		return fn(tx)
	})
	if err == nil {
		ft.used.Store(true)
	}
	return err
}

// Side returns ctx for a transaction that is not the use case's write: it
// does not use the request's form token.
func Side(ctx context.Context) context.Context {
	return context.WithValue(ctx, formTokenKey{}, (*formToken)(nil))
}
