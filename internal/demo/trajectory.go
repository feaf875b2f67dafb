package demo

import (
	"math"
	"math/rand/v2"

	"onset/internal/clinic"
)

// class is how a course responds.
type class int

const (
	rapid   class = iota // response within ~24 h of the first dose
	gradual              // response later in the series
	never                // no response
)

// drawClass draws the response class of a course.
func drawClass(r *rand.Rand, route clinic.Route) class {
	if route == clinic.RouteEsketamine {
		// Turkoz 2021 (pooled TRANSFORM-1/2): response 17.3% at day 2 and
		// 58.7% at day 28, so esketamine responders come mostly later.
		return class(choose(r, 0.20, 0.40, 0.40))
	}
	// Han 2016 (9 RCTs): 52.2% respond 24 h after one 0.5 mg/kg infusion,
	// 39.8% at day 7; a clinic's mixed cases do a little worse. Phillips
	// 2019: 59% after 6 infusions (median 3); Murrough 2013 (Biol
	// Psychiatry): 70.8% after 6. About 30% never respond.
	return class(choose(r, 0.40, 0.30, 0.30))
}

// Durability (clinical-reference.md §2.3).
const (
	// Murrough 2013 Biol Psychiatry: median relapse 18 days after the last
	// of 6 infusions.
	relapseMedianDays = 18.0
	// Feder 2021 Am J Psychiatry: PTSD median loss of response 27.5 days.
	relapseMedianDaysPTSD = 27.5
	// Murrough 2013 (avyia summary [2°]): about 25% symptom-free at 90 days.
	relapseWithoutMaintenance = 0.75
	// Daly 2019 (SUSTAIN-1): 26.7% of stable remitters relapsed on
	// esketamine maintenance; Phillips 2019: weekly maintenance held gains.
	relapseOnMaintenance = 0.267
)

// knot is a point of a trajectory: symptom total as a ratio of the baseline
// mean, day days after T0.
type knot struct{ day, ratio float64 }

// curve is a piecewise-linear trajectory, flat before its first knot and
// after its last.
type curve []knot

func (c curve) at(d float64) float64 {
	if d <= c[0].day {
		return c[0].ratio
	}
	for i := 1; i < len(c); i++ {
		if d <= c[i].day {
			a, b := c[i-1], c[i]
			return a.ratio + (b.ratio-a.ratio)*(d-a.day)/(b.day-a.day)
		}
	}
	return c[len(c)-1].ratio
}

// trajectory returns the course's curve. respondDay is the day a gradual
// responder reaches response; seriesEnd is the day of the last series dose.
func trajectory(r *rand.Rand, k class, respondDay, seriesEnd float64) curve {
	c := curve{{0, 1}}
	switch k {
	case rapid:
		// Peak about 24 h after the infusion (Shiroma 2020; Lee 2015).
		r1 := uniform(r, 0.25, 0.45)
		c = append(c, knot{1, r1}, knot{seriesEnd + 1, r1 * uniform(r, 0.6, 1)})
	case gradual:
		// Partial benefit until the day before response, then response.
		c = append(c, knot{1, uniform(r, 0.7, 0.9)})
		if respondDay > 2 {
			c = append(c, knot{respondDay - 1, uniform(r, 0.55, 0.7)})
		}
		c = append(c, knot{respondDay, uniform(r, 0.38, 0.46)},
			knot{max(seriesEnd+1, respondDay+1), uniform(r, 0.2, 0.4)})
	default:
		c = append(c, knot{1, uniform(r, 0.75, 0.92)}, knot{seriesEnd + 1, uniform(r, 0.72, 0.95)})
	}
	return c
}

// relapse appends a relapse at day d: symptoms climb over 5 days to well
// above half the baseline.
func (c curve) relapse(r *rand.Rand, d float64) curve {
	last := c[len(c)-1]
	return append(c, knot{d - 5, last.ratio}, knot{d, uniform(r, 0.7, 1)})
}

// relapseDelay draws the days from the end of the series to relapse,
// exponential with the published median, at least 6 days.
func relapseDelay(r *rand.Rand, cond clinic.Condition) float64 {
	median := relapseMedianDays
	if cond == clinic.PTSD {
		median = relapseMedianDaysPTSD
	}
	return min(120, max(6, median*r.ExpFloat64()/math.Ln2))
}
