package schedule

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// benchClinic is a clinic with 10 chairs, 2 rooms and 8 providers, open
// Mon–Fri 08:00–18:00 and Sat 09:00–13:00, with 3 months (13 weeks) of
// bookings: each day gets up to 70×fill bookings at random kinds, each in
// the earliest free slot (the chairs hold about 70 infusions a day), and
// the days before fullUntil are filled until nothing more fits.
func benchClinic(b *testing.B, fill float64, fullUntil int) (*Calendar, time.Time, []Booking) {
	b.Helper()
	loc := newYork(b)
	h := Hours{Location: loc, Open: append(weekdays(At(8, 0), At(18, 0)), Window{time.Saturday, At(9, 0), At(13, 0)})}
	var res []Resource
	for i := range 10 {
		res = append(res, Resource{ID: int64(i + 1), Name: fmt.Sprintf("Chair %d", i+1), Kind: Chair})
	}
	res = append(res, Resource{ID: 11, Name: "Room A", Kind: Room}, Resource{ID: 12, Name: "Room B", Kind: Room})
	var prov []Provider
	for i := range 8 {
		prov = append(prov, Provider{ID: int64(100 + i), Name: fmt.Sprintf("Provider %d", i+1)})
	}
	c, err := NewCalendar(h, DefaultTypes(), res, prov, nil)
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2026, 9, 7, 0, 0, 0, 0, loc) // a Monday
	kinds := []Kind{Infusion, Infusion, Esketamine, Injection, Consultation, FollowUp}
	var bookings []Booking
	id := int64(1)
	for day := 0; day < 91; day++ {
		date := start.AddDate(0, 0, day)
		attempts := int(70 * fill)
		if day < fullUntil {
			attempts = 300
		}
		for range attempts {
			kind := kinds[r.IntN(len(kinds))]
			slots, err := c.Slots(Request{Kind: kind, From: date, To: date.AddDate(0, 0, 1)}, 1)
			if err != nil {
				b.Fatal(err)
			}
			if len(slots) == 0 {
				continue
			}
			bk := Booking{ID: id, PatientID: 10000 + int64(r.IntN(2000)), Slot: slots[0]}
			if c.Book(bk) == nil {
				bookings = append(bookings, bk)
				id++
			}
		}
	}
	return c, start, bookings
}

// BenchmarkFindSeries: a series of 6 IV infusions (≥ 48 h apart, ≤ 3 a
// week) in a clinic with 10 chairs, 8 providers and 3 months of bookings.
func BenchmarkFindSeries(b *testing.B) {
	for _, tc := range []struct {
		name      string
		fill      float64
		fullUntil int
	}{
		{"busy", 0.8, 0},
		{"full-for-8-weeks", 0.8, 56},
	} {
		b.Run(tc.name, func(b *testing.B) {
			c, start, bookings := benchClinic(b, tc.fill, tc.fullUntil)
			req := SeriesRequest{
				Request:  Request{Kind: Infusion, PatientID: 1, From: start, To: start.AddDate(0, 3, 0)},
				Sessions: 6, Spacing: Spacing{MinHoursApart: 48, MaxPerWeek: 3},
			}
			got, err := c.FindSeries(req)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := c.FindSeries(req); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			per := float64(b.Elapsed().Microseconds()) / float64(b.N)
			b.ReportMetric(per, "µs/series")
			b.ReportMetric(float64(len(bookings)), "bookings")
			b.ReportMetric(float64(got[0].Start.Sub(start).Hours()/24), "days-to-first")
		})
	}
}

// BenchmarkNewCalendar: indexing 3 months of bookings.
func BenchmarkNewCalendar(b *testing.B) {
	c, _, bookings := benchClinic(b, 0.8, 0)
	h := c.hours
	res, prov := c.resources, c.providers
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := NewCalendar(h, DefaultTypes(), res, prov, bookings); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/index")
	b.ReportMetric(float64(len(bookings)), "bookings")
}
