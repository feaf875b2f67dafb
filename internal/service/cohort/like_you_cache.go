package cohort

import (
	"context"
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

// likeYouCache holds the snapshots, each filled under its own lock.
type likeYouCache struct {
	mu    sync.Mutex
	snaps map[likeYouKey]*likeYouSnap
}

type likeYouSnap struct {
	fill    sync.Mutex // held while the snapshot is read
	at      time.Time
	rows    []outcomes.CourseRow
	src     outcomes.FactorSources
	factors map[int64]outcomes.CourseFactors
	usable  map[string]bool // candidates that vary and at least MinModelCourses courses record

	mu     sync.Mutex
	models map[string]*outcomes.CohortModel // by covariate names; nil: not enough to show
}

// likeYouSnapshot returns the clinic's snapshot for inst, reading it again
// when older than likeYouTTL.
func (s *Service) likeYouSnapshot(ctx context.Context, clinicID int64, inst scales.Instrument) (*likeYouSnap, error) {
	c := &s.estimates
	c.mu.Lock()
	if c.snaps == nil {
		c.snaps = map[likeYouKey]*likeYouSnap{}
	}
	key := likeYouKey{clinicID, inst.ID}
	snap := c.snaps[key]
	now := s.Now()
	if snap == nil || now.Sub(snap.at) > likeYouTTL || now.Before(snap.at) {
		if len(c.snaps) > 1024 { // many clinics: start again rather than grow
			clear(c.snaps)
		}
		snap = &likeYouSnap{}
		snap.fill.Lock()
		c.snaps[key] = snap
		c.mu.Unlock()
		err := s.fillLikeYou(ctx, snap, clinicID, inst, now)
		snap.fill.Unlock()
		if err != nil {
			c.mu.Lock()
			if c.snaps[key] == snap {
				delete(c.snaps, key)
			}
			c.mu.Unlock()
			return nil, err
		}
		return snap, nil
	}
	c.mu.Unlock()
	snap.fill.Lock() // wait for a fill in progress
	defer snap.fill.Unlock()
	if snap.factors == nil { // its fill failed
		return s.likeYouSnapshot(ctx, clinicID, inst)
	}
	return snap, nil
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
