package app_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/demo"
	"onset/internal/outcomes"
	"onset/internal/service"
	"onset/internal/service/cohort"
	"onset/internal/service/imports"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

func auditCount(t *testing.T, e env, action service.Action) int {
	t.Helper()
	es, err := e.svc.AuditLog(t.Context(), service.System(e.clinic), clinic.AuditFilter{Action: string(action), Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

// TestImportThenOutcomes runs the import use cases and the outcome
// analytics over them on every engine: all-or-nothing, idempotent,
// audited, and the curves follow design.md §3.
func TestImportThenOutcomes(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			e := newEnv(t, engine)
			ctx, sys := t.Context(), service.System(e.clinic)
			patients := "patient,sex,birth_year,condition\nA,female,1970,depression\nB,male,1990,anxiety\nC,other,2001,depression\n"
			rep, err := e.svc.ImportPatients(ctx, sys, strings.NewReader(patients), imports.ImportOptions{})
			if err != nil || rep.Added != 3 {
				t.Fatalf("patients: %+v %v", rep, err)
			}
			// A's IV course: baseline 20, response on day 2 (10), remission
			// day 7 (4). B's esketamine course: baseline 16, no response by day 14.
			// C: no baseline.
			treatments := "patient,given_at,route,dose_mg,weight_kg\n" +
				"A,2026-01-05 09:00,iv,35,70\nA,2026-01-07 09:00,iv,35,70\n" +
				"B,2026-01-05 09:00,esketamine,56,80\nC,2026-02-01 09:00,iv,30,60\n"
			var calls, last int
			rep, err = e.svc.ImportTreatments(ctx, sys, strings.NewReader(treatments), imports.ImportOptions{
				Progress: func(done, total int) { calls++; last = done; _ = total }})
			if err != nil || rep.Added != 4 || rep.Courses != 3 {
				t.Fatalf("treatments: %+v %v", rep, err)
			}
			if calls == 0 || last != 4 {
				t.Errorf("progress: %d calls, last %d", calls, last)
			}
			assessments := "patient,taken_at,instrument,total\n" +
				"A,2026-01-04,phq9,20\nA,2026-01-07 08:00,phq9,10\nA,2026-01-12 09:00,phq9,4\n" +
				"B,2026-01-04,phq9,16\nB,2026-01-12 09:00,phq9,12\nB,2026-01-19 09:00,phq9,11\n" +
				"C,2026-02-08,phq9,9\n"
			if rep, err = e.svc.ImportAssessments(ctx, sys, strings.NewReader(assessments), imports.ImportOptions{}); err != nil || rep.Added != 7 {
				t.Fatalf("assessments: %+v %v", rep, err)
			}
			if n := auditCount(t, e, service.ActImport); n != 3 {
				t.Errorf("%d import audit rows, want 3", n)
			}
			// A rejected file stores nothing and writes no audit row.
			bad := assessments + "A,2026-01-20,phq9,99\n"
			rep, err = e.svc.ImportAssessments(ctx, sys, strings.NewReader(bad), imports.ImportOptions{})
			if clinic.ErrorCode(err) != clinic.Invalid || len(rep.Rejected) != 1 || rep.Rejected[0].Line != 9 || rep.Added != 0 {
				t.Errorf("bad file: %+v %v", rep, err)
			}
			if n := auditCount(t, e, service.ActImport); n != 3 {
				t.Errorf("%d import audit rows after a rejected file, want 3", n)
			}

			c, err := e.svc.Outcomes(ctx, sys, cohort.OutcomeQuery{Instrument: "phq9", By: "route", Times: []float64{1, 7}})
			if err != nil {
				t.Fatal(err)
			}
			doc := c.JSON()
			if len(doc.Groups) != 2 || doc.Groups[0].Group != "esketamine" || doc.Groups[1].Group != "iv" || doc.LeftOut["no_baseline"] != 1 {
				t.Fatalf("cohort %+v", doc)
			}
			iv, esk := doc.Groups[1], doc.Groups[0]
			wantDays := 2 - 1.0/24 // 08:00 on day 2 after 09:00 on day 0
			if iv.Events != 1 || iv.Median == nil || math.Abs(*iv.Median-wantDays) > 1e-9 || esk.Events != 0 || esk.N != 1 {
				t.Errorf("iv %+v, esketamine %+v", iv, esk)
			}
			rem, err := e.svc.Outcomes(ctx, sys, cohort.OutcomeQuery{Instrument: "phq9", Event: "remission"})
			if err != nil || len(rem.Curves) != 1 || rem.Curves[0].Events != 1 || rem.Curves[0].Steps[0].Time != 7 {
				t.Errorf("remission %+v %v", rem.Curves, err)
			}
			if n := auditCount(t, e, service.ActOutcomesRead); n != 2 {
				t.Errorf("%d outcome reads audited, want 2", n)
			}

			// Date range: only courses whose T0 is in February (C, no baseline).
			feb, err := e.svc.Outcomes(ctx, sys, cohort.OutcomeQuery{Instrument: "phq9",
				From: day(2026, 2, 1), To: day(2026, 3, 1)})
			if err != nil || len(feb.Curves) != 0 || feb.LeftOut[outcomes.NoBaseline] != 1 {
				t.Errorf("February: %+v %v", feb.LeftOut, err)
			}
		})
	}
}

