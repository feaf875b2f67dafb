package outcomes

import (
	"math"
	"slices"
)

// DayBin is a range of days since T0, [From, To).
type DayBin struct {
	From, To float64
}

// TrajectoryBins are the day bins of the expected trajectory bands. They
// follow when change is measured and reported: the first day (the
// single-infusion effect peaks at 24 h, clinical-reference §2.1), up to 72 h,
// the first and second week of an induction series (twice or thrice weekly,
// §1.2), the rest of the first month (response to esketamine builds to day
// 28, §2.4), then monthly and to six months (durability, §2.3).
var TrajectoryBins = []DayBin{
	{0, 1}, {1, 3}, {3, 7}, {7, 14}, {14, 21}, {21, 28},
	{28, 42}, {42, 56}, {56, 90}, {90, 180},
}

// Percentiles are the bands' percentiles.
var Percentiles = []float64{10, 25, 50, 75, 90}

// MinBandCourses is the fewest courses a bin needs before its percentiles
// are given: fewer would show one or two people's scores, not a band.
const MinBandCourses = 10

// BandBin is the distribution of % change from baseline in one day bin.
// Change is 100·(total − baseline)/baseline: −50 is a halving.
type BandBin struct {
	From    float64    `json:"from_day"`
	To      float64    `json:"to_day"`
	Courses int        `json:"courses"`
	P       []*float64 `json:"percentiles"` // at Percentiles; null entries when Courses < MinBandCourses
}

// Bands are an instrument's expected trajectory bands at a clinic.
type Bands struct {
	Percentiles []float64 `json:"percentile_levels"`
	Bins        []BandBin `json:"bins"`
	Courses     int       `json:"courses"` // courses with a baseline above 0 and a follow-up
}

// TrajectoryBands computes, for each bin of TrajectoryBins, the
// percentiles of % change from baseline. Each course counts once per bin,
// with its last follow-up in the bin, so closely watched patients do not
// outweigh the rest. Courses without a baseline or with a baseline of 0
// (no change can be expressed in %) are not counted. Percentiles
// interpolate linearly between order statistics (R's quantile type 7).
func TrajectoryBands(rows []CourseRow) Bands {
	values := make([][]float64, len(TrajectoryBins))
	out := Bands{Percentiles: Percentiles, Bins: make([]BandBin, len(TrajectoryBins))}
	for _, r := range rows {
		if !r.HasBaseline || r.Baseline.Total <= 0 || len(r.FollowUps) == 0 {
			continue
		}
		out.Courses++
		base := float64(r.Baseline.Total)
		last := make([]float64, len(TrajectoryBins))
		has := make([]bool, len(TrajectoryBins))
		for _, f := range r.FollowUps {
			d := days(r.T0, f.At)
			i := binOf(d)
			if i < 0 {
				continue
			}
			last[i], has[i] = 100*(float64(f.Total)-base)/base, true
		}
		for i := range last {
			if has[i] {
				values[i] = append(values[i], last[i])
			}
		}
	}
	for i, b := range TrajectoryBins {
		bin := BandBin{From: b.From, To: b.To, Courses: len(values[i]), P: make([]*float64, len(Percentiles))}
		if len(values[i]) >= MinBandCourses {
			slices.Sort(values[i])
			for j, p := range Percentiles {
				v := quantile7(values[i], p/100)
				bin.P[j] = &v
			}
		}
		out.Bins[i] = bin
	}
	return out
}

// binOf is the index of the bin holding day d, −1 if none.
func binOf(d float64) int {
	for i, b := range TrajectoryBins {
		if d >= b.From && d < b.To {
			return i
		}
	}
	return -1
}

// quantile7 is R's quantile(x, p, type = 7) of sorted x.
func quantile7(sorted []float64, p float64) float64 {
	h := float64(len(sorted)-1) * p
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-lo)*(sorted[i+1]-sorted[i])
}
