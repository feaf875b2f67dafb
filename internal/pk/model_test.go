package pk

import (
	"math"
	"testing"
)

// The derived figures in clinical-reference §3.3 follow from the constants.
func TestPKDerivedParameters(t *testing.T) {
	t.Parallel()
	half := func(m Model) []float64 {
		d := m.disposition()
		var h []float64
		for i := range d.n {
			h = append(h, math.Ln2/d.lambda[i])
		}
		return h
	}
	tests := []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"domino V1 70 kg (L)", Domino(70).V1, 4.41, 0.01},
		{"domino V2 70 kg (L)", Domino(70).V2(), 10.6, 0.05},
		{"domino V3 70 kg (L)", Domino(70).V3(), 178, 0.5},
		{"domino Vss (L/kg)", Domino(70).Vss() / 70, 2.76, 0.01},
		{"domino CL (mL/kg/min)", Domino(70).Clearance() / 70 * 1000, 27.6, 0.05},
		{"domino t½ fast (min)", half(Domino(70))[0], 0.4, 0.05},
		{"domino t½ middle (min)", half(Domino(70))[1], 4.6, 0.05},
		{"domino t½ slow (min)", half(Domino(70))[2], 115, 0.5},
		{"clements t½α (min)", half(Clements(70))[0], 17.6, 0.05},
		{"clements t½β (min)", half(Clements(70))[1], 183, 0.5},
		{"clements CL (mL/kg/min)", Clements(70).Clearance() / 70 * 1000, 19.1, 0.05},
		{"clements Vss (L/kg)", Clements(70).Vss() / 70, 4.13, 0.01},
	}
	for _, tc := range tests {
		if math.Abs(tc.got-tc.want) > tc.tol {
			t.Errorf("%s = %.4g, reference %.4g", tc.name, tc.got, tc.want)
		}
	}
}

// The impulse response starts at 1/V1 (coefficients sum to 1) and the
// exponents satisfy the characteristic polynomial.
func TestPKDisposition(t *testing.T) {
	t.Parallel()
	for _, m := range []Model{Clements(70), Domino(70), EsketamineModel(), {Name: "one", V1: 20, K10: 0.1}} {
		d := m.disposition()
		if d.n != m.Compartments() {
			t.Errorf("%s: %d exponentials for %d compartments", m.Name, d.n, m.Compartments())
		}
		var sum float64
		for i := range d.n {
			sum += d.coef[i]
			if d.coef[i] <= 0 || d.lambda[i] <= 0 || (i > 0 && d.lambda[i] >= d.lambda[i-1]) {
				t.Errorf("%s: term %d coef %g lambda %g", m.Name, i, d.coef[i], d.lambda[i])
			}
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("%s: coefficients sum to %.15g", m.Name, sum)
		}
		// Product of the exponents is k10·k21·k31 (the polynomial's constant term).
		prod, want := 1.0, m.K10
		for i := range d.n {
			prod *= d.lambda[i]
		}
		for _, k := range []float64{m.K21, m.K31} {
			if k > 0 {
				want *= k
			}
		}
		if math.Abs(prod-want) > 1e-12*want {
			t.Errorf("%s: Πλ = %g, want %g", m.Name, prod, want)
		}
	}
}

func TestPKExpDiffNearEqualRates(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ a, b, t float64 }{
		{0.1, 0.1, 10}, {0.1, 0.1 + 1e-13, 10}, {0.1, 0.1 - 1e-9, 10}, {2, 0.001, 20000}, {0.001, 2, 20000},
	} {
		got := expDiff(tc.a, tc.b, tc.t)
		want := tc.t * math.Exp(-tc.a*tc.t)
		if tc.a != tc.b && math.Abs(tc.a-tc.b) > 1e-6 {
			want = (math.Exp(-tc.a*tc.t) - math.Exp(-tc.b*tc.t)) / (tc.b - tc.a)
		}
		if math.IsNaN(got) || math.Abs(got-want) > 1e-6*math.Abs(want)+1e-300 {
			t.Errorf("expDiff(%g, %g, %g) = %g, want %g", tc.a, tc.b, tc.t, got, want)
		}
	}
}
