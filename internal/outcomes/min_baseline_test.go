package outcomes

import (
	"testing"

	"onset/internal/clinic"
)

// design.md §3: a baseline below the instrument's minimum leaves the course
// out of response, remission and relapse as "baseline below min" (counted
// as baseline_below_min), while a baseline at the minimum enters.
func TestCourseRowsMinimumBaseline(t *testing.T) {
	t.Parallel()
	in := Instrument{ID: "phq9", RemissionMax: 4, HasRemission: true, MinBaseline: 10}
	for _, tt := range []struct {
		base int
		left LeftOut
	}{{9, BaselineBelowMin}, {0, BaselineBelowMin}, {10, ""}, {20, ""}} {
		h := History{Courses: []clinic.Course{{ID: 1, StartedAt: at(0)}}, Scores: []Score{{at(0), tt.base}, {at(1), tt.base / 2}, {at(7), 3}}}
		rows, err := CourseRows(h, in)
		if err != nil {
			t.Fatal(err)
		}
		r := rows[0]
		for _, e := range []Event{EventResponse, EventRemission, EventRelapse} {
			if got := r.Of(e).LeftOut; got != tt.left && !(tt.left == "" && e == EventRelapse) {
				t.Errorf("baseline %d, %s: left out %q, want %q", tt.base, e, got, tt.left)
			}
		}
		if !r.HasBaseline || r.Baseline.Total != tt.base {
			t.Errorf("baseline %d: the row keeps its baseline for the CSV and bands, got %+v", tt.base, r.Baseline)
		}
		c, err := Group(rows, EventResponse, ByNone, nil, DefaultConfLevel)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]int{}; tt.left != "" {
			want["baseline_below_min"] = 1
			if got := c.JSON().LeftOut; got["baseline_below_min"] != 1 || len(got) != 1 {
				t.Errorf("baseline %d: left_out %v, want %v", tt.base, got, want)
			}
		}
	}
	// No minimum (0) keeps every course, as before.
	h := History{Courses: []clinic.Course{{ID: 1, StartedAt: at(0)}}, Scores: []Score{{at(0), 3}, {at(1), 1}}}
	rows, _ := CourseRows(h, Instrument{ID: "cadss"})
	if rows[0].Response.LeftOut != "" {
		t.Errorf("without a minimum: %+v", rows[0].Response)
	}
}

// The median where S(t) is exactly 0.5 over a stretch is the stretch's
// midpoint, as R's quantile.survfit gives it; elsewhere the first time
// S ≤ 0.5. Each want is R 4.2.2 / survival 3.5-3's
// quantile(survfit(Surv(t, e) ~ 1), 0.5).
func TestMedianExactlyHalfOverAStretch(t *testing.T) {
	t.Parallel()
	ev := func(ts ...float64) []Observation {
		var o []Observation
		for _, x := range ts {
			o = append(o, Observation{Time: max(x, -x), Event: x > 0})
		}
		return o
	}
	for _, tt := range []struct {
		name string
		obs  []Observation
		want float64
	}{
		{"S = 0.5 on [2, 3)", ev(1, 2, 3, 4), 2.5},
		{"ties: S = 0.5 on [2, 3)", ev(1, 1, 2, 2, 3, 3, 4, 4), 2.5},
		{"a censoring inside the stretch: S = 0.5 on [3, 4)", ev(1, 2, 3, -3.5, 4, 5), 3.5},
		{"S = 0.5 to the end: midpoint with the last time", ev(1, 2, -5, -6), 4},
		{"passes 0.5 without resting on it", ev(1, 2, 3), 2},
		{"a censoring before: S = 0.6 then 0.3", ev(1, 2, -2.5, 3, 4), 3},
	} {
		c, err := KaplanMeier(tt.obs, DefaultConfLevel)
		if err != nil {
			t.Fatal(err)
		}
		if c.Median.Estimate != tt.want {
			t.Errorf("%s: median %v, want %v (R)", tt.name, c.Median.Estimate, tt.want)
		}
	}
}
