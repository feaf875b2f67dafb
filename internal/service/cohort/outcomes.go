package cohort

import (
	"context"
	"slices"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/outcomes"
	"onset/internal/scales"
	"onset/internal/service"
)

// OutcomeQuery chooses what the clinic's outcomes are computed on.
type OutcomeQuery struct {
	Instrument string    // scales ID, e.g. "phq9"
	Event      string    // response (default), remission or relapse
	By         string    // a stratum factor; "" for one group
	Times      []float64 // days after T0 at which to read the curves
	From, To   time.Time // courses whose T0 is in [From, To); zero means open
	Provider   int64     // only courses whose first recorded dose this user gave; 0 for all
}

// ProviderOption is a clinician who gave the first recorded dose of at
// least one course, for the dashboard's provider filter.
type ProviderOption struct {
	ID      int64
	Name    string
	Courses int
}

// providersOf lists the providers of rows, by name.
func providersOf(rows []outcomes.CourseRow) []ProviderOption {
	at := map[int64]int{} // provider → index in out (a pointer would go stale as out grows)
	var out []ProviderOption
	for _, r := range rows {
		if r.Facts.Provider == 0 {
			continue
		}
		if i, ok := at[r.Facts.Provider]; ok {
			out[i].Courses++
			continue
		}
		at[r.Facts.Provider] = len(out)
		out = append(out, ProviderOption{ID: r.Facts.Provider, Name: r.Facts.ProviderName, Courses: 1})
	}
	slices.SortFunc(out, func(a, b ProviderOption) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// byProvider keeps the rows of one provider's courses (all when id is 0).
func byProvider(rows []outcomes.CourseRow, id int64) []outcomes.CourseRow {
	if id == 0 {
		return rows
	}
	var out []outcomes.CourseRow
	for _, r := range rows {
		if r.Facts.Provider == id {
			out = append(out, r)
		}
	}
	return out
}

// MaxOutcomeTimes caps how many times one request may read curves at.
const MaxOutcomeTimes = 50

// DashboardTimes are the times the dashboard reads cumulative response and
// remission at: 24 h, 72 h, 7 days and 28 days after T0, each plus its
// visit window (outcomes.Readouts, design.md §3): 28 h, 84 h, 8 and 31 days.
var DashboardTimes = outcomes.ReadoutTimes(outcomes.Readouts)

type outcomeSpec struct {
	inst  scales.Instrument
	event outcomes.Event
	by    outcomes.Factor
}

func (q OutcomeQuery) validate(now time.Time) (outcomeSpec, error) {
	var sp outcomeSpec
	inst, ok := scales.Lookup(q.Instrument)
	if !ok {
		return sp, clinic.Errorf(clinic.Invalid, "Unknown instrument %q.", q.Instrument)
	}
	if inst.ResponseDropPct <= 0 {
		return sp, clinic.Errorf(clinic.Invalid, "%s has no response rule, so it has no outcome curves.", inst.Name)
	}
	ev, err := outcomes.ParseEvent(q.Event)
	if err != nil {
		return sp, err
	}
	if ev == outcomes.EventRemission && !inst.HasRemission {
		return sp, clinic.Errorf(clinic.Invalid, "%s has no remission cut-off.", inst.Name)
	}
	by, err := outcomes.ParseFactor(q.By)
	if err != nil {
		return sp, err
	}
	if len(q.Times) > MaxOutcomeTimes {
		return sp, clinic.Errorf(clinic.Invalid, "Ask for at most %d times.", MaxOutcomeTimes)
	}
	for _, t := range q.Times {
		if err := clinic.Days.Check("each time (days after the first treatment)", t); err != nil {
			return sp, err
		}
	}
	for _, d := range []time.Time{q.From, q.To} {
		if !d.IsZero() { // zero: no bound
			if err := clinic.ReportDate.Check(d, now); err != nil {
				return sp, err
			}
		}
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.To.After(q.From) {
		return sp, clinic.Errorf(clinic.Invalid, "The end of the date range must be after its start.")
	}
	return outcomeSpec{inst, ev, by}, nil
}

// cohortInstrument is what outcomes needs of a scales instrument, with
// the clinic's minimum baseline (min_baseline.go).
func cohortInstrument(in scales.Instrument, minBaseline int) outcomes.Instrument {
	ci := outcomes.Instrument{ID: in.ID, RemissionMax: in.RemissionMax, HasRemission: in.HasRemission, Severity: in.Severity,
		MinBaseline: minBaseline, ResponseDropPct: in.ResponseDropPct}
	for _, b := range in.Bands {
		ci.Bands = append(ci.Bands, b.Label)
	}
	return ci
}

// courseRows evaluates every course of the clinic on inst whose T0 falls
// in [from, to). Follow-ups are kept only when keepFollowUps is set: a
// large clinic's curves need only the times to event.
func (s *Service) courseRows(ctx context.Context, clinicID int64, inst scales.Instrument, from, to time.Time, keepFollowUps bool) ([]outcomes.CourseRow, error) {
	min, err := s.minBaseline(ctx, clinicID, inst)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not load the clinic's settings.")
	}
	ci := cohortInstrument(inst, min)
	var rows []outcomes.CourseRow
	err = s.analytics.Analytics().CohortHistories(ctx, clinicID, inst.ID, func(h outcomes.History) error {
		rs, err := outcomes.CourseRows(h, ci)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if (!from.IsZero() && r.T0.Before(from)) || (!to.IsZero() && !r.T0.Before(to)) {
				continue
			}
			if !keepFollowUps {
				r.FollowUps = nil
			}
			rows = append(rows, r)
		}
		return nil
	})
	return rows, clinic.Wrap(err, "Could not load the clinic's courses.")
}

// auditOutcomes records a read of the clinic's aggregate outcome data.
func (s *Service) auditOutcomes(ctx context.Context, a service.Actor, action service.Action, recordType string) error {
	e := s.Entry(a, action, 0)
	e.RecordType = recordType
	return s.AuditRead(ctx, e)
}

// Outcomes computes the clinic's time to an event on one instrument, one
// Kaplan–Meier curve per stratum, with the log-rank test and the courses
// left out and why (design.md §3). It is a read of aggregate data and is
// audited as such.
func (s *Service) Outcomes(ctx context.Context, a service.Actor, q OutcomeQuery) (outcomes.Cohort, error) {
	if err := service.Authorize(a, service.ActOutcomesRead); err != nil {
		return outcomes.Cohort{}, err
	}
	sp, err := q.validate(s.Now())
	if err != nil {
		return outcomes.Cohort{}, err
	}
	rows, err := s.cachedCourseRows(ctx, a.ClinicID, sp.inst, q.From, q.To)
	if err != nil {
		return outcomes.Cohort{}, err
	}
	c, err := outcomes.Group(byProvider(rows, q.Provider), sp.event, sp.by, q.Times, outcomes.DefaultConfLevel)
	if err != nil {
		return c, clinic.Wrap(err, "Could not compute the outcome curves.")
	}
	return c, s.auditOutcomes(ctx, a, service.ActOutcomesRead, "outcomes")
}

// Dashboard is everything the outcomes page shows for one instrument and
// factor: every course's row, and the response, remission and relapse
// cohorts, each read at DashboardTimes.
type Dashboard struct {
	Instrument scales.Instrument
	By         outcomes.Factor
	Rows       []outcomes.CourseRow
	Response   outcomes.Cohort
	Remission  outcomes.Cohort // empty when the instrument has no remission cut-off
	Relapse    outcomes.Cohort
	Providers  []ProviderOption // everyone the filter can choose, before filtering
	// MinBaseline is the clinic's minimum baseline on the instrument (0:
	// none); courses below it are left out as outcomes.BaselineBelowMin.
	MinBaseline int
}

// OutcomeDashboard loads the clinic's courses once and groups them for
// the three events. q.Event and q.Times are ignored.
func (s *Service) OutcomeDashboard(ctx context.Context, a service.Actor, q OutcomeQuery) (Dashboard, error) {
	if err := service.Authorize(a, service.ActOutcomesRead); err != nil {
		return Dashboard{}, err
	}
	q.Event, q.Times = "", nil
	sp, err := q.validate(s.Now())
	if err != nil {
		return Dashboard{}, err
	}
	d := Dashboard{Instrument: sp.inst, By: sp.by}
	if d.MinBaseline, err = s.minBaseline(ctx, a.ClinicID, sp.inst); err != nil {
		return d, clinic.Wrap(err, "Could not load the clinic's settings.")
	}
	if d.Rows, err = s.cachedCourseRows(ctx, a.ClinicID, sp.inst, q.From, q.To); err != nil {
		return d, err
	}
	d.Providers = providersOf(d.Rows)
	d.Rows = byProvider(d.Rows, q.Provider)
	group := func(e outcomes.Event) (outcomes.Cohort, error) {
		c, err := outcomes.Group(d.Rows, e, sp.by, DashboardTimes, outcomes.DefaultConfLevel)
		return c, clinic.Wrap(err, "Could not compute the outcome curves.")
	}
	if d.Response, err = group(outcomes.EventResponse); err != nil {
		return d, err
	}
	if sp.inst.HasRemission {
		if d.Remission, err = group(outcomes.EventRemission); err != nil {
			return d, err
		}
	}
	if d.Relapse, err = group(outcomes.EventRelapse); err != nil {
		return d, err
	}
	return d, s.auditOutcomes(ctx, a, service.ActOutcomesRead, "outcomes")
}

// TrajectoryBands returns the clinic's expected trajectory bands on one
// instrument: percentiles of % change from baseline by days since T0. They
// are aggregates of at least outcomes.MinBandCourses courses per bin, so
// every role may read them (patients see their own trajectory against them).
func (s *Service) TrajectoryBands(ctx context.Context, a service.Actor, instrument string) (outcomes.Bands, error) {
	if err := service.Authorize(a, service.ActOutcomeBands); err != nil {
		return outcomes.Bands{}, err
	}
	inst, ok := scales.Lookup(instrument)
	if !ok {
		return outcomes.Bands{}, clinic.Errorf(clinic.Invalid, "Unknown instrument %q.", instrument)
	}
	rows, err := s.courseRows(ctx, a.ClinicID, inst, time.Time{}, time.Time{}, true)
	if err != nil {
		return outcomes.Bands{}, err
	}
	return outcomes.TrajectoryBands(rows), s.auditOutcomes(ctx, a, service.ActOutcomeBands, "outcome bands")
}
