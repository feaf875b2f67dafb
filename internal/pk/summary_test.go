package pk

import (
	"math"
	"testing"
)

// Summary figures agree with brute force on a fine grid.
func TestPKSummaryAgainstFineGrid(t *testing.T) {
	t.Parallel()
	for _, tc := range regimenCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := tc.r.Summary()
			pts := tc.r.Curve(tc.r.goneMin()/60, 0.01)
			var best Point
			lastAbove := 0.0
			for _, p := range pts {
				if p.NgPerML > best.NgPerML {
					best = p
				}
			}
			for _, p := range pts {
				if p.NgPerML >= 0.05*best.NgPerML {
					lastAbove = p.Min
				}
			}
			if s.CmaxNgPerML < best.NgPerML || s.CmaxNgPerML > best.NgPerML*(1+1e-6) {
				t.Errorf("Cmax %.6f, grid max %.6f", s.CmaxNgPerML, best.NgPerML)
			}
			if math.Abs(s.TmaxMin-best.Min) > 0.02 {
				t.Errorf("Tmax %.4f min, grid %.4f", s.TmaxMin, best.Min)
			}
			if math.Abs(s.Below5PctOfPeakH*60-lastAbove) > 0.02 {
				t.Errorf("below 5%% of peak at %.4f min, grid %.4f", s.Below5PctOfPeakH*60, lastAbove)
			}
			if got := tc.r.Concentration(s.Below5PctOfPeakH * 60); math.Abs(got-0.05*s.CmaxNgPerML) > 1e-4*s.CmaxNgPerML {
				t.Errorf("level at the 5%% time %.4f, 5%% of peak %.4f", got, 0.05*s.CmaxNgPerML)
			}
			if s.TerminalHalfLifeH <= 0 || s.AUCNgHPerML <= 0 {
				t.Errorf("half-life %g h, AUC %g", s.TerminalHalfLifeH, s.AUCNgHPerML)
			}
		})
	}
}

func TestPKTimeAboveAndBelow(t *testing.T) {
	t.Parallel()
	r := mustRegimen(t, Clements(70), Dose{Route: IV, Mg: 35, DurationMin: 40})
	// Brute force: count 0.001-min slices at or above 100 ng/mL in 0–180 min.
	var want float64
	for t0 := 0.0; t0 < 180; t0 += 0.001 {
		if r.Concentration(t0+0.0005) >= 100 {
			want += 0.001
		}
	}
	above := r.TimeAbove(100, 0, 180)
	if math.Abs(above-want) > 0.01 {
		t.Errorf("time above 100 ng/mL %.4f min, brute force %.4f", above, want)
	}
	if below := r.TimeBelow(100, 0, 180); math.Abs(above+below-180) > 1e-9 {
		t.Errorf("above %.4f + below %.4f != 180", above, below)
	}
	if got := r.TimeAbove(1e6, 0, 180); got != 0 {
		t.Errorf("time above an unreachable level %g", got)
	}
	if got := r.TimeAbove(0, 0, 180); got != 180 {
		t.Errorf("time above 0 = %g, want the whole window", got)
	}
	// A bolus peaks at its start.
	b := mustRegimen(t, Domino(70), Dose{Route: IV, Mg: 10, StartMin: 30})
	if s := b.Summary(); s.TmaxMin != 30 {
		t.Errorf("bolus at 30 min: Tmax %g", s.TmaxMin)
	}
}

func TestPKCurveShape(t *testing.T) {
	t.Parallel()
	r := mustRegimen(t, Clements(70), Dose{Route: Oral, Mg: 100})
	pts := r.Curve(12, 1)
	if len(pts) != 721 || pts[0].Min != 0 || pts[720].Min != 720 || pts[0].NgPerML != 0 {
		t.Fatalf("12 h at 1 min: %d points, first %+v, last %+v", len(pts), pts[0], pts[len(pts)-1])
	}
	if got := len(r.Curve(1, 0.7)); got != 86 { // 0, 0.7, …, 59.5
		t.Errorf("1 h at 0.7 min: %d points", got)
	}
	for _, bad := range [][2]float64{{0, 1}, {1, 0}, {-1, 1}, {math.NaN(), 1}, {1, math.Inf(1)}} {
		if r.Curve(bad[0], bad[1]) != nil {
			t.Errorf("Curve(%g, %g) not nil", bad[0], bad[1])
		}
	}
}
