package outreach

import (
	"errors"
	"testing"
	"time"
)

func TestRetryAt(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 8, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		attempts int
		base     time.Duration
	}{{0, 15 * time.Minute}, {1, 30 * time.Minute}, {3, 2 * time.Hour}, {5, 6 * time.Hour}, {40, 6 * time.Hour}} {
		seen := map[time.Time]bool{}
		for range 50 {
			at := retryAt(now, c.attempts, errors.New("busy"))
			if d := at.Sub(now); d < c.base || d >= c.base+c.base/4 {
				t.Fatalf("attempt %d: retry after %v, want [%v, %v)", c.attempts, d, c.base, c.base+c.base/4)
			}
			seen[at] = true
		}
		if len(seen) < 10 {
			t.Errorf("attempt %d: %d distinct retry times in 50: no jitter", c.attempts, len(seen))
		}
	}
	if at := retryAt(now, 0, Permanent(errors.New("no such user"))); !at.IsZero() {
		t.Errorf("a permanent failure retries at %v", at)
	}
}
