package chart

import (
	"math"
	"strings"
	"testing"
)

// infusionCurve is a made-up rise over 40 min and exponential fall, enough
// to exercise every part of the chart.
func infusionCurve(peak float64) []Sample {
	var out []Sample
	for m := 0.0; m <= 6*60; m += 10 {
		v := peak * m / 40
		if m > 40 {
			v = peak * math.Exp(-(m-40)/90)
		}
		out = append(out, Sample{Min: m, Value: v})
	}
	return out
}

func TestConcentrationGolden(t *testing.T) {
	t.Parallel()
	got := Concentration{
		Title:       "Expected ketamine <estimate>",
		Hours:       6,
		Curves:      []Curve{{Name: "0.5 mg/kg & IV", Samples: infusionCurve(177)}, {Name: "0.75 mg/kg", Samples: infusionCurve(265)}},
		Window:      [2]float64{0, 40},
		WindowLabel: "infusion",
		PeakMin:     40, PeakValue: 265, PeakLabel: "peak ≈ 265 ng/mL",
		Markers: []Marker{{Min: 300, Label: "below 5% of peak"}, {Min: 9999, Label: "off the chart"}},
		YLabel:  "ng/mL",
	}.SVG()
	checkGolden(t, "concentration.svg", got)
	for _, s := range []string{"Expected ketamine &lt;estimate&gt;", "0.5 mg/kg &amp; IV", `class="window"`, `class="peak"`, "below 5% of peak"} {
		if !strings.Contains(got, s) {
			t.Errorf("chart lacks %q", s)
		}
	}
	if strings.Contains(got, "off the chart") {
		t.Error("a marker beyond the window was drawn")
	}
	if n := strings.Count(got, `class="series curve"`); n != 2 {
		t.Errorf("%d curves drawn, want 2", n)
	}
}

func TestConcentrationEmpty(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]Concentration{
		"no curves":  {Hours: 4},
		"no hours":   {Curves: []Curve{{Name: "x", Samples: []Sample{{0, 1}}}}},
		"all zero":   {Hours: 4, Curves: []Curve{{Name: "x", Samples: []Sample{{0, 0}, {60, 0}}}}},
		"not finite": {Hours: 4, Curves: []Curve{{Name: "x", Samples: []Sample{{0, math.Inf(1)}}}}},
	} {
		if got := c.SVG(); got != "" {
			t.Errorf("%s: drew %q", name, got)
		}
	}
}

func TestNiceCeilAndSteps(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want float64 }{{177, 200}, {191, 200}, {201, 250}, {0.7, 0.8}, {26, 30}, {286, 300}, {1000, 1000}} {
		if got := niceCeil(tc.in); got != tc.want {
			t.Errorf("niceCeil(%g) = %g, want %g", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, want float64 }{{4, 1}, {12, 1}, {13, 2}, {24, 2}, {48, 4}} {
		if got := hourStep(tc.in); got != tc.want {
			t.Errorf("hourStep(%g) = %g, want %g", tc.in, got, tc.want)
		}
	}
}
