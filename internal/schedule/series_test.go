package schedule

import (
	"testing"
	"time"

	"onset/internal/clinic"
)

func TestFindSeries(t *testing.T) {
	t.Parallel()
	mon := func(d, h, m int) time.Time { return ny(t, 10, d, h, m) }
	tests := []struct {
		name     string
		bookings []Booking
		req      SeriesRequest
		want     []time.Time
		code     clinic.Code
		msg      string
	}{
		{name: "six infusions, 3 a week, 48 h apart",
			req: SeriesRequest{Request: Request{Kind: Infusion, PatientID: 7, From: mon(5, 0, 0), To: mon(31, 0, 0), After: At(9, 0), Before: At(9, 0)},
				Sessions: 6, Spacing: Spacing{MinHoursApart: 48, MaxPerWeek: 3}},
			// Mon, Wed, Fri; then the next Mon, Wed, Fri.
			want: []time.Time{mon(5, 9, 0), mon(7, 9, 0), mon(9, 9, 0), mon(12, 9, 0), mon(14, 9, 0), mon(16, 9, 0)}},
		{name: "twice a week at most",
			req: SeriesRequest{Request: Request{Kind: Infusion, PatientID: 7, From: mon(5, 0, 0), To: mon(31, 0, 0), After: At(9, 0), Before: At(9, 0)},
				Sessions: 4, Spacing: Spacing{MinHoursApart: 48, MaxPerWeek: 2}},
			// Mon 5, Wed 7; then Mon 12 (the 7 days from Tue 6 hold Wed 7 and Mon 12) and Wed 14.
			want: []time.Time{mon(5, 9, 0), mon(7, 9, 0), mon(12, 9, 0), mon(14, 9, 0)}},
		{name: "every 3 weeks",
			req: SeriesRequest{Request: Request{Kind: Esketamine, PatientID: 7, From: mon(5, 0, 0), To: ny(t, 12, 31, 0, 0), After: At(10, 0), Before: At(10, 0)},
				Sessions: 3, Spacing: Spacing{IntervalDays: 21}},
			want: []time.Time{mon(5, 10, 0), mon(26, 10, 0), ny(t, 11, 16, 10, 0)}},
		{name: "prior sessions keep the spacing",
			req: SeriesRequest{Request: Request{Kind: Infusion, PatientID: 7, From: mon(5, 0, 0), To: mon(31, 0, 0), After: At(9, 0), Before: At(9, 0)},
				Sessions: 2, Spacing: Spacing{MinHoursApart: 48, MaxPerWeek: 2}, Prior: []time.Time{mon(1, 9, 0), mon(2, 9, 0)}},
			// Thu 1 and Fri 2 fill the windows up to Wed 7; Thu 8 is the first
			// day with room, then Saturday 10 (48 h later, open 09:00–13:00).
			want: []time.Time{mon(8, 9, 0), mon(10, 9, 0)}},
		{name: "a booked chair pushes the session later",
			bookings: []Booking{
				{ID: 1, PatientID: 1, Slot: Slot{Kind: Infusion, Start: mon(5, 9, 0), End: mon(5, 10, 25), ProviderEnd: mon(5, 9, 55), ResourceID: 1, ProviderID: 100}},
				{ID: 2, PatientID: 2, Slot: Slot{Kind: Infusion, Start: mon(5, 9, 0), End: mon(5, 10, 25), ProviderEnd: mon(5, 9, 55), ResourceID: 2, ProviderID: 101}},
			},
			req: SeriesRequest{Request: Request{Kind: Infusion, PatientID: 7, From: mon(5, 9, 0), To: mon(31, 0, 0)},
				Sessions: 2, Spacing: Spacing{MinHoursApart: 24}},
			// Both chairs are free from 10:25; starts are on the 15-minute grid.
			want: []time.Time{mon(5, 10, 30), mon(6, 10, 30)}},
		{name: "the patient's own appointment blocks",
			bookings: []Booking{{ID: 1, PatientID: 7, Slot: Slot{Kind: Consultation, Start: mon(5, 9, 0), End: mon(5, 10, 0), ProviderEnd: mon(5, 10, 0), ResourceID: 10, ProviderID: 100}}},
			req:      SeriesRequest{Request: Request{Kind: Infusion, PatientID: 7, From: mon(5, 8, 0), To: mon(31, 0, 0)}, Sessions: 1},
			want:     []time.Time{mon(5, 10, 0)}},
		{name: "window too short",
			req: SeriesRequest{Request: Request{Kind: Infusion, PatientID: 7, From: mon(5, 0, 0), To: mon(10, 0, 0)},
				Sessions: 6, Spacing: Spacing{MinHoursApart: 48, MaxPerWeek: 3}},
			code: clinic.Conflict, msg: "only 3 of 6 IV ketamine infusion sessions fit"},
		{name: "no sessions", req: SeriesRequest{Request: Request{Kind: Infusion, From: mon(5, 0, 0), To: mon(10, 0, 0)}}, code: clinic.Invalid, msg: "1 to 100 sessions"},
		{name: "negative spacing", req: SeriesRequest{Request: Request{Kind: Infusion, From: mon(5, 0, 0), To: mon(10, 0, 0)}, Sessions: 1, Spacing: Spacing{MinHoursApart: -1}}, code: clinic.Invalid, msg: "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := fixture(t, tt.bookings...)
			got, err := c.FindSeries(tt.req)
			if tt.code != "" {
				wantErr(t, err, tt.code, tt.msg)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d sessions %v, want %v", len(got), got, tt.want)
			}
			for i, s := range got {
				if !s.Start.Equal(tt.want[i]) {
					t.Errorf("session %d at %v, want %v", i+1, s.Start, tt.want[i])
				}
				if err := c.Check(s, tt.req.PatientID); err != nil {
					t.Errorf("session %d: %v", i+1, err)
				}
			}
		})
	}
}

