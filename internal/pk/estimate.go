package pk

import (
	"math"
	"onset/internal/clinic"
)

// ConcentrationEstimate is the expected plasma concentration after one
// dose, from a published compartment model. It is an estimate for a
// typical patient of this weight, never a measurement and never a
// discharge decision.
type ConcentrationEstimate struct {
	Label       string
	Route       clinic.Route
	DoseMg      float64
	MgPerKg     float64
	Devices     int
	DurationMin int // IV infusion length; 0 otherwise
	WeightKg    float64
	Model       string
	Sources     []string
	Summary     Summary
	Hours       float64 // how long a chart of it should run
	Curve       []Point
	reg         Regimen
}

// pkRoute maps a clinic route to the pk package's.
func pkRoute(r clinic.Route) (Route, error) {
	switch r {
	case clinic.RouteIV:
		return IV, nil
	case clinic.RouteIM:
		return IM, nil
	case clinic.RouteSublingual:
		return Sublingual, nil
	case clinic.RouteOral:
		return Oral, nil
	case clinic.RouteEsketamine:
		return EsketamineSpray, nil
	}
	return "", clinic.Errorf(clinic.Invalid, "There is no concentration model for route %q.", r)
}

// chartHours is a window that shows the level falling below 5% of peak,
// from 4 to 48 hours, in whole hours.
func chartHours(sum Summary) float64 {
	return min(48, max(4, math.Ceil(sum.Below5PctOfPeakH*1.15)))
}

// EstimateDose models one dose given at time 0 to a patient of weightKg.
func EstimateDose(label string, route clinic.Route, doseMg, weightKg float64, durationMin, devices int) (ConcentrationEstimate, error) {
	r, err := pkRoute(route)
	if err != nil {
		return ConcentrationEstimate{}, err
	}
	var m Model
	if r == EsketamineSpray {
		m = EsketamineModel() // label figures are absolute, not weight-scaled
	} else if m, err = RacemicModel("", weightKg); err != nil {
		return ConcentrationEstimate{}, err
	}
	d := Dose{Route: r, Mg: doseMg, Devices: devices}
	if r == IV {
		d.DurationMin = float64(durationMin)
	}
	reg, err := NewRegimen(m, d)
	if err != nil {
		return ConcentrationEstimate{}, err
	}
	abs, err := AbsorptionFor(m, r)
	if err != nil {
		return ConcentrationEstimate{}, err
	}
	e := ConcentrationEstimate{Label: label, Route: route, DoseMg: doseMg, Devices: devices, WeightKg: weightKg,
		Model: m.Name, Sources: append(append([]string(nil), m.Sources...), abs.Sources...), Summary: reg.Summary(), reg: reg}
	if r == IV {
		e.DurationMin = durationMin
	}
	if weightKg > 0 {
		e.MgPerKg = math.Round(doseMg/weightKg*100) / 100
	}
	e.Hours = chartHours(e.Summary)
	e.Curve = reg.Curve(e.Hours, curveStep(e.Hours))
	return e, nil
}

// curveStep keeps a chart to about 300 points.
func curveStep(hours float64) float64 { return max(1, math.Ceil(hours*60/300)) }

// SameWindow redraws estimates over one common window, so curves share a chart.
func SameWindow(es []ConcentrationEstimate) ([]ConcentrationEstimate, error) {
	var h float64
	for _, e := range es {
		h = max(h, e.Hours)
	}
	for i := range es {
		if es[i].Hours != h {
			es[i].Hours, es[i].Curve = h, es[i].reg.Curve(h, curveStep(h))
		}
	}
	return es, nil
}
