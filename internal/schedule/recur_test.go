package schedule

import (
	"testing"
	"time"

	"onset/internal/clinic"
)

// TestRecurrenceAcrossDST: a twice-weekly series at 09:00 in New York that
// crosses the end of daylight saving time (Sunday 1 November 2026) stays at
// 09:00 local; its UTC time moves from 13:00 to 14:00.
func TestRecurrenceAcrossDST(t *testing.T) {
	t.Parallel()
	loc := newYork(t)
	r, err := ParseRecurrence("twice weekly for 4 weeks", time.Monday)
	if err != nil {
		t.Fatal(err)
	}
	got, err := r.Times(time.Date(2026, 10, 19, 9, 0, 0, 0, loc), loc)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{ // UTC
		"2026-10-19T13:00:00Z", "2026-10-22T13:00:00Z", "2026-10-26T13:00:00Z", "2026-10-29T13:00:00Z",
		"2026-11-02T14:00:00Z", "2026-11-05T14:00:00Z", "2026-11-09T14:00:00Z", "2026-11-12T14:00:00Z",
	}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i, g := range got {
		if g.Location() != time.UTC || g.Format(time.RFC3339) != want[i] {
			t.Errorf("session %d: %v, want %s", i+1, g, want[i])
		}
		if l := g.In(loc); l.Hour() != 9 || l.Minute() != 0 {
			t.Errorf("session %d is at %s local, want 09:00", i+1, l.Format("15:04"))
		}
	}
	// Booking the series in the calendar keeps the local time too.
	c := fixture(t)
	slots, misses, err := c.PlaceSeries(SeriesRequest{Request: Request{Kind: Infusion, PatientID: 7}, Spacing: Spacing{MinHoursApart: 48, MaxPerWeek: 2}}, got)
	if err != nil || len(misses) != 0 || len(slots) != 8 {
		t.Fatalf("placed %d, misses %v, %v", len(slots), misses, err)
	}
	// The spring change: 2026-03-08 in New York has no 02:30.
	_, err = Recurrence{EveryWeeks: 1, Count: 3}.Times(time.Date(2026, 3, 1, 2, 30, 0, 0, loc), loc)
	wantErr(t, err, clinic.Invalid, "02:30 does not exist on 2026-03-08")
	// And across it, 09:00 stays 09:00 (UTC 14:00 → 13:00).
	spring, err := Recurrence{EveryWeeks: 1, Count: 2}.Times(time.Date(2026, 3, 2, 9, 0, 0, 0, loc), loc)
	if err != nil || spring[0].Hour() != 14 || spring[1].Hour() != 13 {
		t.Errorf("spring: %v %v", spring, err)
	}
}

func TestRecurrenceTimes(t *testing.T) {
	t.Parallel()
	loc := time.UTC
	start := time.Date(2026, 6, 3, 10, 30, 0, 0, loc) // a Wednesday
	tests := []struct {
		name string
		r    Recurrence
		want []string
		msg  string
	}{
		{"every 3 weeks", Recurrence{EveryWeeks: 3, Count: 3}, []string{"2026-06-03", "2026-06-24", "2026-07-15"}, ""},
		{"Mon/Wed/Fri from a Wednesday", Recurrence{Weekdays: []time.Weekday{time.Monday, time.Wednesday, time.Friday}, EveryWeeks: 1, Count: 4},
			[]string{"2026-06-03", "2026-06-05", "2026-06-08", "2026-06-10"}, ""},
		{"first match after the start", Recurrence{Weekdays: []time.Weekday{time.Thursday}, EveryWeeks: 2, Count: 2}, []string{"2026-06-04", "2026-06-18"}, ""},
		{"no count", Recurrence{EveryWeeks: 1}, nil, "1 to 200 sessions"},
		{"no interval", Recurrence{Count: 2}, nil, "every 1 to 52 weeks"},
		{"a day twice", Recurrence{Weekdays: []time.Weekday{1, 1}, EveryWeeks: 1, Count: 2}, nil, "listed twice"},
		{"not a day", Recurrence{Weekdays: []time.Weekday{9}, EveryWeeks: 1, Count: 2}, nil, "not a day of the week"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.r.Times(start, loc)
			if tt.msg != "" {
				wantErr(t, err, clinic.Invalid, tt.msg)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i, g := range got {
				if g.Format(time.DateOnly) != tt.want[i] || g.Format("15:04") != "10:30" {
					t.Errorf("%d: %v, want %s 10:30", i, g, tt.want[i])
				}
			}
		})
	}
}

