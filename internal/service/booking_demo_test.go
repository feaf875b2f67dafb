package service_test

import (
	"testing"
	"time"

	"onset/internal/demo"
	"onset/internal/schedule"
	"onset/internal/service"
	"onset/internal/store"
)

// The demo clinic gets chairs, providers, a consistent week of bookings
// that includes signed plans' sessions, and a waitlist.
func TestDemoLoadsBookingWeek(t *testing.T) {
	t.Parallel()
	for _, seed := range []int64{1, 3} {
		e := newEnv(t, store.SQLite)
		ctx := t.Context()
		now := e.clock.Now()
		if _, err := e.svc.LoadDemo(ctx, "Demo", demo.Generate(seed, now, 60)); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		sys := service.System(e.clinic + 1)
		day := now.Truncate(24 * time.Hour)
		v, err := e.svc.Calendar(ctx, sys, day, day.AddDate(0, 0, 7))
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Resources) != 8 || len(v.Providers) != 7 {
			t.Errorf("seed %d: %d chairs and rooms, %d providers; want 8 and 7", seed, len(v.Resources), len(v.Providers))
		}
		var plan, other int
		for _, a := range v.Appointments {
			if a.PlanID != 0 {
				plan++
			} else {
				other++
			}
		}
		if plan < 6 || other < 20 {
			t.Errorf("seed %d: %d plan sessions and %d other appointments this week", seed, plan, other)
		}
		// Rebuilding the calendar booking by booking proves no chair,
		// provider or patient is double-booked and every booking is open.
		rs := make([]schedule.Resource, len(v.Resources))
		for i, r := range v.Resources {
			rs[i] = schedule.Resource{ID: r.ID, Name: r.Name, Kind: r.Kind, Hosts: r.Hosts}
		}
		ps := make([]schedule.Provider, len(v.Providers))
		for i, p := range v.Providers {
			ps[i] = schedule.Provider{ID: p.ID, Name: p.Name, Kinds: p.Kinds, Hours: p.Hours}
		}
		cal, err := schedule.NewCalendar(schedule.Hours{Location: v.Location, Open: v.Hours}, schedule.DefaultTypes(), rs, ps, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range v.Appointments {
			if err := cal.Book(schedule.Booking{ID: a.ID, PatientID: a.PatientID, Slot: a.Slot()}); err != nil {
				t.Errorf("seed %d: demo appointment %d: %v", seed, a.ID, err)
			}
		}
		// Every esketamine booking is for a patient enrolled in the REMS.
		for _, a := range v.Appointments {
			if a.Kind != schedule.Esketamine {
				continue
			}
			if ok, err := e.svc.REMSEnrolled(ctx, sys, a.PatientID); err != nil || !ok {
				t.Errorf("seed %d: esketamine booking %d for an unenrolled patient (%v)", seed, a.ID, err)
			}
		}
		wl, err := e.svc.Waitlist(ctx, sys)
		if err != nil {
			t.Fatal(err)
		}
		if len(wl) != 2 {
			t.Errorf("seed %d: %d waitlist entries, want 2", seed, len(wl))
		}
	}
}
