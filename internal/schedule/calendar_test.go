package schedule

import (
	"math/rand/v2"
	"testing"
	"time"

	"onset/internal/clinic"
)

// 2026-10-05 is a Monday.

func TestCheck(t *testing.T) {
	t.Parallel()
	booked := func(id, patient int64, k Kind, start time.Time, res, prov int64) Booking {
		return Booking{ID: id, PatientID: patient, Slot: slot(t, fixture(t), k, start, res, prov)}
	}
	existing := []Booking{
		booked(1, 7, Infusion, ny(t, 10, 5, 9, 0), 1, 100), // chair 1 09:00–10:25, Dr Carl 09:00–09:55
	}
	c := fixture(t, existing...)
	tests := []struct {
		name    string
		s       Slot
		patient int64
		code    clinic.Code
		msg     string
	}{
		{"a free chair and provider", slot(t, c, Infusion, ny(t, 10, 5, 9, 0), 2, 101), 8, "", ""},
		{"chair double-booked", slot(t, c, Infusion, ny(t, 10, 5, 10, 0), 1, 101), 8, clinic.Conflict, "Chair 1 is already booked"},
		{"chair free again at the end", slot(t, c, Infusion, ny(t, 10, 5, 10, 25), 1, 101), 8, "", ""},
		{"provider double-booked", slot(t, c, Infusion, ny(t, 10, 5, 9, 30), 2, 100), 8, clinic.Conflict, "Dr Carl is already booked"},
		{"provider free during the other's recovery", slot(t, c, Infusion, ny(t, 10, 5, 9, 55), 2, 100), 8, "", ""},
		{"patient double-booked", slot(t, c, Consultation, ny(t, 10, 5, 10, 0), 10, 101), 7, clinic.Conflict, "Nurse Nia does not take"},
		{"patient in two places", slot(t, c, Infusion, ny(t, 10, 5, 10, 0), 2, 101), 7, clinic.Conflict, "the patient already has an appointment"},
		{"before opening", slot(t, c, Infusion, ny(t, 10, 5, 7, 45), 2, 101), 8, clinic.Conflict, "not open"},
		{"runs past closing", slot(t, c, Infusion, ny(t, 10, 5, 16, 45), 2, 100), 8, clinic.Conflict, "not open for all of Mon 5 Oct 2026 16:45–18:10"},
		{"ends at closing", slot(t, c, Infusion, ny(t, 10, 5, 16, 35), 2, 100), 8, "", ""},
		{"Sunday", slot(t, c, Infusion, ny(t, 10, 4, 10, 0), 2, 100), 8, clinic.Conflict, "not open"},
		{"holiday", slot(t, c, Infusion, ny(t, 12, 25, 10, 0), 2, 100), 8, clinic.Conflict, "not open"},
		{"nurse's day off in the week", slot(t, c, Infusion, ny(t, 10, 8, 10, 0), 2, 101), 8, clinic.Conflict, "Nurse Nia is not working"},
		{"nurse's leave", slot(t, c, Infusion, ny(t, 10, 7, 10, 0), 2, 101), 8, clinic.Conflict, "Nurse Nia is not working"},
		{"nurse's hours end at 16:00", slot(t, c, Infusion, ny(t, 10, 6, 15, 10), 2, 101), 8, clinic.Conflict, "not working"},
		{"nurse held only until the infusion ends", slot(t, c, Infusion, ny(t, 10, 6, 15, 5), 2, 101), 8, "", ""},
		{"chair 2 hosts infusions only", slot(t, c, Esketamine, ny(t, 10, 6, 10, 0), 2, 101), 8, clinic.Conflict, "Chair 2 is not set up for a Esketamine"},
		{"consultation in a chair", slot(t, c, Consultation, ny(t, 10, 6, 10, 0), 1, 100), 8, clinic.Conflict, "not set up"},
		{"unknown chair", slot(t, c, Infusion, ny(t, 10, 6, 10, 0), 5, 100), 8, clinic.NotFound, "chair or room 5"},
		{"unknown provider", slot(t, c, Infusion, ny(t, 10, 6, 10, 0), 1, 5), 8, clinic.NotFound, "provider 5"},
		{"times that do not fit the type", func() Slot {
			s := slot(t, c, Infusion, ny(t, 10, 6, 10, 0), 1, 100)
			s.End = s.End.Add(-time.Minute)
			return s
		}(), 8, clinic.Invalid, "do not match"},
		{"unknown kind", Slot{Kind: "massage", Start: ny(t, 10, 6, 10, 0)}, 8, clinic.Invalid, "not an appointment type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := c.Check(tt.s, tt.patient)
			if tt.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantErr(t, err, tt.code, tt.msg)
		})
	}
}

