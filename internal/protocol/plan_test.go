package protocol

import (
	"slices"
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
)

var (
	monWedFri = []time.Weekday{time.Monday, time.Wednesday, time.Friday}
	weekdays  = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	everyDay  = []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
)

// monday is 2 June 2025.
var monday = time.Date(2025, 6, 2, 9, 30, 0, 0, time.UTC)

// offsets returns each session's day number counted from the first.
func offsets(ss []Session) []int {
	var out []int
	for _, s := range ss {
		out = append(out, days(ss[0].Date, s.Date))
	}
	return out
}

func TestPlanIVInduction(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		start time.Time
		days  []time.Weekday
		first string
		want  []int
	}{
		{"Mon/Wed/Fri, as Murrough 2013", monday, monWedFri, "2025-06-02", []int{0, 2, 4, 7, 9, 11}},
		{"start on Sunday moves to Monday", monday.AddDate(0, 0, -1), monWedFri, "2025-06-02", []int{0, 2, 4, 7, 9, 11}},
		{"weekdays: Mon/Wed/Fri pattern", monday, weekdays, "2025-06-02", []int{0, 2, 4, 7, 9, 11}},
		// Open daily: 0, 2, 4 fill the week; day 6 would be a 4th in 7 days.
		{"every day, at most 3 in 7 days", monday, everyDay, "2025-06-02", []int{0, 2, 4, 7, 9, 11}},
		{"every day from Thursday", monday.AddDate(0, 0, 3), everyDay, "2025-06-05", []int{0, 2, 4, 7, 9, 11}},
		{"Tue/Thu, twice weekly (Singh 2016)", monday, []time.Weekday{time.Tuesday, time.Thursday}, "2025-06-03", []int{0, 2, 7, 9, 14, 16}},
		{"Mon/Fri", monday, []time.Weekday{time.Monday, time.Friday}, "2025-06-02", []int{0, 4, 7, 11, 14, 18}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ss, err := Plan(PlanRequest{Template: IVInduction(), WeightKg: 82.4, AgeYears: 40, Start: tt.start, Weekdays: tt.days})
			if err != nil {
				t.Fatal(err)
			}
			if got := ss[0].Date.Format(time.DateOnly); got != tt.first {
				t.Errorf("first = %s, want %s", got, tt.first)
			}
			if got := offsets(ss); !slices.Equal(got, tt.want) {
				t.Errorf("offsets = %v, want %v", got, tt.want)
			}
			for i, s := range ss {
				if s.Number != i+1 || s.DoseMg != 41.2 || s.MgPerKg != 0.5 || s.DurationMin != 40 || s.Route != clinic.RouteIV ||
					s.Phase != "induction" || s.MonitorMin != 30 || s.Date.Hour() != 0 || !slices.Contains(tt.days, s.Date.Weekday()) {
					t.Errorf("session %d = %+v", i, s)
				}
			}
			checkSpacing(t, IVInduction(), ss)
		})
	}
}

// checkSpacing asserts the rules Plan promises on a finished plan.
func checkSpacing(t *testing.T, tpl Template, ss []Session) {
	t.Helper()
	maxPerWeek := map[string]int{}
	for _, p := range tpl.Phases {
		maxPerWeek[p.Name] = p.MaxPerWeek
	}
	for i := 1; i < len(ss); i++ {
		if gap := days(ss[i-1].Date, ss[i].Date); gap*24 < tpl.MinHoursApart || gap < 1 {
			t.Errorf("sessions %d and %d are %d days apart (min %d h)", i, i+1, gap, tpl.MinHoursApart)
		}
	}
	for i, s := range ss {
		n := 0
		for _, o := range ss[:i+1] {
			if days(o.Date, s.Date) < 7 {
				n++
			}
		}
		if m := maxPerWeek[s.Phase]; m > 0 && n > m {
			t.Errorf("session %d: %d sessions in the 7 days ending %s (max %d)", i+1, n, s.Date.Format(time.DateOnly), m)
		}
	}
}