func TestParseRecurrence(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		days  []time.Weekday
		every int
		count int
	}{
		{"twice weekly for 4 weeks", []time.Weekday{time.Monday, time.Thursday}, 1, 8},
		{"Thrice weekly for 2 weeks", []time.Weekday{time.Monday, time.Wednesday, time.Friday}, 1, 6},
		{"3 times a week for 2 weeks", []time.Weekday{time.Monday, time.Wednesday, time.Friday}, 1, 6},
		{"once weekly for 6 weeks", []time.Weekday{time.Monday}, 1, 6},
		{"weekly for 6 weeks", []time.Weekday{time.Monday}, 1, 6},
		{"every 3 weeks for 4 sessions", []time.Weekday{time.Monday}, 3, 4},
		{"every 2 weeks for 8 weeks", []time.Weekday{time.Monday}, 2, 4},
		{"every  2  weeks for 7 weeks", []time.Weekday{time.Monday}, 2, 4},
		{"every week for 3 sessions", []time.Weekday{time.Monday}, 1, 3},
		{"4 times weekly for 1 week", []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday}, 1, 4},
	}
	for _, tt := range tests {
		r, err := ParseRecurrence(tt.in, time.Monday)
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if r.EveryWeeks != tt.every || r.Count != tt.count || len(r.Weekdays) != len(tt.days) {
			t.Errorf("%q: %v", tt.in, r)
			continue
		}
		for i := range tt.days {
			if r.Weekdays[i] != tt.days[i] {
				t.Errorf("%q: days %v, want %v", tt.in, r.Weekdays, tt.days)
			}
		}
	}
	if r, _ := ParseRecurrence("twice weekly for 1 week", time.Saturday); r.Weekdays[1] != time.Tuesday {
		t.Errorf("Saturday + 3 days = %v, want Tuesday", r.Weekdays[1])
	}
	for _, bad := range []string{"every 3 weeks", "fortnightly", "twice weekly", "twice weekly for 0 weeks", "8 times weekly for 2 weeks", ""} {
		if _, err := ParseRecurrence(bad, time.Monday); clinic.ErrorCode(err) != clinic.Invalid {
			t.Errorf("%q: %v, want invalid", bad, err)
		}
	}
	if s := (Recurrence{Weekdays: []time.Weekday{1, 4}, EveryWeeks: 1, Count: 8}).String(); s != "8 sessions on Monday, Thursday every week" {
		t.Errorf("String = %q", s)
	}
}

