package app_test

import (
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/service/imports"
	"onset/internal/store"
)

// The treatments file's optional therapy column marks a course with
// psychotherapy alongside, taken from the dose that starts the course; a
// value other than yes or no rejects the file.
func TestImportTreatmentsTherapy(t *testing.T) {
	t.Parallel()
	e := newEnv(t, store.SQLite)
	ctx, sys := t.Context(), service.System(e.clinic)
	if _, err := e.svc.ImportPatients(ctx, sys, strings.NewReader("patient,sex,birth_year,condition\nA,female,1970,depression\n"),
		imports.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	bad := "patient,given_at,route,dose_mg,weight_kg,therapy\nA,2026-01-05 09:00,iv,35,70,maybe\n"
	rep, err := e.svc.ImportTreatments(ctx, sys, strings.NewReader(bad), imports.ImportOptions{})
	if clinic.ErrorCode(err) != clinic.Invalid || len(rep.Rejected) != 1 || !strings.Contains(rep.Rejected[0].Reason, "therapy") {
		t.Fatalf("therapy maybe: %+v %v", rep, err)
	}
	// Two courses (more than 30 days apart): the first with therapy; the
	// second's later rows say yes, but its first dose says no.
	good := "patient,given_at,route,dose_mg,weight_kg,therapy\n" +
		"A,2026-01-05 09:00,iv,35,70,yes\nA,2026-01-07 09:00,iv,35,70,\n" +
		"A,2026-03-02 09:00,iv,35,70,no\nA,2026-03-04 09:00,iv,35,70,yes\n"
	if rep, err = e.svc.ImportTreatments(ctx, sys, strings.NewReader(good), imports.ImportOptions{CourseGapDays: 30}); err != nil ||
		rep.Courses != 2 || len(rep.Ignored) != 0 {
		t.Fatalf("import: %+v %v", rep, err)
	}
	rec, err := e.svc.Patient(ctx, sys, 1)
	if err != nil {
		t.Fatal(err)
	}
	therapy := map[string]bool{}
	for _, c := range rec.Courses {
		therapy[c.StartedAt.Format("2006-01-02")] = c.Therapy
	}
	if len(therapy) != 2 || !therapy["2026-01-05"] || therapy["2026-03-02"] {
		t.Errorf("courses' therapy %v, want the January course with and the March course without", therapy)
	}
}
