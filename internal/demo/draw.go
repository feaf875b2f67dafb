package demo

import (
	"math"
	"math/rand/v2"
	"time"
)

// choose returns i with probability weights[i] / sum(weights).
func choose(r *rand.Rand, weights ...float64) int {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	x := r.Float64() * sum
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// uniform returns a real number in [lo, hi).
func uniform(r *rand.Rand, lo, hi float64) float64 { return lo + r.Float64()*(hi-lo) }

// normal returns a normal draw in [lo, hi], drawing again when outside
// (and clipping after 20 tries, so that it always ends).
func normal(r *rand.Rand, mean, sd, lo, hi float64) float64 {
	x := mean + sd*r.NormFloat64()
	for i := 0; i < 20 && (x < lo || x > hi); i++ {
		x = mean + sd*r.NormFloat64()
	}
	return min(hi, max(lo, x))
}

// round1 rounds to one decimal.
func round1(x float64) float64 { return math.Round(x*10) / 10 }

const day = 24 * time.Hour

// date is the UTC midnight of t.
func date(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// days is the time from t0 to t in days.
func days(t, t0 time.Time) float64 { return t.Sub(t0).Hours() / 24 }

// addDays adds a real number of days.
func addDays(t time.Time, d float64) time.Time {
	return t.Add(time.Duration(d * float64(day)))
}

// Sessions start in 15-minute slots from 08:00 to 14:00 UTC, so that dosing
// plus 2 h of monitoring (Spravato REMS, clinical-reference.md §1.5) ends
// within clinic hours (08:00–17:00 UTC).
const (
	openHour  = 8
	lastSlot  = 24 // 08:00 + 24 × 15 min = 14:00
	slotWidth = 15 * time.Minute
)

// inClinic is the time of slot on day d.
func inClinic(d time.Time, slot int) time.Time {
	slot = min(lastSlot, max(0, slot))
	return date(d).Add(openHour*time.Hour + time.Duration(slot)*slotWidth)
}

// remote is a time between 09:00 and 21:00 on day d, for questionnaires
// patients fill in at home.
func remote(r *rand.Rand, d time.Time) time.Time {
	return date(d).Add(9*time.Hour + time.Duration(r.IntN(12*60))*time.Minute)
}
