package outcomes

import (
	"math"
	"testing"
)

// Closed forms: df 1: erfc(√(x/2)); df 2: e^(−x/2);
// df 3: erfc(√(x/2)) + √(2x/π)·e^(−x/2).
func TestChiSquareP(t *testing.T) {
	t.Parallel()
	df1 := func(x float64) float64 { return math.Erfc(math.Sqrt(x / 2)) }
	df2 := func(x float64) float64 { return math.Exp(-x / 2) }
	df3 := func(x float64) float64 { return df1(x) + math.Sqrt(2*x/math.Pi)*math.Exp(-x/2) }
	for _, x := range []float64{1e-6, 0.1, 1, 2.5, 3.396388698977602, 10, 40, 100, 700} {
		for df, f := range map[int]func(float64) float64{1: df1, 2: df2, 3: df3} {
			want := f(x)
			if got := ChiSquareP(x, df); math.Abs(got-want) > 1e-13*math.Max(want, 1e-300)+1e-15 {
				t.Errorf("ChiSquareP(%g, %d) = %.17g, want %.17g", x, df, got, want)
			}
		}
	}
	// Table values: the 5% and 1% critical points.
	for _, tt := range []struct {
		x    float64
		df   int
		want float64
	}{
		{3.841458820694124, 1, 0.05},
		{18.307038053275146, 10, 0.05},
		{50.89218131151707, 30, 0.01},
	} {
		if got := ChiSquareP(tt.x, tt.df); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("ChiSquareP(%v, %d) = %.15g, want %v", tt.x, tt.df, got, tt.want)
		}
	}
	if got := ChiSquareP(0, 2); got != 1 {
		t.Errorf("ChiSquareP(0, 2) = %v, want 1", got)
	}
	if got := ChiSquareP(1, 0); !math.IsNaN(got) {
		t.Errorf("ChiSquareP(1, 0) = %v, want NaN", got)
	}
}
