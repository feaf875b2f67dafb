package cohort

import (
	"context"
	"sync"
	"time"

	"onset/internal/outcomes"
	"onset/internal/service"
)

// bandsTTL is how long a clinic's expected-trajectory bands are reused.
// They summarise every course of the clinic and move slowly; recomputing
// them for each patient page would cost a full cohort read every time.
const bandsTTL = 15 * time.Minute

type bandsKey struct {
	clinicID   int64
	instrument string
}

type bandsEntry struct {
	bands outcomes.Bands
	at    time.Time
}

// bandsCache holds recently computed bands per clinic and instrument.
type bandsCache struct {
	mu      sync.Mutex
	entries map[bandsKey]bandsEntry
}

func (c *bandsCache) get(k bandsKey, now time.Time) (outcomes.Bands, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok || now.Sub(e.at) > bandsTTL {
		return outcomes.Bands{}, false
	}
	return e.bands, true
}

func (c *bandsCache) put(k bandsKey, b outcomes.Bands, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[bandsKey]bandsEntry{}
	}
	c.entries[k] = bandsEntry{bands: b, at: now}
}

// ExpectedBands is TrajectoryBands for the patient page: the same
// aggregate, reused for bandsTTL, and audited on every read.
func (s *Service) ExpectedBands(ctx context.Context, a service.Actor, instrument string) (outcomes.Bands, error) {
	k, now := bandsKey{a.ClinicID, instrument}, s.Now()
	if b, ok := s.bands.get(k, now); ok {
		if err := service.Authorize(a, service.ActOutcomeBands); err != nil {
			return outcomes.Bands{}, err
		}
		return b, s.auditOutcomes(ctx, a, service.ActOutcomeBands, "outcome bands")
	}
	b, err := s.TrajectoryBands(ctx, a, instrument)
	if err != nil {
		return b, err
	}
	s.bands.put(k, b, now)
	return b, nil
}
