package scales

import (
	"onset/internal/clinic"
	"strings"
	"testing"
	"time"
)

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