func TestBookAndCancel(t *testing.T) {
	t.Parallel()
	c := fixture(t)
	s := slot(t, c, Infusion, ny(t, 10, 5, 9, 0), 1, 100)
	if err := c.Book(Booking{ID: 1, PatientID: 7, Slot: s}); err != nil {
		t.Fatal(err)
	}
	// The last chair: a second booking of the same chair is refused.
	wantErr(t, c.Book(Booking{ID: 2, PatientID: 8, Slot: s}), clinic.Conflict, "already booked")
	wantErr(t, c.Book(Booking{ID: 1, PatientID: 8, Slot: slot(t, c, Infusion, ny(t, 10, 6, 9, 0), 1, 100)}), clinic.Conflict, "already in the calendar")
	if got := c.Bookings(ny(t, 10, 5, 0, 0), ny(t, 10, 6, 0, 0)); len(got) != 1 || got[0].ID != 1 {
		t.Fatalf("bookings %v", got)
	}
	b, err := c.Cancel(1)
	if err != nil || b.PatientID != 7 {
		t.Fatalf("cancel: %v, %v", b, err)
	}
	if _, err := c.Cancel(1); clinic.ErrorCode(err) != clinic.NotFound {
		t.Errorf("cancelling twice: %v", err)
	}
	if err := c.Book(Booking{ID: 2, PatientID: 8, Slot: s}); err != nil {
		t.Fatalf("the freed chair: %v", err)
	}
}

// TestNoDoubleBooking books random slots and checks, by brute force, that
// no chair, room or provider is ever held twice at once.
func TestNoDoubleBooking(t *testing.T) {
	t.Parallel()
	for seed := range uint64(10) {
		r := rand.New(rand.NewPCG(seed, 99))
		c := fixture(t)
		kinds := []Kind{Infusion, Esketamine, Injection, Consultation, FollowUp}
		var ok []Booking
		for id := int64(1); id <= 400; id++ {
			start := ny(t, 10, 5+r.IntN(5), 7+r.IntN(11), 5*r.IntN(12))
			res := []int64{1, 2, 10}[r.IntN(3)]
			prov := []int64{100, 101}[r.IntN(2)]
			s, err := c.SlotAt(kinds[r.IntN(len(kinds))], start, res, prov)
			if err != nil {
				t.Fatal(err)
			}
			b := Booking{ID: id, PatientID: int64(1 + r.IntN(30)), Slot: s}
			if c.Book(b) == nil {
				ok = append(ok, b)
			}
		}
		if len(ok) < 20 {
			t.Fatalf("seed %d: only %d bookings made", seed, len(ok))
		}
		for i, a := range ok {
			for _, b := range ok[i+1:] {
				chair := a.ResourceID == b.ResourceID && (Interval{a.Start, a.End}).Overlaps(Interval{b.Start, b.End})
				prov := a.ProviderID == b.ProviderID && (Interval{a.Start, a.ProviderEnd}).Overlaps(Interval{b.Start, b.ProviderEnd})
				pat := a.PatientID == b.PatientID && (Interval{a.Start, a.End}).Overlaps(Interval{b.Start, b.End})
				if chair || prov || pat {
					t.Fatalf("seed %d: bookings %d and %d collide", seed, a.ID, b.ID)
				}
			}
		}
	}
}

