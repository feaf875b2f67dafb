package worklist

import (
	"context"
	"sync"
	"time"

	"onset/internal/service"
)

// The menu's count: how many items wait for the actor, on every staff
// page. Gathering the list is a dozen bounded queries, so the count is
// kept per actor for countFresh and reused by every page in that time;
// opening the worklist refreshes it.

// countFresh is how long a count is shown before it is gathered again.
const countFresh = 30 * time.Second

type countKey struct{ clinicID, userID int64 }

type countEntry struct {
	n  int
	at time.Time
}

type countCache struct {
	mu sync.Mutex
	m  map[countKey]countEntry
}

func newCountCache() *countCache { return &countCache{m: map[countKey]countEntry{}} }

func (c *countCache) get(a service.Actor, now time.Time) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[countKey{a.ClinicID, a.UserID}]
	return e.n, ok && now.Sub(e.at) < countFresh && !now.Before(e.at)
}

func (c *countCache) put(a service.Actor, n int, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) > 10_000 { // staff of every clinic; a bound all the same
		clear(c.m)
	}
	c.m[countKey{a.ClinicID, a.UserID}] = countEntry{n, now}
}

// WorklistCount is how many items wait for the actor (the menu's badge).
// It shows no patient data, so it is not audited; the list it counts is
// audited when opened.
func (s *Service) WorklistCount(ctx context.Context, a service.Actor) (int, error) {
	if err := service.Authorize(a, service.ActWorklist); err != nil {
		return 0, err
	}
	now := s.Now()
	if n, ok := s.counts.get(a, now); ok {
		return n, nil
	}
	_, total, err := s.gather(ctx, a, "")
	if err != nil {
		return 0, err
	}
	s.counts.put(a, total, now)
	return total, nil
}
