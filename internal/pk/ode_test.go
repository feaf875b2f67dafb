package pk

import (
	"math"
	"testing"
)

// rk4 integrates the model's differential equations directly — amounts in
// the central and peripheral compartments plus one absorption depot per
// input — as a check on the closed form that shares none of its algebra.
// Input times must be multiples of h.
func rk4(m Model, inputs []Input, h, endMin float64) func(t float64) float64 {
	type state struct{ a1, a2, a3 float64 }
	n := len(inputs)
	depot := make([]float64, n)
	var s state
	rate := func(t float64) float64 { // infusion, mg/min
		var r float64
		for _, in := range inputs {
			if in.Absorption.Ka == 0 && in.DurationMin > 0 && t >= in.StartMin && t < in.StartMin+in.DurationMin {
				r += in.Mg / in.DurationMin
			}
		}
		return r
	}
	deriv := func(s state, dep []float64, inf float64) (state, []float64) {
		ds := state{
			a1: -(m.K10+m.K12+m.K13)*s.a1 + m.K21*s.a2 + m.K31*s.a3 + inf,
			a2: m.K12*s.a1 - m.K21*s.a2,
			a3: m.K13*s.a1 - m.K31*s.a3,
		}
		dd := make([]float64, n)
		for i, in := range inputs {
			dd[i] = -in.Absorption.Ka * dep[i]
			ds.a1 += in.Absorption.Ka * dep[i]
		}
		return ds, dd
	}
	add := func(s state, d state, k float64) state {
		return state{s.a1 + k*d.a1, s.a2 + k*d.a2, s.a3 + k*d.a3}
	}
	addv := func(x, d []float64, k float64) []float64 {
		y := make([]float64, len(x))
		for i := range x {
			y[i] = x[i] + k*d[i]
		}
		return y
	}
	steps := int(math.Round(endMin / h))
	conc := make([]float64, steps+1)
	for i := 0; i <= steps; i++ {
		t := float64(i) * h
		for j, in := range inputs { // instantaneous inputs at their start
			start := in.StartMin + in.Absorption.LagMin
			if math.Abs(t-start) < h/2 {
				switch {
				case in.Absorption.Ka > 0:
					depot[j] += in.Absorption.F * in.Mg
				case in.DurationMin == 0:
					s.a1 += in.Mg
				}
			}
		}
		conc[i] = s.a1 / m.V1 * 1000
		// Infusions switch on and off on grid points, so the rate is
		// constant within a step: sample it at the step's middle.
		inf := rate(t + h/2)
		k1, d1 := deriv(s, depot, inf)
		k2, d2 := deriv(add(s, k1, h/2), addv(depot, d1, h/2), inf)
		k3, d3 := deriv(add(s, k2, h/2), addv(depot, d2, h/2), inf)
		k4, d4 := deriv(add(s, k3, h), addv(depot, d3, h), inf)
		s = state{
			s.a1 + h/6*(k1.a1+2*k2.a1+2*k3.a1+k4.a1),
			s.a2 + h/6*(k1.a2+2*k2.a2+2*k3.a2+k4.a2),
			s.a3 + h/6*(k1.a3+2*k2.a3+2*k3.a3+k4.a3),
		}
		for j := range depot {
			depot[j] += h / 6 * (d1[j] + 2*d2[j] + 2*d3[j] + d4[j])
		}
	}
	return func(t float64) float64 { return conc[int(math.Round(t/h))] }
}

func TestPKClosedFormMatchesRK4(t *testing.T) {
	t.Parallel()
	for _, tc := range regimenCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			const h, end = 0.01, 16 * 60
			ode := rk4(tc.r.Model(), tc.r.Inputs(), h, end)
			cmax := tc.r.Summary().CmaxNgPerML
			for minute := 0.0; minute <= end; minute++ {
				got, want := tc.r.Concentration(minute), ode(minute)
				if math.Abs(got-want) > 1e-6*cmax {
					t.Fatalf("t=%g min: closed form %.9g, RK4 %.9g ng/mL", minute, got, want)
				}
			}
		})
	}
}
