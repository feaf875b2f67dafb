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

// expectReadouts are the times the patient page reads the response curve
// at, each with its visit window (design.md §3): 24 h, 7 and 28 days.
var expectReadouts = []outcomes.Readout{outcomes.Readouts[0], outcomes.Readouts[2], outcomes.Readouts[3]}

// ResponseFigures estimates, with Kaplan–Meier on design.md §3 definitions,
// the share of comparable courses that had responded by each of
// expectReadouts.
func (s *Service) ResponseFigures(ctx context.Context, clinicID int64, route clinic.Route, cond clinic.Condition) (*service.ClinicResponse, error) {
	inst, ok := scales.Lookup(scales.PrimaryFor(cond))
	if !ok || inst.ResponseDropPct <= 0 {
		return nil, nil
	}
	// The clinic's cached course rows, as the dashboard reads them: a
	// patient's "what to expect" page no longer reads every record of the
	// clinic each time it opens.
	rows, err := s.cachedCourseRows(ctx, clinicID, inst, time.Time{}, time.Time{})
	if err != nil {
		return nil, err
	}
	return responseFiguresOf(rows, inst, route, cond)
}

// responseFiguresOf is ResponseFigures on the clinic's course rows.
func responseFiguresOf(rows []outcomes.CourseRow, inst scales.Instrument, route clinic.Route, cond clinic.Condition) (*service.ClinicResponse, error) {
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
	for _, r := range expectReadouts {
		cr.Responded = append(cr.Responded, service.ResponseAt{Day: int(r.Days), Window: r.WindowLabel,
			Pct: int(math.Round(100 * (1 - curve.At(r.At()).Survival)))})
	}
	cr.MedianDays = curve.Median.Estimate
	return cr, nil
}
