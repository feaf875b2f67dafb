package cohort

import (
	"context"
	"math"
	"time"

	"onset/internal/clinic"
	"onset/internal/outcomes"
	"onset/internal/scales"
	"onset/internal/service"
)

// expectDays are the days the patient page reads the response curve at.
var expectDays = []int{1, 7, 28}

// ResponseFigures estimates, with Kaplan–Meier on design.md §3 definitions,
// the share of comparable courses that had responded by each expectDays.
func (s *Service) ResponseFigures(ctx context.Context, clinicID int64, route clinic.Route, cond clinic.Condition) (*service.ClinicResponse, error) {
	inst, ok := scales.Lookup(scales.PrimaryFor(cond))
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
	cr := &service.ClinicResponse{Instrument: inst.Name, Route: route, Condition: cond, Courses: len(obs), MedianDays: math.NaN()}
	if len(obs) < service.MinComparableCourses {
		return cr, nil
	}
	curve, err := outcomes.KaplanMeier(obs, outcomes.DefaultConfLevel)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not compute the clinic's response figures.")
	}
	cr.Enough = true
	for _, d := range expectDays {
		cr.Responded = append(cr.Responded, service.ResponseAt{Day: d, Pct: int(math.Round(100 * (1 - curve.At(float64(d)).Survival)))})
	}
	cr.MedianDays = curve.Median.Estimate
	return cr, nil
}
