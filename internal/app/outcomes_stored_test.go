package app_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/outcomes"
	"onset/internal/service"
	"onset/internal/service/cohort"
	"onset/internal/service/imports"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// TestOutcomeRowsStored: an analysis in a new process (a new app over the
// same database, its memory cache empty) reads the course rows the first
// one stored, brought up to date with what was added since and with what
// changed in place (a birth date: the database's trigger notes it), and
// gives the rows a fresh computation gives.
func TestOutcomeRowsStored(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			db := storetest.Open(t, engine)
			now := func() time.Time { return time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC) }
			process := func() *app.App { return app.New(db.Ports(), service.Config{Passwords: auth.TestParams, Now: now}) }
			first := process()
			ctx := t.Context()
			cl, err := first.EnsureClinic(ctx, "Test")
			if err != nil {
				t.Fatal(err)
			}
			sys := service.System(cl.ID)
			imp := func(a *app.App, kind, csv string) {
				t.Helper()
				var err error
				switch kind {
				case "patients":
					_, err = a.ImportPatients(ctx, sys, strings.NewReader(csv), imports.ImportOptions{})
				case "treatments":
					_, err = a.ImportTreatments(ctx, sys, strings.NewReader(csv), imports.ImportOptions{})
				default:
					_, err = a.ImportAssessments(ctx, sys, strings.NewReader(csv), imports.ImportOptions{})
				}
				if err != nil {
					t.Fatal(kind, err)
				}
			}
			rowsOf := func(a *app.App) []outcomes.CourseRow {
				t.Helper()
				d, err := a.OutcomeDashboard(ctx, sys, cohort.OutcomeQuery{Instrument: "phq9", By: "age"})
				if err != nil {
					t.Fatal(err)
				}
				return d.Rows
			}
			same := func(what string, got, want []outcomes.CourseRow) {
				t.Helper()
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(want)
				if string(g) != string(w) {
					t.Errorf("%s:\n got %s\nwant %s", what, g, w)
				}
			}
			imp(first, "patients", "patient,sex,birth_year,condition\nA,female,1970,depression\nB,male,1990,depression\nC,female,1985,depression\n")
			imp(first, "treatments", "patient,given_at,route,dose_mg,weight_kg\nA,2026-01-05 09:00,iv,35,70\nB,2026-01-06 09:00,iv,40,80\nC,2026-01-07 09:00,iv,35,70\n")
			imp(first, "assessments", "patient,taken_at,instrument,total\nA,2026-01-04,phq9,20\nA,2026-01-06 10:00,phq9,8\nB,2026-01-05,phq9,6\nB,2026-01-07 10:00,phq9,2\n")
			want := rowsOf(first)
			if len(want) != 3 || want[1].Response.LeftOut != outcomes.BaselineBelowMin {
				t.Fatalf("first process: %+v", want)
			}
			// Stored: a new process reads them (nothing changed since).
			st, ok, err := db.Reader().CohortRowsState(ctx, cl.ID, "phq9")
			if err != nil || !ok || st.Version != outcomes.RowsVersion {
				t.Fatalf("stored state %+v %v %v", st, ok, err)
			}
			stored := 0
			if err := db.Reader().CohortRows(ctx, cl.ID, "phq9", func(int64, []byte) error { stored++; return nil }); err != nil || stored != 3 {
				t.Fatalf("%d patients' rows stored, want 3 (%v)", stored, err)
			}
			same("a new process", rowsOf(process()), want)

			// Added since (a score of C) and changed in place (A's birth date).
			imp(first, "assessments", "patient,taken_at,instrument,total\nC,2026-01-06,phq9,18\nC,2026-01-09 10:00,phq9,7\n")
			var pa int64
			for _, r := range want {
				if r.Facts.Age == 55 { // A, born 1 July 1970, at T0 in January 2026
					pa = r.PatientID
				}
			}
			if pa == 0 {
				t.Fatalf("no row aged 55 in %+v", want)
			}
			err = db.WithTx(ctx, func(q *store.Queries) error {
				p, err := q.Patient(ctx, cl.ID, pa)
				if err != nil {
					return err
				}
				p.BirthDate = time.Date(1960, 3, 1, 0, 0, 0, 0, time.UTC)
				return q.UpdatePatient(ctx, p)
			})
			if err != nil {
				t.Fatal(err)
			}
			later := rowsOf(process())
			// What a computation from the histories alone gives: the stored
			// rows cleared first.
			if err := db.WithTx(ctx, func(q *store.Queries) error { return q.ClearCohortRows(ctx, cl.ID, "phq9") }); err != nil {
				t.Fatal(err)
			}
			fresh := rowsOf(process())
			same("stored rows brought up to date", later, fresh)
			for _, r := range later {
				if r.PatientID == pa && r.Facts.Age != 65 {
					t.Errorf("A's age after the birth date's change: %d, want 65", r.Facts.Age)
				}
				if r.Facts.Age == 40 && !r.Response.Event { // C
					t.Errorf("C's new scores not taken in: %+v", r)
				}
			}

			// Two hours later, past rowsRebuild, with a score added: a new
			// process answers at once from the stored rows brought up to
			// date; on PostgreSQL, where stored rows are not exact, it also
			// reads every course again in the background and stores the
			// result (built then), which gives the same rows.
			imp(first, "assessments", "patient,taken_at,instrument,total\nB,2026-01-12 10:00,phq9,3\n")
			later2h := now().Add(2 * time.Hour)
			late := app.New(db.Ports(), service.Config{Passwords: auth.TestParams, Now: func() time.Time { return later2h }})
			served := rowsOf(late)
			wantBuilt := now() // SQLite: exact, never read again in full
			if engine == store.Postgres {
				wantBuilt = later2h
			}
			for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
				st, _, err := db.Reader().CohortRowsState(ctx, cl.ID, "phq9")
				if err != nil {
					t.Fatal(err)
				}
				if st.BuiltAt.Equal(wantBuilt) {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("stored rows built at %v, want %v", st.BuiltAt, wantBuilt)
				}
			}
			same("served past rowsRebuild, then read again in full", served, rowsOf(late))
		})
	}
}
