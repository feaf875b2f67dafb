package app_test

import (
	"strings"
	"testing"

	"onset/internal/service"
	"onset/internal/service/cohort"
	"onset/internal/service/imports"
	"onset/internal/store/storetest"
)

// TestOutcomeDashboardFollowsData: the dashboard's cached course rows take
// in new scores, doses and courses on the next request (a patient's
// history read again, or every course when a row went), and every read
// is audited, from the cache or not.
func TestOutcomeDashboardFollowsData(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			e := newEnv(t, engine)
			ctx, sys := t.Context(), service.System(e.clinic)
			imp := func(kind, csv string) {
				t.Helper()
				var err error
				switch kind {
				case "patients":
					_, err = e.svc.ImportPatients(ctx, sys, strings.NewReader(csv), imports.ImportOptions{})
				case "treatments":
					_, err = e.svc.ImportTreatments(ctx, sys, strings.NewReader(csv), imports.ImportOptions{})
				default:
					_, err = e.svc.ImportAssessments(ctx, sys, strings.NewReader(csv), imports.ImportOptions{})
				}
				if err != nil {
					t.Fatal(kind, err)
				}
			}
			dash := func() cohort.Dashboard {
				t.Helper()
				d, err := e.svc.OutcomeDashboard(ctx, sys, cohort.OutcomeQuery{Instrument: "phq9"})
				if err != nil {
					t.Fatal(err)
				}
				return d
			}
			imp("patients", "patient,sex,birth_year,condition\nA,female,1970,depression\nB,male,1990,anxiety\n")
			imp("treatments", "patient,given_at,route,dose_mg,weight_kg\nA,2026-01-05 09:00,iv,35,70\n")
			imp("assessments", "patient,taken_at,instrument,total\nA,2026-01-04,phq9,20\n")
			d := dash()
			if len(d.Rows) != 1 || !d.Rows[0].HasBaseline || d.Rows[0].Response.Event {
				t.Fatalf("first: %+v", d.Rows)
			}
			if again := dash(); len(again.Rows) != 1 { // from the cache
				t.Fatalf("again: %+v", again.Rows)
			}
			imp("assessments", "patient,taken_at,instrument,total\nA,2026-01-07 08:00,phq9,10\n")
			if d = dash(); len(d.Rows) != 1 || !d.Rows[0].Response.Event {
				t.Fatalf("after A's response: %+v", d.Rows)
			}
			imp("treatments", "patient,given_at,route,dose_mg,weight_kg\nB,2026-02-05 09:00,esketamine,56,80\n")
			imp("assessments", "patient,taken_at,instrument,total\nB,2026-02-04,phq9,16\n")
			if d = dash(); len(d.Rows) != 2 || d.Rows[0].PatientID > d.Rows[1].PatientID || !d.Rows[1].HasBaseline {
				t.Fatalf("after B's course: %+v", d.Rows)
			}
			if n := auditCount(t, e, service.ActOutcomesRead); n != 4 {
				t.Errorf("%d outcomes audit rows for 4 reads", n)
			}
		})
	}
}
