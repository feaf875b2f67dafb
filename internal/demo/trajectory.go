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

// The routes' response classes before the patient's factors
// (response_factors.go) move the odds of responding.
const (
	// IV: Han 2016 (9 RCTs) pooled 52.2% responding 24 h after one
	// 0.5 mg/kg infusion (clinical-reference §0, §2.1); a little over half
	// respond rapidly, so that after the factors (which lower the average
	// odds) and measurement noise about half have responded by the 24 h
	// readout. Murrough 2013 (Biol Psychiatry): 70.8% after 6 infusions;
	// Phillips 2019: 59% (median 3 infusions): about 28% never respond.
	baseRapidIV, baseGradualIV = 0.60, 0.16
	// Esketamine: Turkoz 2021 (pooled TRANSFORM-1/2): response 17.3% at
	// day 2 and 58.7% at day 28, so its responders come mostly later.
	baseRapidEsk, baseGradualEsk = 0.20, 0.40
	// Han 2016: 20.6% in remission at 24 h, against 52.2% responding: about
	// two in five rapid responders are in remission the next day.
	shareRapidRemission = 0.3
)

// drawClass draws the response class of a course whose factors give the
// odds ratio odds of responding (1 for none).
func drawClass(r *rand.Rand, route clinic.Route, odds float64) class {
	rapidShare, gradualShare, neverShare := classShares(route, odds)
	return class(choose(r, rapidShare, gradualShare, neverShare))
}

// Durability (clinical-reference.md §2.3).
const (
	// Murrough 2013 Biol Psychiatry: median relapse 18 days after the last
	// of 6 infusions (Kaplan–Meier, about a quarter still well at the end).
	// With relapseWithoutMaintenance of responders relapsing at all, the
	// relapsing ones' own median is shorter, 18·ln 2/ln 3 ≈ 11.4 days, so
	// that S(18) = 0.25 + 0.75·½^(18/11.4) = 0.5. A relapse is seen only at
	// the weekly follow-up that finds the second score above half the
	// baseline, some days after it began, so the draw is 1.5 days earlier
	// still: the measured median after the last infusion comes out near 18
	// (TestDemoRealism).
	relapseMedianDays = 18.0
	relapseDrawMedian = relapseMedianDays*0.6309297535714574 - 1.5 // ln 2 / ln 3
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
		// Peak about 24 h after the infusion (Shiroma 2020; Lee 2015); some
		// deep enough for remission (shareRapidRemission).
		r1 := uniform(r, 0.28, 0.44)
		if r.Float64() < shareRapidRemission {
			r1 = uniform(r, 0.05, 0.17)
		}
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
// exponential with relapseDrawMedian (PTSD: Feder 2021's median), longer
// with psychotherapy, at least 4 days.
func relapseDelay(r *rand.Rand, cond clinic.Condition, therapy bool) float64 {
	median := relapseDrawMedian
	if cond == clinic.PTSD {
		median = relapseMedianDaysPTSD
	}
	if therapy {
		median *= relapseDelayTherapy
	}
	return min(120, max(4, median*r.ExpFloat64()/math.Ln2))
}
