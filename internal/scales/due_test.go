package scales

import (
	"onset/internal/clinic"
	"strings"
	"testing"
	"time"
)

// clinicCadence is a clinic's own: fields left zero keep the default.
var clinicCadence = Cadence{PreAhead: 72 * time.Hour, PostAfter: 48 * time.Hour, Induction: 3 * 24 * time.Hour}

func TestDue(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	h := func(n float64) time.Time { return t0.Add(time.Duration(n * float64(time.Hour))) }
	course := clinic.Course{ID: 7, Condition: clinic.Anxiety, StartedAt: t0}
	cases := []struct {
		name     string
		in       ScheduleInput
		wantKind string // "" for nothing due
	}{
		{"before a booked session", ScheduleInput{Course: course, Sessions: []time.Time{t0}, Upcoming: []time.Time{h(96)},
			LastTaken: h(25), Now: h(60)}, "pre"},
		{"pre-session answered", ScheduleInput{Course: course, Sessions: []time.Time{t0}, Upcoming: []time.Time{h(96)},
			LastTaken: h(50), Now: h(60)}, ""},
		{"24 h after a session", ScheduleInput{Course: course, Sessions: []time.Time{t0}, Now: h(25)}, "post"},
		{"post-session answered", ScheduleInput{Course: course, Sessions: []time.Time{t0}, LastTaken: h(20), Now: h(25)}, ""},
		{"weekly in induction", ScheduleInput{Course: course, Sessions: []time.Time{t0}, LastTaken: h(24), Now: h(24 * 9)}, "week"},
		{"answered this week", ScheduleInput{Course: course, Sessions: []time.Time{t0}, LastTaken: h(24 * 8), Now: h(24 * 9)}, ""},
		{"monthly in maintenance", ScheduleInput{Course: course, Sessions: []time.Time{t0}, LastTaken: h(24 * 20), Now: h(24 * 50)}, "month"},
		{"maintenance, answered 3 weeks ago", ScheduleInput{Course: course, Sessions: []time.Time{t0}, LastTaken: h(24 * 29), Now: h(24 * 50)}, ""},
		{"course not started", ScheduleInput{Course: course, Now: h(-5)}, ""},
		{"no check-in on T0's day", ScheduleInput{Course: course, Sessions: []time.Time{t0}, Now: h(2)}, ""},
		{"first check-in a week after T0", ScheduleInput{Course: course, Sessions: []time.Time{t0}, Now: h(24 * 7.1)}, "week"},
		// A clinic's own cadence: a questionnaire 72 h before, 48 h after, every 3 days in induction.
		{"72 h ahead: open at 60 h before", ScheduleInput{Course: course, Sessions: []time.Time{t0}, Upcoming: []time.Time{h(120)},
			LastTaken: h(25), Now: h(60), Cadence: clinicCadence}, "pre"},
		{"48 h after: not yet at 25 h", ScheduleInput{Course: course, Sessions: []time.Time{t0}, LastTaken: h(-1), Now: h(25),
			Cadence: clinicCadence}, ""},
		{"48 h after: due at 49 h", ScheduleInput{Course: course, Sessions: []time.Time{t0}, LastTaken: h(-1), Now: h(49),
			Cadence: clinicCadence}, "post"},
		{"every 3 days in induction", ScheduleInput{Course: course, Sessions: []time.Time{t0}, LastTaken: h(24 * 5),
			Now: h(24 * 8.5), Cadence: clinicCadence}, "week"},
		{"every 3 days: answered 2 days ago", ScheduleInput{Course: course, Sessions: []time.Time{t0}, LastTaken: h(24 * 6.6),
			Now: h(24 * 8.5), Cadence: clinicCadence}, ""},
	}
	for _, tc := range cases {
		got, ok := Due(tc.in)
		kind := ""
		if ok {
			kind = strings.Split(got.Key, ":")[1]
			if got.Instrument != GAD7 || !got.ExpiresAt.After(tc.in.Now) || got.DueAt.After(tc.in.Now) {
				t.Errorf("%s: %+v", tc.name, got)
			}
		}
		if kind != tc.wantKind {
			t.Errorf("%s: due %q, want %q", tc.name, kind, tc.wantKind)
		}
		// Pure: the same input gives the same slot.
		if again, _ := Due(tc.in); again != got {
			t.Errorf("%s: not deterministic", tc.name)
		}
	}
}

func TestCadenceReasons(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	course := clinic.Course{ID: 7, Condition: clinic.Depression, StartedAt: t0}
	for _, c := range []struct {
		cad  Cadence
		now  time.Time
		want string
	}{
		{Cadence{}, t0.Add(25 * time.Hour), "24 hours after your session"},
		{clinicCadence, t0.Add(49 * time.Hour), "48 hours after your session"},
		{Cadence{}, t0.AddDate(0, 0, 9), "weekly check-in"},
		{clinicCadence, t0.AddDate(0, 0, 9), "check-in every 3 days"},
		{Cadence{}, t0.AddDate(0, 0, 40), "monthly check-in"},
		{Cadence{Maintenance: 14 * 24 * time.Hour}, t0.AddDate(0, 0, 40), "check-in every 14 days"},
	} {
		got, ok := Due(ScheduleInput{Course: course, Sessions: []time.Time{t0}, Now: c.now, Cadence: c.cad})
		if !ok || got.Reason != c.want {
			t.Errorf("%+v at %v: %q (%v), want %q", c.cad, c.now, got.Reason, ok, c.want)
		}
	}
	if d := (Cadence{PostAfter: time.Hour}).OrDefault(); d.PostAfter != time.Hour || d.PreAhead != 48*time.Hour ||
		d.Induction != 7*24*time.Hour || d.Maintenance != 28*24*time.Hour {
		t.Errorf("OrDefault: %+v", d)
	}
}
