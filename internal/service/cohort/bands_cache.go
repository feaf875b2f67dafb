package cohort

import (
	"context"
	"sync"
	"time"

	"onset/internal/clinic"
	"onset/internal/outcomes"
	"onset/internal/scales"
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

// bandsCache holds each clinic's bands and, while they are computed, the
// computation, so that one is made at a time per clinic and instrument:
// when a clinic's bands expire, every patient page open at that moment
// would otherwise read the whole clinic's history at once (the load
// test's patient pages waited up to 30 s for each other on PostgreSQL).
type bandsCache struct {
	mu      sync.Mutex
	entries map[bandsKey]bandsEntry
	running map[bandsKey]*bandsRun
}

// bandsRun is one computation; done closes when it ends.
type bandsRun struct {
	done  chan struct{}
	bands outcomes.Bands
	err   error
}

// ExpectedBands is TrajectoryBands from the cache: fresh bands at once;
// expired ones at once too while one computation brings them up to date
// in the background; none yet, after the one computation every caller
// waits for. The read is audited for the actor either way.
func (s *Service) ExpectedBands(ctx context.Context, a service.Actor, instrument string) (outcomes.Bands, error) {
	if err := service.Authorize(a, service.ActOutcomeBands); err != nil {
		return outcomes.Bands{}, err
	}
	inst, ok := scales.Lookup(instrument)
	if !ok {
		return outcomes.Bands{}, clinic.Errorf(clinic.Invalid, "Unknown instrument %q.", instrument)
	}
	e, have, fresh, run := s.bandsState(bandsKey{a.ClinicID, instrument}, inst)
	if fresh || have { // fresh, or stale while the computation runs
		return e.bands, s.auditOutcomes(ctx, a, service.ActOutcomeBands, "outcome bands")
	}
	select {
	case <-run.done:
	case <-ctx.Done():
		return outcomes.Bands{}, ctx.Err()
	}
	if run.err != nil {
		return outcomes.Bands{}, run.err
	}
	return run.bands, s.auditOutcomes(ctx, a, service.ActOutcomeBands, "outcome bands")
}

// bandsState returns the bands kept for k (have: any; fresh: within
// bandsTTL) and, unless fresh, the one computation bringing them up to
// date, started when none runs (detached from the request: its result
// serves the callers after it).
func (s *Service) bandsState(k bandsKey, inst scales.Instrument) (e bandsEntry, have, fresh bool, run *bandsRun) {
	now := s.Now()
	c := &s.bands
	c.mu.Lock()
	defer c.mu.Unlock()
	e, have = c.entries[k]
	if have && now.Sub(e.at) <= bandsTTL && !now.Before(e.at) {
		return e, true, true, nil
	}
	if run = c.running[k]; run == nil {
		run = &bandsRun{done: make(chan struct{})}
		if c.running == nil {
			c.running = map[bandsKey]*bandsRun{}
		}
		c.running[k] = run
		go s.computeBands(context.Background(), k, inst, run) // outlives the request; never joins its audit batch
	}
	return e, have, false, run
}

// computeBands reads the clinic's courses once and publishes the bands.
func (s *Service) computeBands(ctx context.Context, k bandsKey, inst scales.Instrument, run *bandsRun) {
	rows, err := s.courseRows(ctx, k.clinicID, inst, time.Time{}, time.Time{}, true)
	if err == nil {
		run.bands = outcomes.TrajectoryBands(rows)
	}
	run.err = err
	c := &s.bands
	c.mu.Lock()
	if err == nil {
		if c.entries == nil {
			c.entries = map[bandsKey]bandsEntry{}
		}
		c.entries[k] = bandsEntry{bands: run.bands, at: s.Now()}
	}
	delete(c.running, k)
	c.mu.Unlock()
	close(run.done)
}