func TestPlaceSeriesMisses(t *testing.T) {
	t.Parallel()
	loc := newYork(t)
	c := fixture(t,
		Booking{ID: 1, PatientID: 1, Slot: Slot{Kind: Infusion, Start: ny(t, 10, 12, 9, 0), End: ny(t, 10, 12, 10, 25), ProviderEnd: ny(t, 10, 12, 9, 55), ResourceID: 1, ProviderID: 100}},
		Booking{ID: 2, PatientID: 2, Slot: Slot{Kind: Infusion, Start: ny(t, 10, 12, 9, 0), End: ny(t, 10, 12, 10, 25), ProviderEnd: ny(t, 10, 12, 9, 55), ResourceID: 2, ProviderID: 101}},
	)
	starts, err := Recurrence{Weekdays: []time.Weekday{time.Monday, time.Sunday}, EveryWeeks: 1, Count: 4}.Times(time.Date(2026, 10, 5, 9, 0, 0, 0, loc), loc)
	if err != nil {
		t.Fatal(err)
	}
	slots, misses, err := c.PlaceSeries(SeriesRequest{Request: Request{Kind: Infusion, PatientID: 7}, Spacing: Spacing{MinHoursApart: 48}}, starts)
	if err != nil {
		t.Fatal(err)
	}
	// Mon 5 fits; Sun 11 is closed; Mon 12 is full; Sun 18 closed.
	if len(slots) != 1 || !slots[0].Start.Equal(ny(t, 10, 5, 9, 0)) || len(misses) != 3 {
		t.Fatalf("slots %v misses %v", slots, misses)
	}
	if misses[0].Reason != "the clinic is not open then" || misses[1].Reason != "no chair or room and provider is free then" {
		t.Errorf("misses %v", misses)
	}
	// Spacing: two sessions a day apart with a 48-hour rule.
	two := []time.Time{ny(t, 10, 5, 9, 0), ny(t, 10, 6, 9, 0)}
	_, misses, _ = c.PlaceSeries(SeriesRequest{Request: Request{Kind: Infusion, PatientID: 7}, Spacing: Spacing{MinHoursApart: 48}}, two)
	if len(misses) != 1 || misses[0].Reason != "less than 48 hours from another session" {
		t.Errorf("misses %v", misses)
	}
	_, misses, _ = c.PlaceSeries(SeriesRequest{Request: Request{Kind: Infusion, PatientID: 7}, Spacing: Spacing{MaxPerWeek: 1}}, two)
	if len(misses) != 1 || misses[0].Reason != "the limit of 1 sessions in 7 days is reached" {
		t.Errorf("misses %v", misses)
	}
	if _, _, err := c.PlaceSeries(SeriesRequest{Request: Request{Kind: Infusion}}, nil); err == nil {
		t.Error("no start times: no error")
	}
}

// TestSlotsOnClockChangeNights: a window that spans the clock change offers
// each existing wall-clock start once and skips the hour that does not
// exist in spring.
func TestSlotsOnClockChangeNights(t *testing.T) {
	t.Parallel()
	loc := newYork(t)
	h := Hours{Location: loc, Open: []Window{{time.Sunday, At(0, 0), At(6, 0)}}}
	c, err := NewCalendar(h, DefaultTypes(), []Resource{{ID: 1, Name: "Room", Kind: Room}}, []Provider{{ID: 1, Name: "Dr"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		day   time.Time
		n     int
		skips []string
	}{
		{time.Date(2026, 11, 1, 0, 0, 0, 0, loc), 12, nil},                       // autumn: 7 hours long
		{time.Date(2026, 3, 8, 0, 0, 0, 0, loc), 10, []string{"02:00", "02:30"}}, // spring: 5 hours long
		{time.Date(2026, 3, 15, 0, 0, 0, 0, loc), 12, nil},
	} {
		got, err := c.Slots(Request{Kind: FollowUp, From: tt.day, To: tt.day.AddDate(0, 0, 1), Step: 30 * time.Minute}, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tt.n {
			t.Errorf("%s: %d slots, want %d: %v", tt.day.Format(time.DateOnly), len(got), tt.n, got)
		}
		seen := map[string]bool{}
		for i, s := range got {
			l := s.Start.In(loc).Format("15:04")
			if seen[l] || (i > 0 && !s.Start.After(got[i-1].Start)) {
				t.Errorf("%s: %s offered twice or out of order", tt.day.Format(time.DateOnly), l)
			}
			seen[l] = true
		}
		for _, sk := range tt.skips {
			if seen[sk] {
				t.Errorf("%s: %s does not exist but was offered", tt.day.Format(time.DateOnly), sk)
			}
		}
	}
}