func TestPlanEsketamine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		age       int
		firstMg   float64
		firstDev  int
		firstTime int
	}{
		{64, 56, 2, 5},
		{65, 28, 1, 0}, // label: 28 mg on day 1 from age 65
		{66, 28, 1, 0},
		{18, 56, 2, 5},
	}
	for _, tt := range tests {
		ss, err := Plan(PlanRequest{Template: EsketamineTRD(), AgeYears: tt.age, WeightKg: 70, Start: monday, Weekdays: weekdays})
		if err != nil {
			t.Fatal(err)
		}
		if len(ss) != 16 {
			t.Fatalf("age %d: %d sessions, want 16", tt.age, len(ss))
		}
		if s := ss[0]; s.DoseMg != tt.firstMg || s.Devices != tt.firstDev || s.DurationMin != tt.firstTime || s.MonitorMin != 120 {
			t.Errorf("age %d: first session %+v", tt.age, s)
		}
		for _, s := range ss[1:] {
			if s.DoseMg != 56 || s.Devices != 2 || s.DurationMin != 5 || s.MgPerKg != 0.8 {
				t.Errorf("age %d: later session %+v", tt.age, s)
			}
		}
		// Weeks 1–4 twice weekly (Mon/Thu), weeks 5–8 weekly, then every 2 weeks.
		want := []int{0, 3, 7, 10, 14, 17, 21, 24, 31, 38, 45, 52, 66, 80, 94, 108}
		if got := offsets(ss); !slices.Equal(got, want) {
			t.Errorf("age %d: offsets = %v, want %v", tt.age, got, want)
		}
		for i, s := range ss {
			d := days(ss[0].Date, s.Date)
			switch {
			case i < 8 && (s.Phase != "induction (weeks 1–4)" || d > 27):
				t.Errorf("session %d (%s, day %d) should be in weeks 1–4", i+1, s.Phase, d)
			case i >= 8 && i < 12 && (s.Phase != "maintenance (weeks 5–8)" || d < 28 || d > 55):
				t.Errorf("session %d (%s, day %d) should be in weeks 5–8", i+1, s.Phase, d)
			case i >= 12 && (s.Phase != "maintenance (week 9 on)" || d < 56):
				t.Errorf("session %d (%s, day %d) should be from week 9", i+1, s.Phase, d)
			}
		}
		checkSpacing(t, EsketamineTRD(), ss)
	}
}

func TestPlanOtherTemplates(t *testing.T) {
	t.Parallel()
	for _, tpl := range Templates() {
		for _, wd := range [][]time.Weekday{monWedFri, weekdays, everyDay, {time.Monday, time.Thursday}} {
			ss, err := Plan(PlanRequest{Template: tpl, WeightKg: 70, AgeYears: 50, Start: monday, Weekdays: wd})
			if err != nil {
				t.Errorf("%s on %v: %v", tpl.ID, wd, err)
				continue
			}
			n := 0
			for _, p := range tpl.Phases {
				n += p.Sessions
			}
			if len(ss) != n {
				t.Errorf("%s: %d sessions, want %d", tpl.ID, len(ss), n)
			}
			checkSpacing(t, tpl, ss)
		}
	}
	ss, err := Plan(PlanRequest{Template: OralKetamine(), WeightKg: 82.4, Start: monday, Weekdays: weekdays})
	if err != nil {
		t.Fatal(err)
	}
	if got := days(ss[0].Date, ss[len(ss)-1].Date); ss[0].DoseMg != 82.4 || got != 38 {
		t.Errorf("oral: first dose %v mg, span %d days; want 82.4 mg, 38 days", ss[0].DoseMg, got)
	}
	ss, err = Plan(PlanRequest{Template: SublingualKetamine(), Start: monday, Weekdays: weekdays})
	if err != nil {
		t.Fatal(err)
	}
	if ss[0].DoseMg != 10 || ss[0].MgPerKg != 0 || ss[0].DurationMin != 5 || !slices.Equal(offsets(ss), []int{0, 2, 4, 7, 9, 11}) {
		t.Errorf("sublingual: %v", ss)
	}
}

func TestPlanRounding(t *testing.T) {
	t.Parallel()
	tests := []struct {
		weight, round, want float64
	}{
		{82.37, 0, 41.2},
		{82.37, 0.5, 41},
		{82.37, 1, 41},
		{70, 0, 35},
	}
	for _, tt := range tests {
		ss, err := Plan(PlanRequest{Template: IVInduction(), WeightKg: tt.weight, Start: monday, Weekdays: monWedFri, RoundMg: tt.round})
		if err != nil {
			t.Fatal(err)
		}
		if ss[0].DoseMg != tt.want {
			t.Errorf("%v kg, increment %v: %v mg, want %v", tt.weight, tt.round, ss[0].DoseMg, tt.want)
		}
	}
}

