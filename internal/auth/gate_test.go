package auth

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestGateBoundsConcurrency: however many callers arrive at once, no more
// than the gate's slots run together, and a caller whose context ends
// stops waiting.
func TestGateBoundsConcurrency(t *testing.T) {
	t.Parallel()
	for _, slots := range []int{1, 2, 4} {
		g := NewGate(slots)
		var running, peak atomic.Int32
		var wg sync.WaitGroup
		for range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := g.Do(t.Context(), func() {
					n := running.Add(1)
					for {
						p := peak.Load()
						if n <= p || peak.CompareAndSwap(p, n) {
							break
						}
					}
					time.Sleep(time.Millisecond)
					running.Add(-1)
				})
				if err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if p := peak.Load(); p > int32(slots) || p < 1 {
			t.Errorf("%d slots: %d ran at once", slots, p)
		}
	}
	g := NewGate(1)
	hold := make(chan struct{})
	go g.Do(t.Context(), func() { <-hold })
	defer close(hold)
	for len(g.slots) == 0 {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer cancel()
	if _, err := g.Verify(ctx, HashPassword("x", TestParams), "x"); err == nil {
		t.Error("a caller waited past its context")
	}
}

func TestGateVerifyAndHash(t *testing.T) {
	t.Parallel()
	g := NewGate(0)
	if cap(g.slots) < 1 {
		t.Fatalf("%d slots", cap(g.slots))
	}
	h, err := g.Hash(t.Context(), "correct horse battery", TestParams)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		pw   string
		want bool
	}{{"correct horse battery", true}, {"wrong", false}} {
		if ok, err := g.Verify(t.Context(), h, tc.pw); ok != tc.want || err != nil {
			t.Errorf("Verify(%q) = %v, %v", tc.pw, ok, err)
		}
	}
	if err := g.Dummy(t.Context(), TestParams); err != nil {
		t.Error(err)
	}
}

// TestMatchTOTPStep: the step returned is the one whose code was given,
// within one step of skew either way.
func TestMatchTOTPStep(t *testing.T) {
	t.Parallel()
	const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	at := time.Unix(1_800_000_000, 0) // a multiple of 30 s
	now := at.Unix() / 30
	for _, tc := range []struct {
		codeAt time.Time
		step   int64
		ok     bool
	}{
		{at, now, true},
		{at.Add(-30 * time.Second), now - 1, true},
		{at.Add(30 * time.Second), now + 1, true},
		{at.Add(60 * time.Second), 0, false},
		{at.Add(-60 * time.Second), 0, false},
	} {
		code, err := TOTPCode(secret, tc.codeAt)
		if err != nil {
			t.Fatal(err)
		}
		if step, ok := MatchTOTP(secret, code, at.Add(29*time.Second)); ok != tc.ok || (ok && step != tc.step) {
			t.Errorf("code of %v: step %d ok %v, want %d %v", tc.codeAt.Sub(at), step, ok, tc.step, tc.ok)
		}
	}
	for _, bad := range []string{"", "12345", "1234567", "abcdef"} {
		if _, ok := MatchTOTP(secret, bad, at); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}
