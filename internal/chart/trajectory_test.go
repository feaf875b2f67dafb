package chart

import (
	"strings"
	"testing"
)

func phq9Chart() TrajectoryChart {
	return TrajectoryChart{
		Title: "PHQ-9 <over> time", YMax: 27,
		Bands:    []SeverityBand{{0, 4, "minimal"}, {5, 9, "mild"}, {10, 14, "moderate"}, {15, 19, "moderately severe"}, {20, 27, "severe"}},
		Points:   []ScorePoint{{-1, 19, "baseline 19"}, {1, 12, "day 1: 12"}, {3, 8, "day 3: 8 & falling"}, {10, 3, "day 10: 3"}},
		Sessions: []SessionMark{{0, "IV 35 mg"}, {2, "IV 35 mg"}, {4, "IV <40> mg"}},
		Response: 9.5, HasResponse: true, Remission: 4, HasRemission: true,
	}
}

func TestTrajectoryGolden(t *testing.T) {
	t.Parallel()
	got := phq9Chart().SVG()
	checkGolden(t, "trajectory.svg", got)
	for _, s := range []string{"PHQ-9 &lt;over&gt; time", "8 &amp; falling", "IV &lt;40&gt; mg", `class="response"`,
		`class="remission"`, `class="t0"`, "moderately severe"} {
		if !strings.Contains(got, s) {
			t.Errorf("chart lacks %q", s)
		}
	}
	if n := strings.Count(got, `class="session"`); n != 3 {
		t.Errorf("%d session markers, want 3", n)
	}
	if n := strings.Count(got, `class="band"`); n != 5 {
		t.Errorf("%d bands, want 5", n)
	}
}

func TestTrajectoryOptional(t *testing.T) {
	t.Parallel()
	c := phq9Chart()
	c.HasResponse, c.HasRemission, c.Sessions = false, false, nil
	got := c.SVG()
	if strings.Contains(got, `class="response"`) || strings.Contains(got, `class="remission"`) || strings.Contains(got, `class="session"`) {
		t.Error("thresholds or sessions drawn when absent")
	}
	c.Points = nil
	if c.SVG() != "" {
		t.Error("a chart without points should be empty")
	}
	if dayStep(5, 10) != 1 || dayStep(60, 10) != 7 || dayStep(400, 10) != 56 || dayStep(60, 5) != 14 {
		t.Errorf("day steps %v %v %v %v", dayStep(5, 10), dayStep(60, 10), dayStep(400, 10), dayStep(60, 5))
	}
}

// TestTrajectoryExpectedBands: the clinic's spread is drawn per bin, clipped
// to the chart's days, behind the patient's line.
func TestTrajectoryExpectedBands(t *testing.T) {
	t.Parallel()
	c := phq9Chart()
	c.Expected = []ExpectedBin{
		{From: 0, To: 1, P10: 8, P25: 11, P50: 14, P75: 17, P90: 19},
		{From: 1, To: 3, P10: 5, P25: 8, P50: 11, P75: 15, P90: 18},
		{From: 90, To: 180, P10: 1, P25: 2, P50: 3, P75: 4, P90: 5}, // beyond the chart: not drawn
	}
	got := c.SVG()
	checkGolden(t, "trajectory_expected.svg", got)
	if n := strings.Count(got, `class="expected-inner"`); n != 2 {
		t.Errorf("%d inner bands, want 2 (the third bin lies beyond the chart)", n)
	}
	if strings.Index(got, `class="expected-outer"`) > strings.Index(got, `class="series"`) {
		t.Error("bands drawn over the patient's line")
	}
}

// TestTrajectoryCompact: the phone chart is narrow, with at most 5 day
// ticks, larger points, and the bands named inside the plot.
func TestTrajectoryCompact(t *testing.T) {
	t.Parallel()
	c := phq9Chart()
	c.Points = append(c.Points, ScorePoint{Day: 60, Value: 5, Label: "day 60: 5"})
	c.Compact = true
	got := c.SVG()
	checkGolden(t, "trajectory_compact.svg", got)
	if !strings.Contains(got, `class="chart trajectory compact" viewBox="0 0 360 280"`) || !strings.Contains(got, `r="5"`) {
		t.Errorf("not the phone layout:\n%s", got)
	}
	if n := strings.Count(got, `class="tick"`); n > 6 {
		t.Errorf("%d day ticks on a phone, want at most 6", n)
	}
	if !strings.Contains(got, `text-anchor="end">moderately severe</text>`) {
		t.Error("band names are not inside the plot")
	}
}