// Sessions stay at local midnight and on the right weekday across a
// daylight-saving change.
func TestPlanAcrossDST(t *testing.T) {
	t.Parallel()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	start := time.Date(2025, 3, 7, 15, 0, 0, 0, ny) // Friday; clocks change on Sunday 9 March
	ss, err := Plan(PlanRequest{Template: IVInduction(), WeightKg: 70, Start: start, Weekdays: monWedFri})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range ss {
		got = append(got, s.Date.Format("2006-01-02 15:04 MST"))
	}
	want := []string{"2025-03-07 00:00 EST", "2025-03-10 00:00 EDT", "2025-03-12 00:00 EDT", "2025-03-14 00:00 EDT", "2025-03-17 00:00 EDT", "2025-03-19 00:00 EDT"}
	if !slices.Equal(got, want) {
		t.Errorf("dates = %v, want %v", got, want)
	}
}

func TestPlanInvalid(t *testing.T) {
	t.Parallel()
	tight := SublingualKetamine()
	tight.Phases[0].MaxIntervalDays = 5
	tests := []struct {
		name string
		req  PlanRequest
		want string
	}{
		{"Monday-only clinic cannot give 6 infusions in 3 weeks",
			PlanRequest{Template: IVInduction(), WeightKg: 70, Start: monday, Weekdays: []time.Weekday{time.Monday}},
			`phase "induction": on the clinic's weekdays, session 4 of 6 would fall 21 days after the phase's first; phases[0].max_span_days is 20`},
		{"Monday-only clinic cannot keep a 5-day maximum gap",
			PlanRequest{Template: tight, Start: monday, Weekdays: []time.Weekday{time.Monday}},
			`sessions 1 and 2 would be 7 days apart on the clinic's weekdays; phases[0].max_interval_days is 5`},
		{"Monday-only clinic cannot give esketamine twice weekly",
			PlanRequest{Template: EsketamineTRD(), AgeYears: 40, Start: monday, Weekdays: []time.Weekday{time.Monday}},
			"max_span_days is 27"},
		{"invalid template", PlanRequest{Template: Template{ID: "x"}, WeightKg: 70, Start: monday, Weekdays: weekdays}, `template "x"`},
		{"no start", PlanRequest{Template: IVInduction(), WeightKg: 70, Weekdays: weekdays}, "start date is required"},
		{"no weekdays", PlanRequest{Template: IVInduction(), WeightKg: 70, Start: monday}, "weekdays are required"},
		{"bad weekday", PlanRequest{Template: IVInduction(), WeightKg: 70, Start: monday, Weekdays: []time.Weekday{7}}, "weekday 7"},
		{"no weight for weight-based", PlanRequest{Template: IVInduction(), Start: monday, Weekdays: weekdays}, "weight must be between 20 and 300 kg (got 0)"},
		{"implausible weight for fixed", PlanRequest{Template: SublingualKetamine(), WeightKg: 500, Start: monday, Weekdays: weekdays}, "(got 500)"},
		{"esketamine needs age", PlanRequest{Template: EsketamineTRD(), Start: monday, Weekdays: weekdays}, "age 0 is required"},
		{"negative increment", PlanRequest{Template: IVInduction(), WeightKg: 70, Start: monday, Weekdays: weekdays, RoundMg: -1}, "increment must be positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Plan(tt.req)
			if clinic.ErrorCode(err) != clinic.Invalid {
				t.Fatalf("err = %v, want invalid", err)
			}
			if msg := clinic.ErrorMessage(err); !strings.Contains(msg, tt.want) {
				t.Errorf("message %q lacks %q", msg, tt.want)
			}
		})
	}
}

func TestSessionString(t *testing.T) {
	t.Parallel()
	ss, err := Plan(PlanRequest{Template: IVInduction(), WeightKg: 82.4, Start: monday, Weekdays: monWedFri})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ss[0].String(), "#1 2025-06-02 iv 41.2 mg (0.5 mg/kg) over 40 min"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
}
