package treatment

import (
	"math"
	"time"

	"onset/internal/clinic"
	"onset/internal/pk"
	"onset/internal/record"
)

// ivDefaultInfusionMin is the standard infusion length when a session has
// no recorded or planned one: 0.5 mg/kg over 40 min (Berman 2000; Zarate
// 2006; clinical-reference §1.1).
const ivDefaultInfusionMin = 40

// SessionExpectation is the expected concentration for a session's dose —
// the dose given when there is one, else the planned dose — and when the
// level should fall below 5% of its peak. It is one input to the discharge
// estimate for staff, never a discharge decision.
type SessionExpectation struct {
	Estimate     pk.ConcentrationEstimate
	FromGiven    bool      // modelled from the recorded dose (else the planned dose)
	Start        time.Time // the dose's start; zero before it is given
	PeakAt       time.Time // zero before the dose is given
	LevelsFall   time.Time // below 5% of peak; zero before the dose is given
	FallAfterH   float64   // hours from the start until below 5% of peak
	PeakAfterMin float64
}

// sessionExpectation models the session's dose; ok is false when there is
// nothing to model (no dose, no weight).
func sessionExpectation(rec record.SessionRecord) (SessionExpectation, bool) {
	ts := rec.Session
	var x SessionExpectation
	dose, duration, devices := ts.PlannedDoseMg, 0, 0
	if d := rec.Dose; d != nil {
		dose, duration, devices, x.FromGiven, x.Start = d.DoseMg, d.DurationMin, d.Devices, true, d.StartedAt
	}
	if dose <= 0 || ts.WeightKg <= 0 {
		return x, false
	}
	switch ts.Route {
	case clinic.RouteIV:
		if duration <= 0 {
			duration = ivDefaultInfusionMin
		}
	case clinic.RouteEsketamine:
		if devices <= 0 {
			devices = int(math.Round(dose / 28))
		}
	}
	label := "Planned dose"
	if x.FromGiven {
		label = "Dose given"
	}
	est, err := pk.EstimateDose(label, ts.Route, dose, ts.WeightKg, duration, devices)
	if err != nil {
		return x, false
	}
	x.Estimate = est
	x.FallAfterH = est.Summary.Below5PctOfPeakH
	x.PeakAfterMin = est.Summary.TmaxMin
	if x.FromGiven && !x.Start.IsZero() {
		x.PeakAt = x.Start.Add(time.Duration(est.Summary.TmaxMin * float64(time.Minute)))
		x.LevelsFall = x.Start.Add(time.Duration(est.Summary.Below5PctOfPeakH * float64(time.Hour)))
	}
	return x, true
}
