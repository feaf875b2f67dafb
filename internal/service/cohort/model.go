package cohort

import (
	"context"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/outcomes"
	"onset/internal/service"
)

// ModelQuery chooses a Cox model of the clinic's courses (issue 15).
type ModelQuery struct {
	Instrument string
	Event      string            // response (default), remission or relapse
	Covariates []string          // outcomes.ModelCovariates names
	Ties       string            // efron (default) or breslow
	References map[string]string // covariate → reference level
	From, To   time.Time
	Provider   int64
}

// DefaultModelCovariates are what the dashboard adjusts for when nobody
// chose: psychotherapy, the route and the baseline score, which nearly
// every course has, and the intake's treatment resistance; those that do
// not vary among the clinic's courses, or that fewer than half of them
// record, are dropped.
var DefaultModelCovariates = []string{"therapy", "route", "baseline", "failed_trials"}

// MaxModelCovariates caps one model's covariates.
const MaxModelCovariates = 12

// needsAnswers reports whether a covariate reads baseline answers.
func needsAnswers(covs []outcomes.ModelCovariate) bool {
	for _, c := range covs {
		switch c.Name {
		case "phq9_sleep", "qids_sleep", "gad7":
			return true
		}
	}
	return false
}

// ParseTies reads efron (or "") and breslow.
func ParseTies(s string) (outcomes.CoxTies, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "efron":
		return outcomes.Efron, nil
	case "breslow":
		return outcomes.Breslow, nil
	}
	return outcomes.Efron, clinic.Errorf(clinic.Invalid, "ties must be efron or breslow, got %q", s)
}

// OutcomeModel fits a Cox proportional-hazards model of the clinic's
// courses: the time to an event adjusted for the covariates together.
// Aggregate data, authorized and audited as the dashboard is.
func (s *Service) OutcomeModel(ctx context.Context, a service.Actor, q ModelQuery) (outcomes.CohortModel, error) {
	if err := service.Authorize(a, service.ActOutcomesRead); err != nil {
		return outcomes.CohortModel{}, err
	}
	m, err := s.outcomeModel(ctx, a.ClinicID, q)
	if err != nil {
		return m, err
	}
	return m, s.auditOutcomes(ctx, a, service.ActOutcomesRead, "outcome model")
}

// outcomeModel is OutcomeModel without authorization and audit, and the
// course factors it read (for a patient's estimate).
func (s *Service) outcomeModel(ctx context.Context, clinicID int64, q ModelQuery) (outcomes.CohortModel, error) {
	m, _, _, err := s.modelWithRows(ctx, clinicID, q)
	return m, err
}

func (s *Service) modelWithRows(ctx context.Context, clinicID int64, q ModelQuery) (outcomes.CohortModel, []outcomes.CourseRow, map[int64]outcomes.CourseFactors, error) {
	sp, err := OutcomeQuery{Instrument: q.Instrument, Event: q.Event, From: q.From, To: q.To}.validate(s.Now())
	if err != nil {
		return outcomes.CohortModel{}, nil, nil, err
	}
	if len(q.Covariates) > MaxModelCovariates {
		return outcomes.CohortModel{}, nil, nil, clinic.Errorf(clinic.Invalid, "Choose at most %d covariates.", MaxModelCovariates)
	}
	chosen := len(q.Covariates) > 0
	if !chosen {
		q.Covariates = DefaultModelCovariates
	}
	covs, err := outcomes.ParseModelCovariates(strings.Join(q.Covariates, ","))
	if err != nil {
		return outcomes.CohortModel{}, nil, nil, err
	}
	ties, err := ParseTies(q.Ties)
	if err != nil {
		return outcomes.CohortModel{}, nil, nil, err
	}
	rows, err := s.cachedCourseRows(ctx, clinicID, sp.inst, q.From, q.To)
	if err != nil {
		return outcomes.CohortModel{}, nil, nil, err
	}
	rows = byProvider(rows, q.Provider)
	var src outcomes.FactorSources
	if needsAnswers(covs) {
		if src, err = s.analytics.Analytics().CohortFactors(ctx, clinicID, true); err != nil {
			return outcomes.CohortModel{}, nil, nil, clinic.Wrap(err, "Could not load the courses' factors.")
		}
	} else { // the intakes and sessions read for patients' estimates, at most likeYouTTL old
		snap, err := s.likeYouSnapshot(ctx, clinicID, sp.inst, 0)
		if err != nil {
			return outcomes.CohortModel{}, nil, nil, err
		}
		src = snap.src
	}
	factors := outcomes.FactorsOf(rows, src)
	if !chosen { // the defaults the clinic's courses can estimate
		var keep []outcomes.ModelCovariate
		for _, c := range covs {
			if present, total, varies := c.Coverage(rows, factors, sp.event); varies && 2*present >= total {
				keep = append(keep, c)
			}
		}
		if len(keep) == 0 {
			return outcomes.CohortModel{}, rows, factors, clinic.Errorf(clinic.Invalid, "No factor varies among the clinic's courses with a time to %s yet: there is nothing to compare.", sp.event)
		}
		covs = keep
	}
	m, err := outcomes.FitCohortModel(rows, factors, sp.event, covs, q.References, ties)
	if err != nil && clinic.ErrorCode(err) != clinic.Invalid {
		err = clinic.Wrap(err, "Could not fit the model.")
	}
	return m, rows, factors, err
}