func TestOutcomesAccess(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.Engines()[0])
	ctx := t.Context()
	q := cohort.OutcomeQuery{Instrument: "phq9"}
	for role, allowed := range map[clinic.Role]bool{clinic.RoleAdmin: true, clinic.RoleClinician: true,
		clinic.RoleNurse: false, clinic.RoleFrontDesk: false, clinic.RolePatient: false} {
		a := service.Actor{ClinicID: e.clinic, Role: role, UserID: 1}
		_, err := e.svc.Outcomes(ctx, a, q)
		if (err == nil) != allowed {
			t.Errorf("%s outcomes: %v", role, err)
		}
		if _, err := e.svc.ImportPatients(ctx, a, strings.NewReader("patient,sex,birth_year,condition\n"), imports.ImportOptions{}); (err == nil) != (role == clinic.RoleAdmin) {
			t.Errorf("%s import: %v", role, err)
		}
		if _, err := e.svc.TrajectoryBands(ctx, a, "phq9"); err != nil {
			t.Errorf("%s bands: %v", role, err)
		}
	}
	sys := service.System(e.clinic)
	for _, bad := range []cohort.OutcomeQuery{
		{Instrument: "nope"}, {Instrument: "cssrs-screener"}, {Instrument: "pcl5", Event: "remission"},
		{Instrument: "phq9", By: "height"}, {Instrument: "phq9", Times: []float64{math.NaN()}},
		{Instrument: "phq9", From: day(2026, 2, 1), To: day(2026, 1, 1)},
	} {
		if _, err := e.svc.Outcomes(ctx, sys, bad); clinic.ErrorCode(err) != clinic.Invalid {
			t.Errorf("%+v: %v, want invalid", bad, err)
		}
	}
}

// TestOutcomeDashboardOnDemo: the demo clinic's curves by route have
// several strata and every course is either in a curve or left out.
func TestOutcomeDashboardOnDemo(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	svc, clinicID := demoClinic(t, storetest.Engines()[0], 3, 80)
	sys := service.System(clinicID)
	d, err := svc.OutcomeDashboard(ctx, sys, cohort.OutcomeQuery{Instrument: "phq9", By: "route"})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Response.Names) < 2 || len(d.Remission.Names) < 1 || len(d.Rows) == 0 {
		t.Fatalf("dashboard: %d rows, response groups %q", len(d.Rows), d.Response.Names)
	}
	n := 0
	for _, c := range d.Response.Curves {
		n += c.N
	}
	for _, k := range d.Response.LeftOut {
		n += k
	}
	if n != len(d.Rows) {
		t.Errorf("%d in curves or left out, %d courses", n, len(d.Rows))
	}
	b, err := svc.TrajectoryBands(ctx, sys, "phq9")
	if err != nil || b.Courses == 0 || b.Bins[3].P[2] == nil || *b.Bins[3].P[2] >= 0 {
		t.Errorf("bands: %+v %v (the median change in week 2 should be a drop)", b, err)
	}
}

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// demoClinic makes the demo clinic (internal/demo) in a fresh database
// and returns a service over it at the demo's today, and its clinic.
func demoClinic(tb testing.TB, engine store.Engine, seed int64, patients int) (*app.App, int64) {
	tb.Helper()
	db := storetest.Open(tb, engine)
	now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	res, err := demo.Run(tb.Context(), db.Ports(), demo.Options{Seed: seed, Patients: patients, Now: now})
	if err != nil {
		tb.Fatal(err)
	}
	return app.New(db.Ports(), service.Config{Passwords: auth.TestParams, Now: func() time.Time { return now }}), res.ClinicID
}
