package service

import (
	"context"
	"math"
	"time"

	"onset/internal/clinic"
	"onset/internal/outcomes"
	"onset/internal/scales"
)

// ClinicResponse is what this clinic's own courses say about how soon
// people first respond, among courses like the patient's: the same route
// and condition, measured on the condition's questionnaire.
type ClinicResponse struct {
	Instrument string // the questionnaire's name, e.g. "PHQ-9"
	Route      clinic.Route
	Condition  clinic.Condition
	Courses    int          // comparable courses with a baseline and a follow-up
	Enough     bool         // at least MinComparableCourses: figures are shown
	Responded  []ResponseAt // cumulative share who had responded, by day
	MedianDays float64      // half had responded by this day; NaN when fewer than half did
}

// ResponseAt is the share of courses that had responded by a day after T0.
type ResponseAt struct {
	Day int
	Pct int
}

// MinComparableCourses is how many comparable courses the clinic needs
// before its figures are shown to a patient: fewer would mislead.
const MinComparableCourses = 10

// expectDays are the days the patient page reads the response curve at.
var expectDays = []int{1, 7, 28}

// clinicResponse estimates, with Kaplan–Meier on design.md §3 definitions,
// the share of comparable courses that had responded by each expectDays.
func (s *Service) clinicResponse(ctx context.Context, clinicID int64, route clinic.Route, cond clinic.Condition) (*ClinicResponse, error) {
	inst, ok := scales.Lookup(PrimaryInstrument(cond))
	if !ok || inst.ResponseDropPct <= 0 {
		return nil, nil
	}
	rows, err := s.courseRows(ctx, clinicID, inst, time.Time{}, time.Time{}, false)
	if err != nil {
		return nil, err
	}
	var obs []outcomes.Observation
	for _, r := range rows {
		if r.Facts.Route != route || r.Facts.Condition != cond {
			continue
		}
		if o, ok := r.Of(outcomes.EventResponse).Observation(); ok {
			obs = append(obs, o)
		}
	}
	cr := &ClinicResponse{Instrument: inst.Name, Route: route, Condition: cond, Courses: len(obs), MedianDays: math.NaN()}
	if len(obs) < MinComparableCourses {
		return cr, nil
	}
	curve, err := outcomes.KaplanMeier(obs, outcomes.DefaultConfLevel)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not compute the clinic's response figures.")
	}
	cr.Enough = true
	for _, d := range expectDays {
		cr.Responded = append(cr.Responded, ResponseAt{Day: d, Pct: int(math.Round(100 * (1 - curve.At(float64(d)).Survival)))})
	}
	cr.MedianDays = curve.Median.Estimate
	return cr, nil
}

// courseCondition is the condition a plan treats: the patient's latest
// course's, else the first of their recorded conditions.
func courseCondition(courses []clinic.Course, p clinic.Patient) (clinic.Condition, bool) {
	if n := len(courses); n > 0 {
		return courses[n-1].Condition, true
	}
	if len(p.Conditions) > 0 {
		return p.Conditions[0], true
	}
	return "", false
}
