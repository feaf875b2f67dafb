package outcomes

import (
	"math"
	"testing"
)

// findq against R's findq worked through by hand: x = c(0, times),
// y = c(0, 1 − curve).
func TestFindq(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		x, y []float64
		want float64
	}{
		{"first time at or past p", []float64{0, 1, 2, 3}, []float64{0, 0.2, 0.6, 0.9}, 2},
		{"flat at p: midpoint to the next drop", []float64{0, 1, 2, 3}, []float64{0, 0.5, 0.5, 0.8}, 2},
		{"flat at p to the end: midpoint with the last time", []float64{0, 1, 2, 4}, []float64{0, 0.3, 0.5, 0.5}, 3},
		{"p within tolerance counts as flat", []float64{0, 1, 2}, []float64{0, 0.5 - 1e-12, 0.9}, 1.5},
		{"never reached", []float64{0, 1, 2}, []float64{0, 0.2, 0.4}, math.NaN()},
		{"undefined tail, not reached", []float64{0, 1, 2}, []float64{0, 0.3, math.NaN()}, math.NaN()},
		{"undefined tail after the crossing", []float64{0, 1, 2}, []float64{0, 0.6, math.NaN()}, 1},
		// y = p and then NA: approx(y − tol) has nothing ≥ p, and the last
		// distinct y is NA so the end-of-curve rule does not apply.
		{"flat at p into an undefined tail", []float64{0, 1, 2}, []float64{0, 0.5, math.NaN()}, math.NaN()},
		// Not monotone: R takes the smallest y ≥ p, not the earliest.
		{"not monotone: smallest qualifying y", []float64{0, 1, 2, 3}, []float64{0, 0.55, 0.52, 0.7}, 2},
		{"not monotone: a repeat is dropped", []float64{0, 1, 2, 3, 4}, []float64{0, 0.6, 0.3, 0.6, 0.8}, 1},
		// Dropping the repeated 0.5 leaves 0.3 last: no end-of-curve rule, and
		// nothing is ≥ p + tol.
		{"not monotone: last distinct value decides the end rule", []float64{0, 1, 2, 3}, []float64{0, 0.5, 0.3, 0.5}, math.NaN()},
	}
	for _, tt := range tests {
		if got := findq(tt.x, tt.y, 0.5); !near(got, tt.want, 1e-12) {
			t.Errorf("%s: findq = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestLastNew(t *testing.T) {
	t.Parallel()
	tests := []struct {
		y    []float64
		want int
	}{
		{[]float64{0}, 0},
		{[]float64{0, 0.1, 0.1, 0.3, 0.3}, 3},
		{[]float64{0, 0.1, math.NaN(), math.NaN()}, 2},
		{[]float64{0, 0.4, 0.2, 0.4, 0}, 2},
		{[]float64{0, 0.4, 0.2, 0.3}, 3},
	}
	for _, tt := range tests {
		if got := lastNew(tt.y); got != tt.want {
			t.Errorf("lastNew(%v) = %d, want %d", tt.y, got, tt.want)
		}
	}
}

func TestQuantileOutOfRange(t *testing.T) {
	t.Parallel()
	c, err := KaplanMeier(obs(t, amlMaintained), DefaultConfLevel)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []float64{0, 1, -0.1, math.NaN()} {
		if q := c.Quantile(p); !math.IsNaN(q.Estimate) {
			t.Errorf("Quantile(%v) = %+v, want NaN", p, q)
		}
	}
	// S first falls to 0.75 or below at 18 (0.818 before, 0.716 there).
	if q := c.Quantile(0.25); q.Estimate != 18 {
		t.Errorf("Quantile(0.25) = %+v, want 18", q)
	}
}
