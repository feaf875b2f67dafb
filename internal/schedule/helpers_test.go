package schedule

import (
	"errors"
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
)

func newYork(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	return loc
}

// weekdays returns Mon–Fri windows from..to.
func weekdays(from, to Clock) []Window {
	var out []Window
	for d := time.Monday; d <= time.Friday; d++ {
		out = append(out, Window{d, from, to})
	}
	return out
}

// fixture: a New York clinic open Mon–Fri 08:00–18:00 and Sat 09:00–13:00,
// chairs 1 and 2, room 10; provider 100 takes everything, 101 (a nurse)
// takes treatments only, Mon–Wed 08:00–16:00.
func fixture(t testing.TB, bookings ...Booking) *Calendar {
	t.Helper()
	loc := newYork(t)
	h := Hours{Location: loc, Open: append(weekdays(At(8, 0), At(18, 0)), Window{time.Saturday, At(9, 0), At(13, 0)}),
		Closed: []time.Time{time.Date(2026, 12, 25, 0, 0, 0, 0, time.UTC)}}
	res := []Resource{{ID: 1, Name: "Chair 1", Kind: Chair}, {ID: 2, Name: "Chair 2", Kind: Chair, Hosts: []Kind{Infusion}}, {ID: 10, Name: "Room A", Kind: Room}}
	prov := []Provider{
		{ID: 100, Name: "Dr Carl"},
		{ID: 101, Name: "Nurse Nia", Kinds: []Kind{Infusion, Esketamine, Injection},
			Hours: []Window{{time.Monday, At(8, 0), At(16, 0)}, {time.Tuesday, At(8, 0), At(16, 0)}, {time.Wednesday, At(8, 0), At(16, 0)}},
			Off:   []Interval{{time.Date(2026, 10, 7, 0, 0, 0, 0, loc), time.Date(2026, 10, 8, 0, 0, 0, 0, loc)}}},
	}
	c, err := NewCalendar(h, DefaultTypes(), res, prov, bookings)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// ny returns a wall-clock time in New York.
func ny(t testing.TB, mo time.Month, d, h, m int) time.Time {
	return time.Date(2026, mo, d, h, m, 0, 0, newYork(t))
}

func slot(t testing.TB, c *Calendar, k Kind, start time.Time, res, prov int64) Slot {
	t.Helper()
	s, err := c.SlotAt(k, start, res, prov)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func wantErr(t *testing.T, err error, code clinic.Code, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s %q", code, want)
	}
	var ce *clinic.Error
	if !errors.As(err, &ce) {
		t.Fatalf("error %v is not a clinic.Error", err)
	}
	if ce.Code != code || !strings.Contains(ce.Message, want) {
		t.Fatalf("got %s %q, want %s containing %q", ce.Code, ce.Message, code, want)
	}
}
