package cohort

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"onset/internal/clinic"
	"onset/internal/outcomes"
	"onset/internal/scales"
)

// Patients' estimates share a clinic's courses, their factors and the
// models fitted on them: a snapshot per clinic and instrument, kept for
// likeYouTTL, so a patient's page costs a prediction, not a fit.

// likeYouTTL is how long a snapshot serves (clinic default: these are
// aggregates, which may lag as a read replica's do; a new course or intake
// reaches the estimates within it).
const likeYouTTL = 5 * time.Minute

type likeYouKey struct {
	clinic     int64
	instrument string
}

// likeYouCache holds the snapshots: the last good one of each clinic and
// instrument, and the one being filled.
type likeYouCache struct {
	mu      sync.Mutex
	snaps   map[likeYouKey]*likeYouSnap
	filling map[likeYouKey]*likeYouSnap
}

type likeYouSnap struct {
	ready   chan struct{} // closed once filled (or failed: err)
	err     error
	at      time.Time
	rows    []outcomes.CourseRow
	src     outcomes.FactorSources
	factors map[int64]outcomes.CourseFactors
	usable  map[string]bool // candidates that vary and at least MinModelCourses courses record

	mu     sync.Mutex
	models map[string]*outcomes.CohortModel // by covariate names; nil: not enough to show
}

// errPreparing says a clinic's first snapshot is still being filled.
var errPreparing = errors.New("cohort: the estimates are being prepared")

// likeYouWait is how long a patient's page waits for a clinic's first
// snapshot before it says the estimate is being prepared: a small clinic
// fills well within it; a large one (the first time, tens of seconds at
// 100,000 patients) never holds a page up.
const likeYouWait = 300 * time.Millisecond

// likeYouSnapshot returns the clinic's snapshot for inst. One older than
// likeYouTTL is served while a fresh one fills in the background (one
// fill at a time); with none yet, the caller waits for the fill, at most
// patience when patience > 0 (then errPreparing).
func (s *Service) likeYouSnapshot(ctx context.Context, clinicID int64, inst scales.Instrument, patience time.Duration) (*likeYouSnap, error) {
	c := &s.estimates
	key := likeYouKey{clinicID, inst.ID}
	now := s.Now()
	c.mu.Lock()
	if c.snaps == nil {
		c.snaps, c.filling = map[likeYouKey]*likeYouSnap{}, map[likeYouKey]*likeYouSnap{}
	}
	cur := c.snaps[key]
	if cur != nil && now.Sub(cur.at) <= likeYouTTL && !now.Before(cur.at) {
		c.mu.Unlock()
		return cur, nil
	}
	next := c.filling[key]
	if next == nil {
		next = &likeYouSnap{ready: make(chan struct{})}
		c.filling[key] = next
		// The fill outlives the request that started it: a context of its
		// own (not the request's, whose audit batch it must not join).
		go func() {
			err := s.fillLikeYou(context.Background(), next, clinicID, inst, now)
			c.mu.Lock()
			delete(c.filling, key)
			if err == nil {
				if len(c.snaps) > 1024 { // many clinics: start again rather than grow
					clear(c.snaps)
				}
				c.snaps[key] = next
			}
			c.mu.Unlock()
			next.err = err
			close(next.ready)
		}()
	}
	c.mu.Unlock()
	if cur != nil {
		return cur, nil // a little stale while the new one fills
	}
	var timeout <-chan time.Time
	if patience > 0 {
		t := time.NewTimer(patience)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-next.ready:
		if next.err != nil {
			return nil, next.err
		}
		return next, nil
	case <-timeout:
		return nil, errPreparing
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (s *Service) fillLikeYou(ctx context.Context, snap *likeYouSnap, clinicID int64, inst scales.Instrument, now time.Time) error {
	rows, err := s.cachedCourseRows(ctx, clinicID, inst, time.Time{}, time.Time{})
	if err != nil {
		return err
	}
	src, err := s.analytics.Analytics().CohortFactors(ctx, clinicID, false)
	if err != nil {
		return clinic.Wrap(err, "Could not load the courses' factors.")
	}
	snap.rows, snap.src = rows, src
	snap.factors = outcomes.FactorsOf(rows, src)
	snap.usable = map[string]bool{}
	for _, name := range likeYouCandidates {
		c, _ := outcomes.LookupModelCovariate(name)
		if present, _, varies := c.Coverage(rows, snap.factors, outcomes.EventResponse); varies && present >= MinModelCourses {
			snap.usable[name] = true
		}
	}
	snap.models = map[string]*outcomes.CohortModel{}
	snap.at = now
	return nil
}

// model is the snapshot's model on covs (Efron ties, time to response),
// fitted once; nil when it cannot be fitted or has fewer than
// MinModelCourses courses or outcomes.MinEventsPerParameter responses per
// coefficient.
func (snap *likeYouSnap) model(covs []outcomes.ModelCovariate) *outcomes.CohortModel {
	names := make([]string, len(covs))
	for i, c := range covs {
		names[i] = c.Name
	}
	key := strings.Join(names, ",")
	snap.mu.Lock()
	defer snap.mu.Unlock()
	if m, ok := snap.models[key]; ok {
		return m
	}
	m, err := outcomes.FitCohortModel(snap.rows, snap.factors, outcomes.EventResponse, covs, nil, outcomes.Efron)
	var out *outcomes.CohortModel
	if err == nil && m.Fit.N >= MinModelCourses && float64(m.Fit.Events) >= outcomes.MinEventsPerParameter*float64(len(m.Fit.Coefs)) {
		out = &m
	}
	snap.models[key] = out
	return out
}
