package schedule

import (
	"testing"
	"time"
)

// FuzzParseRecurrence: any phrase a person types in the repeat field is
// either refused or gives a bounded, ordered series of times.
func FuzzParseRecurrence(f *testing.F) {
	for _, s := range []string{"twice weekly for 4 weeks", "every 3 weeks for 4 sessions", "every 2 weeks for 8 weeks",
		"weekly for 6 weeks", "3 times a week for 2 weeks", "whenever", "every 0 weeks for 1 session", "every 999999999999 weeks"} {
		f.Add(s, uint8(time.Monday))
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, phrase string, day uint8) {
		r, err := ParseRecurrence(phrase, time.Weekday(day%7))
		if err != nil {
			return
		}
		start := time.Date(2026, 3, 23, 9, 0, 0, 0, berlin) // a Monday, a week before the clocks change
		times, err := r.Times(start, berlin)
		if err != nil {
			return
		}
		if len(times) == 0 || len(times) > 1000 {
			t.Fatalf("%q gives %d sessions", phrase, len(times))
		}
		for i := 1; i < len(times); i++ {
			if !times[i].After(times[i-1]) {
				t.Fatalf("%q: session %d (%v) is not after %v", phrase, i+1, times[i], times[i-1])
			}
		}
	})
}
