package chart

import (
	"math"
	"strings"
	"testing"
)

func TestCumulativeGolden(t *testing.T) {
	curves := []StepCurve{
		{Name: "iv <ketamine>", AtRisk: []int{12, 8, 3, 0},
			Steps: []Step{{6, 0.25, 0.05, 0.4}, {7, 0.34375, 0.1, 0.56}, {13, 0.6, 0.3, 0.8}, {20, 0.6, 0.3, 0.8}}},
		{Name: "esketamine & co", AtRisk: []int{12, 3, 0, 0},
			Steps: []Step{{1, 1.0 / 6, 0.02, 0.35}, {5, 0.75, 0.33, 0.9}, {8, 1, math.NaN(), math.NaN()}}},
	}
	got := Cumulative("Responded <by day>", "Days since first treatment", curves, []float64{0, 7, 14, 21}, 21)
	checkGolden(t, "survival.svg", got)
	if !strings.Contains(got, "iv &lt;ketamine&gt;") || !strings.Contains(got, "esketamine &amp; co") || strings.Contains(got, "NaN") {
		t.Error("labels not escaped, or NaN drawn")
	}
	if n := strings.Count(got, `class="curve"`); n != 2 {
		t.Errorf("%d curves drawn", n)
	}
}

func TestStepPaths(t *testing.T) {
	id := func(v float64) float64 { return v }
	est, lo, _ := stepPaths([]Step{{2, 0.5, 0.2, 0.7}, {9, 0.9, 0.5, 1}}, 5, id, id)
	// (0,0) (2,0) (2,0.5) (5,0.5): the step past xMax is not drawn.
	want := []pt{{0, 0}, {2, 0}, {2, 0.5}, {5, 0.5}}
	if len(est) != len(want) {
		t.Fatalf("est %v", est)
	}
	for i := range want {
		if est[i] != want[i] {
			t.Errorf("est %v, want %v", est, want)
		}
	}
	if lo[2] != (pt{2, 0.2}) {
		t.Errorf("lower %v", lo)
	}
}

func TestCumulativeEmpty(t *testing.T) {
	if Cumulative("x", "days", nil, nil, 28) != "" {
		t.Error("no curves should draw nothing")
	}
}