func TestSlots(t *testing.T) {
	t.Parallel()
	c := fixture(t,
		Booking{ID: 1, PatientID: 7, Slot: slot(t, fixture(t), Consultation, ny(t, 10, 5, 8, 0), 10, 100)},
	)
	first := func(req Request) Slot {
		t.Helper()
		got, err := c.Slots(req, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 {
			t.Fatal("no slot")
		}
		return got[0]
	}
	from, to := ny(t, 10, 5, 0, 0), ny(t, 10, 12, 0, 0)
	if s := first(Request{Kind: Consultation, From: from, To: to}); !s.Start.Equal(ny(t, 10, 5, 9, 0)) || s.ResourceID != 10 || s.ProviderID != 100 {
		t.Errorf("first consultation %+v, want Mon 09:00 in Room A with Dr Carl", s)
	}
	if s := first(Request{Kind: Infusion, From: from, To: to}); !s.Start.Equal(ny(t, 10, 5, 8, 0)) || s.ResourceID != 1 || s.ProviderID != 101 {
		t.Errorf("first infusion %+v, want Mon 08:00 in chair 1 with Nurse Nia (Dr Carl is consulting)", s)
	}
	if s := first(Request{Kind: Infusion, From: from, To: to, Days: []time.Weekday{time.Thursday}, After: At(13, 0)}); !s.Start.Equal(ny(t, 10, 8, 13, 0)) || s.ProviderID != 100 {
		t.Errorf("Thursday afternoon %+v", s)
	}
	if s := first(Request{Kind: Esketamine, From: from, To: to, ProviderID: 101, Before: At(8, 0)}); !s.Start.Equal(ny(t, 10, 5, 8, 0)) || s.ResourceID != 1 {
		t.Errorf("early esketamine %+v", s)
	}
	// Saturday: 09:00–13:00 fits a 135-minute esketamine session up to 10:45.
	got, err := c.Slots(Request{Kind: Esketamine, From: ny(t, 10, 10, 0, 0), To: ny(t, 10, 11, 0, 0)}, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 8 || !got[7].Start.Equal(ny(t, 10, 10, 10, 45)) {
		t.Errorf("Saturday esketamine slots: %d, last %v", len(got), got[len(got)-1].Start)
	}
	for _, bad := range []Request{
		{Kind: "x", From: from, To: to},
		{Kind: Infusion, From: to, To: from},
		{Kind: Infusion, From: from, To: to, Step: time.Minute},
		{Kind: Infusion, From: from, To: to, After: At(12, 0), Before: At(9, 0)},
		{Kind: Infusion, From: from, To: to, ProviderID: 999},
		{Kind: Consultation, From: from, To: to, ResourceID: 1},
		{Kind: Infusion, From: from, To: to, Days: []time.Weekday{1, 1}},
	} {
		if _, err := c.Slots(bad, 1); clinic.ErrorCode(err) != clinic.Invalid {
			t.Errorf("%+v: %v, want invalid", bad, err)
		}
	}
}

// TestSlotsMatchBruteForce: with random bookings, Slots offers exactly the
// start times at which some chair and provider pass Check.
func TestSlotsMatchBruteForce(t *testing.T) {
	t.Parallel()
	for seed := range uint64(8) {
		r := rand.New(rand.NewPCG(seed, 7))
		c := fixture(t)
		for id := int64(1); id <= 60; id++ {
			s, _ := c.SlotAt([]Kind{Infusion, Esketamine, Consultation}[r.IntN(3)], ny(t, 10, 5+r.IntN(6), 8+r.IntN(9), 15*r.IntN(4)), []int64{1, 2, 10}[r.IntN(3)], []int64{100, 101}[r.IntN(2)])
			_ = c.Book(Booking{ID: id, PatientID: id, Slot: s})
		}
		for _, k := range []Kind{Infusion, Esketamine, Consultation} {
			from, to := ny(t, 10, 5, 0, 0), ny(t, 10, 11, 0, 0)
			got, err := c.Slots(Request{Kind: k, From: from, To: to, PatientID: 999}, 10000)
			if err != nil {
				t.Fatal(err)
			}
			offered := map[int64]bool{} // by Unix time: Locations differ by pointer
			for _, s := range got {
				if err := c.Check(s, 999); err != nil {
					t.Fatalf("seed %d: offered a slot that is not free: %v", seed, err)
				}
				offered[s.Start.Unix()] = true
			}
			n := 0
			for start := from; start.Before(to); start = start.Add(15 * time.Minute) {
				free := false
				for _, res := range []int64{1, 2, 10} {
					for _, prov := range []int64{100, 101} {
						s, _ := c.SlotAt(k, start, res, prov)
						free = free || c.Check(s, 999) == nil
					}
				}
				if free != offered[start.Unix()] {
					t.Fatalf("seed %d %s at %v: free %v, offered %v", seed, k, start, free, offered[start.Unix()])
				}
				if free {
					n++
				}
			}
			if n == 0 {
				t.Fatalf("seed %d %s: nothing free; the test shows nothing", seed, k)
			}
		}
	}
}

func TestCalendarAccessors(t *testing.T) {
	t.Parallel()
	c := fixture(t)
	if c.Location().String() != "America/New_York" {
		t.Errorf("location %v", c.Location())
	}
	if ty, ok := c.Type(Esketamine); !ok || ty.Length() != 135*time.Minute {
		t.Errorf("esketamine type %+v", ty)
	}
	if _, ok := c.Type("massage"); ok {
		t.Error("unknown type found")
	}
	s := slot(t, c, Infusion, ny(t, 10, 5, 9, 0), 1, 100)
	if err := c.Book(Booking{ID: 5, PatientID: 7, Slot: s}); err != nil {
		t.Fatal(err)
	}
	if b, ok := c.Booking(5); !ok || b.PatientID != 7 || !b.End.Equal(ny(t, 10, 5, 10, 25)) {
		t.Errorf("booking %+v", b)
	}
	if _, err := c.SlotAt(Infusion, time.Time{}, 1, 100); err == nil {
		t.Error("a slot without a start: no error")
	}
	if m := (Miss{Start: time.Date(2026, 10, 5, 13, 0, 0, 0, time.UTC), Reason: "closed"}).String(); m != "2026-10-05T13:00:00Z: closed" {
		t.Errorf("Miss.String = %q", m)
	}
}
