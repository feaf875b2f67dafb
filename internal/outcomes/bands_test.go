package outcomes

import (
	"math"
	"testing"
)

func TestQuantile7(t *testing.T) {
	t.Parallel()
	// R: quantile(1:10, c(.1, .25, .5, .75, .9)) = 1.9 3.25 5.5 7.75 9.1
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for i, want := range []float64{1.9, 3.25, 5.5, 7.75, 9.1} {
		if got := quantile7(x, Percentiles[i]/100); math.Abs(got-want) > 1e-12 {
			t.Errorf("p%g = %g, want %g", Percentiles[i], got, want)
		}
	}
	if quantile7([]float64{4}, 0.9) != 4 {
		t.Error("one value")
	}
}

func TestTrajectoryBands(t *testing.T) {
	t.Parallel()
	var rows []CourseRow
	// Ten courses with baseline 20: on day 2 they are at 20−k (k = 1..10),
	// i.e. −5%..−50%; twice on day 2 for the first, whose last counts.
	for k := 1; k <= 10; k++ {
		r := CourseRow{T0: cohortT0, Outcomes: Outcomes{HasBaseline: true, Baseline: Score{at(-1), 20}}}
		if k == 1 {
			r.FollowUps = append(r.FollowUps, Score{at(1.5), 2})
		}
		r.FollowUps = append(r.FollowUps, Score{at(2), 20 - k}, Score{at(200), 0})
		rows = append(rows, r)
	}
	// Left out: no baseline, baseline 0, no follow-up.
	rows = append(rows,
		CourseRow{T0: cohortT0, Outcomes: Outcomes{FollowUps: []Score{{at(2), 1}}}},
		CourseRow{T0: cohortT0, Outcomes: Outcomes{HasBaseline: true, FollowUps: []Score{{at(2), 1}}}},
		CourseRow{T0: cohortT0, Outcomes: Outcomes{HasBaseline: true, Baseline: Score{at(0), 9}}},
	)
	b := TrajectoryBands(rows)
	if b.Courses != 10 || len(b.Bins) != len(TrajectoryBins) {
		t.Fatalf("courses %d, bins %d", b.Courses, len(b.Bins))
	}
	bin := b.Bins[1] // [1, 3)
	if bin.From != 1 || bin.To != 3 || bin.Courses != 10 {
		t.Fatalf("bin %+v", bin)
	}
	// Values −50, −45, ..., −5: the median is −27.5, p10 −45.5.
	if got := *bin.P[2]; math.Abs(got+27.5) > 1e-9 {
		t.Errorf("median %g, want −27.5", got)
	}
	if got := *bin.P[0]; math.Abs(got+45.5) > 1e-9 {
		t.Errorf("p10 %g, want −45.5", got)
	}
	// Day 200 is outside every bin; other bins are empty, with null percentiles.
	if b.Bins[0].Courses != 0 || b.Bins[0].P[2] != nil {
		t.Errorf("empty bin %+v", b.Bins[0])
	}
	// Fewer than MinBandCourses: counted, percentiles withheld.
	few := TrajectoryBands(rows[:MinBandCourses-1])
	if few.Bins[1].Courses != MinBandCourses-1 || few.Bins[1].P[2] != nil {
		t.Errorf("small bin %+v", few.Bins[1])
	}
}