// TestFindSeriesLeavesCalendarAlone: a search books nothing.
func TestFindSeriesLeavesCalendarAlone(t *testing.T) {
	t.Parallel()
	c := fixture(t)
	req := SeriesRequest{Request: Request{Kind: Infusion, PatientID: 7, From: ny(t, 10, 5, 0, 0), To: ny(t, 10, 31, 0, 0)}, Sessions: 6, Spacing: Spacing{MinHoursApart: 48, MaxPerWeek: 3}}
	a, err := c.FindSeries(req)
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.FindSeries(req)
	if err != nil || len(a) != len(b) || !a[5].Start.Equal(b[5].Start) {
		t.Fatalf("a second search differs: %v %v", b, err)
	}
	if n := len(c.Bookings(ny(t, 10, 1, 0, 0), ny(t, 11, 1, 0, 0))); n != 0 {
		t.Errorf("%d bookings after a search", n)
	}
}

func TestWeekHasRoom(t *testing.T) {
	t.Parallel()
	tests := []struct {
		days []int
		day  int
		max  int
		want bool
	}{
		{nil, 10, 1, true},
		{[]int{10}, 10, 1, false},
		{[]int{4}, 10, 1, false},  // days 4..10 are 7 consecutive days
		{[]int{3}, 10, 1, true},   // 7 days apart
		{[]int{16}, 10, 1, false}, // a later session in the same 7 days
		{[]int{17}, 10, 1, true},
		{[]int{8, 9}, 10, 3, true},
		{[]int{8, 9, 12}, 10, 3, false},
		{[]int{1, 2, 3}, 10, 0, true},
	}
	for _, tt := range tests {
		if got := weekHasRoom(tt.days, tt.day, tt.max); got != tt.want {
			t.Errorf("weekHasRoom(%v, %d, %d) = %v, want %v", tt.days, tt.day, tt.max, got, tt.want)
		}
	}
}
