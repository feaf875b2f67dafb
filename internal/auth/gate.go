package auth

import (
	"context"
	"runtime"
)

// Gate bounds how many password hashes run at once. Each argon2id check
// takes its memory (19 MiB with DefaultParams) for its whole run, so an
// unbounded burst of sign-ins could exhaust the server's memory; behind
// the gate, a burst waits its turn instead.
type Gate struct{ slots chan struct{} }

// NewGate allows n hashes at once; n ≤ 0 means one per CPU the Go
// runtime uses (GOMAXPROCS), since more would only queue for the CPU.
func NewGate(n int) *Gate {
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	return &Gate{slots: make(chan struct{}, n)}
}

// Do runs fn once a slot is free, or gives up when ctx ends.
func (g *Gate) Do(ctx context.Context, fn func()) error {
	select {
	case g.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-g.slots }()
	fn()
	return nil
}

// Verify is VerifyPassword behind the gate.
func (g *Gate) Verify(ctx context.Context, encoded, pw string) (ok bool, err error) {
	err = g.Do(ctx, func() { ok = VerifyPassword(encoded, pw) })
	return ok && err == nil, err
}

// Dummy is DummyVerify behind the gate: the cost of a check that cannot
// succeed (an unknown account), so that it cannot be told by timing.
func (g *Gate) Dummy(ctx context.Context, p Params) error {
	return g.Do(ctx, func() { DummyVerify(p) })
}

// Hash is HashPassword behind the gate.
func (g *Gate) Hash(ctx context.Context, pw string, p Params) (hash string, err error) {
	err = g.Do(ctx, func() { hash = HashPassword(pw, p) })
	return hash, err
}
