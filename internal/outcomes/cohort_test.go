package outcomes

import (
	"math"
	"slices"
	"testing"
	"time"

	"onset/internal/clinic"
)

// cohortT0 is events_test.go's t0; at(d) is d days after it.
var cohortT0 = t0

func phq9Like() Instrument {
	return Instrument{ID: "phq9", RemissionMax: 4, HasRemission: true, Severity: func(total int) string {
		if total >= 20 {
			return "severe"
		}
		return "milder"
	}}
}

func TestCourseRows(t *testing.T) {
	t.Parallel()
	// Two courses: the second starts on day 100, which ends the first's
	// follow-up. The recorded start of course 1 is a day late; its first
	// dose is T0.
	h := History{
		PatientID: 9, BirthDate: time.Date(1990, 6, 1, 0, 0, 0, 0, time.UTC),
		Courses: []clinic.Course{
			{ID: 2, Route: clinic.RouteEsketamine, StartedAt: at(100)},
			{ID: 1, Route: clinic.RouteIV, StartedAt: at(1)},
		},
		Administrations: []clinic.Administration{
			{CourseID: 1, GivenAt: at(0), DoseMg: 35, WeightKg: 70},
			{CourseID: 1, GivenAt: at(2), DoseMg: 35, WeightKg: 70},
			{CourseID: 2, GivenAt: at(100), DoseMg: 56, WeightKg: 70},
		},
		Scores: []Score{
			{at(-1), 20}, {at(1), 12}, {at(3), 9}, {at(10), 4}, {at(40), 15}, {at(50), 16},
			{at(99), 22}, // baseline of course 2
			{at(101), 20},
		},
	}
	rows, err := CourseRows(h, phq9Like())
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].CourseID != 1 || rows[1].CourseID != 2 {
		t.Fatalf("rows %+v", rows)
	}
	r := rows[0]
	if !r.T0.Equal(at(0)) || r.Facts.Severity != "severe" || r.Facts.Route != clinic.RouteIV || r.Facts.Age != 34 {
		t.Errorf("course 1: T0 %v facts %v", r.T0, r.Facts)
	}
	if r.Response != (TimeToEvent{Days: 3, Event: true}) || r.Remission != (TimeToEvent{Days: 10, Event: true}) {
		t.Errorf("course 1: response %+v remission %+v", r.Response, r.Remission)
	}
	// Relapse: 15 and 16 both above 10 → relapse at day 40, 37 days after the response.
	if r.Relapse != (TimeToEvent{Days: 37, Event: true}) {
		t.Errorf("course 1 relapse %+v", r.Relapse)
	}
	// Day 99 is before course 2's T0 on day 100: course 1's last follow-up,
	// and course 2's baseline as well.
	r2 := rows[1]
	if !r2.HasBaseline || r2.Baseline.Total != 22 || r2.Response != (TimeToEvent{Days: 1}) {
		t.Errorf("course 2: baseline %+v response %+v", r2.Baseline, r2.Response)
	}
}

func TestCourseRowsNoRemissionCutoff(t *testing.T) {
	t.Parallel()
	h := History{Courses: []clinic.Course{{ID: 1, StartedAt: at(0)}}, Scores: []Score{{at(0), 40}, {at(7), 10}}}
	rows, err := CourseRows(h, Instrument{ID: "pcl5"})
	if err != nil {
		t.Fatal(err)
	}
	if rows[0].Remission.LeftOut != NoRemissionCutoff || !rows[0].Response.Event {
		t.Errorf("%+v", rows[0])
	}
}

