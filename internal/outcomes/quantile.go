package outcomes

import "math"

// rTolerance is quantile.survfit's default tolerance, sqrt(.Machine$double.eps).
const rTolerance = 0x1p-26

// Quantile returns the time by which a share p (0 < p < 1) of subjects had
// the event, i.e. where S first falls to 1 − p, with its confidence
// interval: the same quantile read off the lower confidence curve (the
// interval's lower end) and off the upper curve (its upper end).
//
// It reproduces R's quantile.survfit (its helper findq), so medians and
// their intervals equal R's:
//   - the quantile is the first time S ≤ 1 − p, within R's tolerance
//     sqrt(machine epsilon), which absorbs round-off such as 1:100 giving
//     S = 0.5 + 1e-16 at time 50;
//   - where S equals 1 − p over an interval, the midpoint of that interval:
//     between the time S reached 1 − p and the next time it drops, or, if S
//     stays there to the end, the last observed time (print.survfit says the
//     first time in that one case; quantile.survfit and this say the midpoint);
//   - a curve that never gets that low gives NaN (R: NA); so does a
//     confidence curve whose last value is undefined because S reached 0.
//
// The upper curve is not always monotone (it may rise after a late event
// with few at risk). R's findq then picks, among times where 1 − upper ≥ p,
// the one with the smallest 1 − upper; this does the same.
func (c Curve) Quantile(p float64) Quantile {
	nan := math.NaN()
	if !(p > 0 && p < 1) || len(c.Steps) == 0 {
		return Quantile{nan, nan, nan}
	}
	// R's x = c(0, time), y = c(0, 1 − curve): the curve starts at S = 1.
	x := make([]float64, len(c.Steps)+1)
	for i, s := range c.Steps {
		x[i+1] = s.Time
	}
	y := make([]float64, len(x)) // reused for the three curves
	read := func(f func(Band) float64) float64 {
		for i, s := range c.Steps {
			y[i+1] = 1 - f(s.Band)
		}
		return findq(x, y, p)
	}
	return Quantile{
		Estimate: read(func(b Band) float64 { return b.Survival }),
		Lower:    read(func(b Band) float64 { return b.Lower }),
		Upper:    read(func(b Band) float64 { return b.Upper }),
	}
}

// findq is findq from R's quantile.survfit.R for one probability. R drops
// repeated y values (keeping the first), then approx(y ± tol, index, p,
// method="constant", f=1) finds the index of the smallest y + tol (resp.
// y − tol) that is ≥ p; NaN values take no part. The quantile is the mean of
// the two times: the same time unless y equals p within tol, when it is the
// midpoint of the flat. A flat at p that ends the curve uses the last time.
func findq(x, y []float64, p float64) float64 {
	nan := math.NaN()
	maxY := math.Inf(-1)
	i1, i2 := -1, -1
	for i, v := range y {
		if math.IsNaN(v) {
			continue
		}
		maxY = math.Max(maxY, v)
		// strict < keeps the first of equal values, like R's de-duplication
		if v+rTolerance >= p && (i1 < 0 || v < y[i1]) {
			i1 = i
		}
		if v-rTolerance >= p && (i2 < 0 || v < y[i2]) {
			i2 = i
		}
	}
	if maxY < p || i1 < 0 {
		return nan
	}
	if v := y[lastNew(y)]; !math.IsNaN(v) && math.Abs(p-v) < rTolerance {
		return (x[i1] + x[len(x)-1]) / 2
	}
	if i2 < 0 {
		return nan
	}
	return (x[i1] + x[i2]) / 2
}

// lastNew is the index of the last value of y not seen earlier in y: the
// last element of R's y[!duplicated(y)], where NaN equals NaN. A value above
// every earlier one is new and one equal to the running maximum is not, so
// a monotone curve needs no set; one is built the first time y goes down.
func lastNew(y []float64) int {
	last, top, nan := 0, math.Inf(-1), false
	var seen map[float64]bool
	for i, v := range y {
		if math.IsNaN(v) {
			if !nan {
				nan, last = true, i
			}
			continue
		}
		if v < top && seen == nil {
			seen = make(map[float64]bool, len(y))
			for _, u := range y[:i] {
				seen[u] = true
			}
		}
		if v > top || (v < top && !seen[v]) {
			last = i
		}
		top = math.Max(top, v)
		if seen != nil {
			seen[v] = true
		}
	}
	return last
}
