package demo

import (
	"math/rand/v2"
	"slices"
	"time"

	"onset/internal/clinic"
)

// sitting is one administered dose.
type sitting struct {
	at       time.Time
	doseMg   float64
	weightKg float64
}

// drawRoute draws the route of a course. Esketamine is labelled for
// depression only; IV is the most common route for every condition.
func drawRoute(r *rand.Rand, cond clinic.Condition) clinic.Route {
	routes := []clinic.Route{clinic.RouteIV, clinic.RouteIM, clinic.RouteEsketamine, clinic.RouteSublingual}
	switch cond {
	case clinic.Depression:
		return routes[choose(r, 0.55, 0.10, 0.25, 0.10)]
	case clinic.Anxiety:
		return routes[choose(r, 0.60, 0.15, 0, 0.25)]
	default:
		return routes[choose(r, 0.85, 0.10, 0, 0.05)]
	}
}

// Dosing (clinical-reference.md §1).
const (
	mgPerKg        = 0.5  // Berman 2000, Murrough 2013: 0.5 mg/kg IV over 40 min; Chilukuri 2014: 0.5 mg/kg IM
	mgPerKgStep    = 0.75 // Cusin 2017: 3 × 0.5 then 3 × 0.75 mg/kg
	shareTitrated  = 0.4  // of IV courses without a rapid response
	seriesSessions = 6    // Murrough 2013, Phillips 2019: 6 infusions over 2 weeks
	esketamineLow  = 28.0 // Spravato label: day 1 56 mg, 28 mg if age ≥ 65
	esketamineMid  = 56.0
	esketamineHigh = 84.0
	esketamineOld  = 65
	sublingualMg   = 10.0
)

// weekdays returns the clinic days of a series: three (Mon, Wed, Fri) or two
// a week. Singh 2016: twice and thrice weekly gave similar results.
func weekdays(r *rand.Rand, perWeek int) []time.Weekday {
	if perWeek == 3 {
		return []time.Weekday{time.Monday, time.Wednesday, time.Friday}
	}
	return [][]time.Weekday{{time.Monday, time.Thursday}, {time.Tuesday, time.Friday}}[r.IntN(2)]
}

// alignBack moves d back to the nearest day in days.
func alignBack(d time.Time, wd []time.Weekday) time.Time {
	for !slices.Contains(wd, d.Weekday()) {
		d = d.AddDate(0, 0, -1)
	}
	return d
}

// dosing is what a course plan needs to lay out its sessions.
type dosing struct {
	route    clinic.Route
	weightKg float64
	age      int  // at T0
	titrate  bool // IV: step up to 0.75 mg/kg from the 4th infusion
	mg       float64
}

func newDosing(r *rand.Rand, route clinic.Route, p person, k class, t0 time.Time) dosing {
	d := dosing{route: route, weightKg: p.weightKg, age: age(p.BirthDate, t0)}
	switch route {
	case clinic.RouteIV:
		d.titrate = k != rapid && r.Float64() < shareTitrated
	case clinic.RouteEsketamine:
		d.mg = []float64{esketamineMid, esketamineHigh}[r.IntN(2)]
	case clinic.RouteSublingual:
		// Lara 2013: 10 mg, the ceiling of the product's sublingual
		// template (protocol.SublingualKetamine), which check-in keeps.
		d.mg = sublingualMg
		r.IntN(9) // the draw of the dose this used to vary, kept so each seed's clinic stays as it was
	}
	return d
}

// dose is the dose of the i-th session (0-based) at weight kg.
func (d dosing) dose(i int, kg float64) float64 {
	switch d.route {
	case clinic.RouteEsketamine:
		switch {
		case i == 0 && d.age >= esketamineOld:
			return esketamineLow
		case i == 0 || i == 1 && d.age >= esketamineOld:
			return esketamineMid
		}
		return d.mg
	case clinic.RouteSublingual:
		return d.mg
	case clinic.RouteIV:
		if d.titrate && i >= seriesSessions/2 {
			return round1(mgPerKgStep * kg)
		}
	}
	return round1(mgPerKg * kg)
}

// series returns the days of the induction series starting on day t0day:
// 6 sessions 2–3 a week, at least 2 days apart, for IV, IM and sublingual;
// for esketamine twice weekly in weeks 1–4 and weekly in weeks 5–8
// (Spravato label).
func series(r *rand.Rand, route clinic.Route, t0day time.Time, wd []time.Weekday) []time.Time {
	n := seriesSessions
	if route == clinic.RouteEsketamine {
		n = 8
	}
	out := []time.Time{t0day}
	for len(out) < n {
		d := out[len(out)-1].AddDate(0, 0, 2)
		for !slices.Contains(wd, d.Weekday()) {
			d = d.AddDate(0, 0, 1)
		}
		out = append(out, d)
	}
	if route == clinic.RouteEsketamine {
		for w := range 4 {
			out = append(out, t0day.AddDate(0, 0, 28+7*w))
		}
	}
	return out
}

// maintenanceEvery returns the number of weekly maintenance sessions and
// then the days between the later ones.
func maintenanceEvery(r *rand.Rand, route clinic.Route) (weekly, every int) {
	switch route {
	case clinic.RouteEsketamine:
		return 0, 7 * (1 + r.IntN(2)) // Spravato label, week 9 on: every 1–2 weeks
	case clinic.RouteSublingual:
		return 0, 7 // Lara 2013: every 2–3 days or weekly
	}
	// Phillips 2019: 4 weekly infusions; clinics then space to 2–4 weeks.
	return 4, 7 * (2 + r.IntN(3))
}

// maintenance returns the maintenance session days after the series' last
// day last, before stop: weekly ones, then one every `every` days.
func maintenance(last, stop time.Time, weekly, every int) []time.Time {
	var out []time.Time
	for d := last.AddDate(0, 0, 7); d.Before(stop); {
		out = append(out, d)
		if len(out) < weekly {
			d = d.AddDate(0, 0, 7)
		} else {
			d = d.AddDate(0, 0, every)
		}
	}
	return out
}

// sessionsOn turns session days into doses given in clinic hours, each at
// least 48 h after the one before; first is the course's number of earlier
// sessions.
func sessionsOn(r *rand.Rand, ds []time.Time, slot int, d dosing, first int) []sitting {
	out := make([]sitting, 0, len(ds))
	for i, dd := range ds {
		at := inClinic(dd, slot+r.IntN(5)-2)
		if i > 0 && at.Sub(out[i-1].at) < 48*time.Hour {
			at = out[i-1].at.Add(48 * time.Hour)
		}
		kg := round1(min(maxKg, max(minKg, d.weightKg+0.4*r.NormFloat64())))
		out = append(out, sitting{at: at, doseMg: d.dose(first+i, kg), weightKg: kg})
	}
	return out
}
