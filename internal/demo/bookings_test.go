package demo_test

import (
	"testing"
	"time"

	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service"
	"onset/internal/store"
)

// The demo clinic has chairs, rooms and providers, a week of bookings from
// today that holds plan sessions, consultations and follow-ups, consistent
// with the calendar's rules, and two patients on the waitlist.
func TestRunBookingWeek(t *testing.T) {
	t.Parallel()
	for _, seed := range []int64{1, 3} {
		d := runDemo(t, store.SQLite, seed, 60)
		ctx := t.Context()
		day := runNow.Truncate(24 * time.Hour)
		v, err := d.svc.Calendar(ctx, d.sys, day, day.AddDate(0, 0, 7))
		if err != nil {
			t.Fatal(err)
		}
		// Providers: the clinicians and nurses, and the therapist (careteam.go).
		if len(v.Resources) != 8 || len(v.Providers) != 8 {
			t.Errorf("seed %d: %d chairs and rooms, %d providers; want 8 and 8", seed, len(v.Resources), len(v.Providers))
		}
		var plan, other int
		for _, a := range v.Appointments {
			switch {
			case a.Start.Before(runNow):
			case a.PlanID != 0:
				plan++
			default:
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
			if a.Kind == schedule.Esketamine {
				if ok, err := d.svc.REMSEnrolled(ctx, d.sys, a.PatientID); err != nil || !ok {
					t.Errorf("seed %d: esketamine booking %d for an unenrolled patient (%v)", seed, a.ID, err)
				}
			}
		}
		wl, err := d.svc.Waitlist(ctx, d.sys)
		if err != nil || len(wl) != 2 {
			t.Errorf("seed %d: waitlist %d (%v), want 2", seed, len(wl), err)
		}
	}
}

// Patient 1 has a portal account, no intake (their portal shows the form)
// and a signed plan whose sessions are still to be booked; patients with
// plans have screened intakes (one exclusion overridden by a clinician,
// some with points for the prescriber to review), and the plans are
// signed by clinicians.
func TestRunIntakesAndPlans(t *testing.T) {
	t.Parallel()
	d := runDemo(t, store.SQLite, 1, 40)
	ctx := t.Context()
	page, err := d.svc.ListPatients(ctx, d.sys, "", 1)
	if err != nil || len(page.Patients) != 40 {
		t.Fatalf("%d patients listed (%v), want 40", len(page.Patients), err)
	}
	var with, review, overridden, signed, blocked int
	for _, p := range page.Patients {
		pg, err := d.svc.IntakeForPatient(ctx, d.sys, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if pg.State.HasIntake {
			with++
			in := pg.State.Latest
			if pg.State.Blocked {
				blocked++ // today's new intake, for the prescriber to review (careteam.go)
			}
			if in.ConsentVersion != record.ConsentVersion || in.ConsentName != p.Name() || in.WeightKg <= 0 {
				t.Errorf("patient %d: demo intake %+v", p.ID, in)
			}
			if pg.State.NeedsCheck {
				review++
			}
			if pg.State.Override != nil {
				overridden++
			}
		}
		if plan, err := d.svc.SignedPlan(ctx, d.sys, p.ID); err == nil {
			signed++
			if plan.SignedBy == 0 || plan.SignedByName == "" || len(plan.Sessions) == 0 {
				t.Errorf("patient %d: plan %+v", p.ID, plan)
			}
		}
	}
	if with < 5 || review == 0 || review == with || overridden != 1 || blocked != 1 || signed < with-blocked {
		t.Errorf("%d intakes, %d with points to review, %d overridden, %d waiting for review; %d signed plans", with, review,
			overridden, blocked, signed)
	}
	first, err := d.svc.IntakeForPatient(ctx, d.sys, 1)
	if err != nil || first.State.HasIntake {
		t.Errorf("patient 1 has an intake (%v)", err)
	}
	desk := service.Actor{ClinicID: d.res.ClinicID, Role: "frontdesk"}
	slots, err := d.svc.FindPlanSlots(ctx, desk, 1, runNow, 1, 0, 0)
	if err != nil || len(slots) != 1 || slots[0].Slot.Start.After(runNow.AddDate(0, 0, 7)) {
		t.Errorf("patient 1's plan sessions to book this week: %+v %v", slots, err)
	}
	if x, err := d.svc.Expect(ctx, d.sys, 1); err != nil || x.Plan == nil {
		t.Errorf("patient 1's expectations: %v", err)
	}
}