func TestGroup(t *testing.T) {
	t.Parallel()
	mk := func(route clinic.Route, days float64, event bool, left LeftOut) CourseRow {
		return CourseRow{Facts: Facts{Route: route}, Outcomes: Outcomes{Response: TimeToEvent{Days: days, Event: event, LeftOut: left}}}
	}
	// The reference set again, as routes, plus three left-out courses.
	var rows []CourseRow
	for _, o := range obs(t, referenceGroup0) {
		rows = append(rows, mk(clinic.RouteIV, o.Time, o.Event, ""))
	}
	for _, o := range obs(t, referenceGroup1) {
		rows = append(rows, mk(clinic.RouteEsketamine, o.Time, o.Event, ""))
	}
	rows = append(rows, mk(clinic.RouteIV, 0, false, NoBaseline), mk(clinic.RouteIV, 0, false, NoBaseline), mk("", 0, false, NoFollowUp))
	c, err := Group(rows, EventResponse, ByRoute, []float64{7}, DefaultConfLevel)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Names) != 2 || c.Names[0] != "esketamine" || c.Names[1] != "iv" {
		t.Fatalf("names %q", c.Names)
	}
	if c.LogRank == nil || math.Abs(c.LogRank.ChiSq-13.936468) > 5e-6 {
		t.Errorf("log-rank %+v", c.LogRank)
	}
	doc := c.JSON()
	if doc.LeftOut["no_baseline"] != 2 || doc.LeftOut["no_follow_up"] != 1 || len(doc.LeftOut) != 2 {
		t.Errorf("left out %v", doc.LeftOut)
	}
	if doc.Groups[1].At[0].Survival != 0.65625 || *doc.Groups[0].Median != 4 {
		t.Errorf("groups %+v", doc.Groups)
	}
	// Nothing to compare: no groups, no test, no error.
	empty, err := Group(rows[len(rows)-3:], EventResponse, ByRoute, nil, DefaultConfLevel)
	if err != nil || len(empty.Names) != 0 || empty.LogRank != nil || empty.JSON().Groups == nil {
		t.Errorf("all left out: %+v %v", empty, err)
	}
}

func TestParseEvent(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Event{"": EventResponse, "response": EventResponse, "remission": EventRemission, "relapse": EventRelapse} {
		if got, err := ParseEvent(in); err != nil || got != want {
			t.Errorf("ParseEvent(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseEvent("cure"); err == nil {
		t.Error("cure accepted")
	}
}

func TestCourseRowsNotAssessed(t *testing.T) {
	t.Parallel()
	h := History{Courses: []clinic.Course{{ID: 1, StartedAt: at(0)}, {ID: 2, StartedAt: at(50)}},
		Scores: []Score{{at(-40), 20}, {at(55), 9}}} // before course 1's window; course 2 has a follow-up only
	rows, err := CourseRows(h, phq9Like())
	if err != nil {
		t.Fatal(err)
	}
	if rows[0].Response.LeftOut != NotAssessed || rows[0].Relapse.LeftOut != NotAssessed {
		t.Errorf("course 1: %+v", rows[0].Outcomes)
	}
	if rows[1].Response.LeftOut != NoBaseline {
		t.Errorf("course 2: %+v", rows[1].Outcomes)
	}
}

func TestGroupSeverityOrder(t *testing.T) {
	t.Parallel()
	in := Instrument{ID: "x", HasRemission: true, Bands: []string{"minimal", "moderate", "severe"}, Severity: func(total int) string {
		switch {
		case total >= 20:
			return "severe"
		case total >= 10:
			return "moderate"
		}
		return "minimal"
	}}
	var rows []CourseRow
	for i, base := range []int{25, 5, 12, 22} {
		h := History{Courses: []clinic.Course{{ID: int64(i), StartedAt: at(0)}}, Scores: []Score{{at(0), base}, {at(3), base}}}
		rs, err := CourseRows(h, in)
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, rs...)
	}
	c, err := Group(rows, EventResponse, BySeverity, nil, DefaultConfLevel)
	if err != nil {
		t.Fatal(err)
	}
	// The instrument's order, not the alphabet.
	if want := []string{"minimal", "moderate", "severe"}; !slices.Equal(c.Names, want) {
		t.Errorf("severity order %q, want %q", c.Names, want)
	}
}
