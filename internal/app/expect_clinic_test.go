package app_test

import (
	"math"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/store"
)

// TestExpectShowsTheClinicsOwnResponseFigures builds 12 IV depression
// courses whose PHQ-9 responses fall on known days and checks the patient's
// page reads them back with each readout's visit window (design.md §3):
// 3 of 12 by day 1 (read at 28 h: the day-2 response is not in it), 9 of
// 12 by day 7 (read at day 8: the day-8 response is), 10 of 12 by day 28
// (2 never respond and are censored at day 35). S is exactly 0.5
// from day 5 to day 6, so the median is their midpoint, 5.5, as R gives it.
func TestExpectShowsTheClinicsOwnResponseFigures(t *testing.T) {
	t.Parallel()
	e := newPlanEnv(t, "sqlite")
	ctx := t.Context()
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	responseDay := []int{1, 1, 1, 2, 3, 5, 6, 7, 8, 21, 0, 0} // 0: never
	err := e.db.WithTx(ctx, func(tx *store.Queries) error {
		for i, day := range responseDay {
			pid, err := tx.CreatePatient(ctx, clinic.Patient{ClinicID: e.clinicID, MRN: "K-" + string(rune('a'+i)), GivenName: "K",
				FamilyName: "K", Sex: "female", BirthDate: t0.AddDate(-40, 0, 0), CreatedAt: t0})
			if err != nil {
				return err
			}
			start := t0.AddDate(0, 0, i)
			cid, err := tx.CreateCourse(ctx, clinic.Course{ClinicID: e.clinicID, PatientID: pid, Condition: clinic.Depression,
				Route: clinic.RouteIV, StartedAt: start})
			if err != nil {
				return err
			}
			if _, err := tx.CreateAdministration(ctx, clinic.Administration{ClinicID: e.clinicID, CourseID: cid, PatientID: pid,
				GivenAt: start, Route: clinic.RouteIV, DoseMg: 35, WeightKg: 70}); err != nil {
				return err
			}
			score := func(at time.Time, total int) error {
				_, err := tx.CreateAssessment(ctx, clinic.Assessment{ClinicID: e.clinicID, PatientID: pid, Instrument: "phq9",
					TakenAt: at, Total: total, Source: "staff"}, at)
				return err
			}
			if err := score(start.Add(-time.Hour), 20); err != nil { // baseline
				return err
			}
			for d := 1; d <= 35; d++ {
				total := 15 // above half of 20: not a response
				if day != 0 && d >= day {
					total = 8
				}
				if day != 0 && d != day && d != 35 {
					continue // responders: a score on the day of response, and at the end
				}
				if day == 0 && d%7 != 0 {
					continue // non-responders: weekly scores, the last on day 35
				}
				if err := score(start.AddDate(0, 0, d), total); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.svc.CreatePlan(ctx, e.clinician, e.patient, ivInput())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SignPlan(ctx, e.clinician, e.patient, p.ID); err != nil {
		t.Fatal(err)
	}
	x, err := e.svc.Expect(ctx, e.patientActor, e.patient)
	if err != nil {
		t.Fatal(err)
	}
	c := x.Clinic
	if c == nil || !c.Enough || c.Courses != 12 || c.Route != clinic.RouteIV || c.Condition != clinic.Depression {
		t.Fatalf("clinic figures: %+v", c)
	}
	want := []service.ResponseAt{{Day: 1, Pct: 25, Window: "4 h"}, {Day: 7, Pct: 75, Window: "1 day"}, {Day: 28, Pct: 83, Window: "3 days"}}
	for i, w := range want {
		if c.Responded[i] != w {
			t.Errorf("responded %+v, want %+v", c.Responded[i], w)
		}
	}
	if c.MedianDays != 5.5 {
		t.Errorf("median %v, want 5.5", c.MedianDays)
	}
}

// With fewer than MinComparableCourses comparable courses nothing is shown.
func TestExpectHidesFiguresOfTooFewCourses(t *testing.T) {
	t.Parallel()
	e := newPlanEnv(t, "sqlite")
	ctx := t.Context()
	p, err := e.svc.CreatePlan(ctx, e.clinician, e.patient, ivInput())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SignPlan(ctx, e.clinician, e.patient, p.ID); err != nil {
		t.Fatal(err)
	}
	x, err := e.svc.Expect(ctx, e.patientActor, e.patient)
	if err != nil {
		t.Fatal(err)
	}
	if x.Clinic == nil || x.Clinic.Enough || x.Clinic.Courses != 0 || len(x.Clinic.Responded) != 0 || !math.IsNaN(x.Clinic.MedianDays) {
		t.Errorf("figures from too few courses: %+v", x.Clinic)
	}
}
