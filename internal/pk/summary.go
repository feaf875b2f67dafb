package pk

import "math"

// Summary holds the figures clinicians ask of a curve. They cover the whole
// regimen until the drug is gone, not a display window.
type Summary struct {
	CmaxNgPerML       float64 // highest concentration
	TmaxMin           float64 // when it occurs, minutes after time 0
	AUCNgHPerML       float64 // area under the curve from 0 to infinity, ng·h/mL
	TerminalHalfLifeH float64 // half-life of the slowest exponential, h
	Below5PctOfPeakH  float64 // hours after time 0 until the level falls below 5% of Cmax for good
}

// scanStepMin is the grid on which maxima and threshold crossings are
// sought before being refined; features narrower than it (a level that
// pokes above a threshold for under 30 s) can be missed.
const scanStepMin = 0.5

// Summary computes Cmax, Tmax, AUC, terminal half-life and the time until
// the level stays below 5% of peak. It samples the curve once on a
// scanStepMin grid up to goneMin and refines from there.
func (r Regimen) Summary() Summary {
	if len(r.terms) == 0 { // a zero Regimen, not one from NewRegimen
		return Summary{}
	}
	end := r.goneMin()
	grid := make([]float64, int(end/scanStepMin)+2)
	for i := range grid {
		grid[i] = r.at(float64(i) * scanStepMin)
	}
	cmax, tmax := r.peak(grid)
	// The level last reaches 5% of peak between the last grid point at or
	// above it and the next one.
	level, below := 0.05*cmax, 0.0
	for i := len(grid) - 1; i >= 0; i-- {
		if grid[i] >= level {
			a := float64(i) * scanStepMin
			below = r.crossing(func(t float64) bool { return r.at(t) >= level }, a, a+scanStepMin, true)
			break
		}
	}
	return Summary{
		CmaxNgPerML:       cmax,
		TmaxMin:           tmax,
		AUCNgHPerML:       r.AUC(),
		TerminalHalfLifeH: r.TerminalHalfLifeH(),
		Below5PctOfPeakH:  below / 60,
	}
}

// AUC is the area under the concentration curve from 0 to infinity in
// ng·h/mL, integrated exactly: each input contributes F·dose/V1·Σ a_i/λ_i,
// which equals F·dose/CL.
func (r Regimen) AUC() float64 {
	var perV1 float64 // Σ a_i/λ_i, min
	for i := range r.disp.n {
		perV1 += r.disp.coef[i] / r.disp.lambda[i]
	}
	var auc float64 // ng·min/mL
	for _, t := range r.terms {
		auc += t.scale * perV1
	}
	return auc / 60
}

// TerminalHalfLifeH is ln 2 over the slowest rate in the curve: the
// model's terminal disposition rate, or an absorption rate that is slower
// still (flip-flop kinetics).
func (r Regimen) TerminalHalfLifeH() float64 { return math.Ln2 / r.slowestRate() / 60 }

func (r Regimen) slowestRate() float64 {
	k := r.disp.lambda[r.disp.n-1]
	for _, t := range r.terms {
		if t.ka > 0 {
			k = min(k, t.ka)
		}
	}
	return k
}

// lastInputMin is when the last input starts or, for an infusion, ends.
func (r Regimen) lastInputMin() float64 {
	var end float64
	for _, t := range r.terms {
		end = max(end, t.start+t.dur)
	}
	return end
}

// goneMin is a time by which every exponential has fallen 2^12-fold since
// the last input: past it the curve holds nothing worth scanning.
func (r Regimen) goneMin() float64 {
	return r.lastInputMin() + 12*math.Ln2/r.slowestRate()
}

// peak finds Cmax and Tmax: the best of the grid and of the input start
// and end times (a bolus peaks at its start, an infusion usually at its
// end), refined by golden-section search around it.
func (r Regimen) peak(grid []float64) (cmax, tmax float64) {
	for i, c := range grid {
		if c > cmax {
			cmax, tmax = c, float64(i)*scanStepMin
		}
	}
	consider := func(t float64) {
		if c := r.at(t); c > cmax {
			cmax, tmax = c, t
		}
	}
	for _, t := range r.terms {
		consider(t.start)
		consider(t.start + t.dur)
	}
	a, b := max(0, tmax-scanStepMin), tmax+scanStepMin
	const g = 0.6180339887498949 // (√5 − 1)/2
	x1, x2 := b-g*(b-a), a+g*(b-a)
	c1, c2 := r.at(x1), r.at(x2)
	for b-a > 1e-6 {
		if c1 > c2 {
			b, x2, c2 = x2, x1, c1
			x1 = b - g*(b-a)
			c1 = r.at(x1)
		} else {
			a, x1, c1 = x1, x2, c2
			x2 = a + g*(b-a)
			c2 = r.at(x2)
		}
	}
	consider((a + b) / 2)
	return cmax, tmax
}

// TimeAbove is the number of minutes in [fromMin, toMin] during which the
// concentration is at or above ngPerML.
func (r Regimen) TimeAbove(ngPerML, fromMin, toMin float64) float64 {
	var total float64
	r.scan(ngPerML, fromMin, toMin, func(a, b float64) { total += b - a })
	return total
}

// TimeBelow is the number of minutes in [fromMin, toMin] during which the
// concentration is below ngPerML.
func (r Regimen) TimeBelow(ngPerML, fromMin, toMin float64) float64 {
	if !(toMin > fromMin) {
		return 0
	}
	return toMin - fromMin - r.TimeAbove(ngPerML, fromMin, toMin)
}

// scan calls above(a, b) for each stretch of [from, to] where the
// concentration is at or above level, with crossings found by bisection.
func (r Regimen) scan(level, from, to float64, above func(a, b float64)) {
	if !(to > from) || math.IsInf(to, 0) || math.IsNaN(from) {
		return
	}
	isAbove := func(t float64) bool { return r.at(t) >= level }
	a, upA := from, isAbove(from)
	for i := 1; a < to; i++ {
		b := min(from+float64(i)*scanStepMin, to)
		upB := isAbove(b)
		switch {
		case upA && upB:
			above(a, b)
		case upA != upB:
			x := r.crossing(isAbove, a, b, upA)
			if upA {
				above(a, x)
			} else {
				above(x, b)
			}
		}
		a, upA = b, upB
	}
}

// crossing bisects [a, b], where isAbove(a) == upA != isAbove(b), to 1e-6 min.
func (r Regimen) crossing(isAbove func(float64) bool, a, b float64, upA bool) float64 {
	for b-a > 1e-6 {
		m := (a + b) / 2
		if isAbove(m) == upA {
			a = m
		} else {
			b = m
		}
	}
	return (a + b) / 2
}

// at is Concentration without copying the Regimen on every call.
func (r *Regimen) at(t float64) float64 { return concentration(&r.disp, r.terms, t) }
