package app_test

import (
	"testing"

	"onset/internal/service"
	"onset/internal/service/cohort"
	"onset/internal/store/storetest"
)

// TestOutcomeDashboardProviderFilter: the demo's treatment sessions record
// who gave each dose; the dashboard lists those providers and filtering by
// one keeps exactly their courses.
func TestOutcomeDashboardProviderFilter(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			ctx := t.Context()
			svc, clinicID := demoClinic(t, engine, 1, 60)
			sys := service.System(clinicID)
			all, err := svc.OutcomeDashboard(ctx, sys, cohort.OutcomeQuery{Instrument: "phq9"})
			if err != nil {
				t.Fatal(err)
			}
			if len(all.Providers) == 0 {
				t.Fatal("no providers: the demo's session doses were not joined")
			}
			p := all.Providers[0]
			if p.Name == "" || p.Courses == 0 {
				t.Errorf("provider %+v", p)
			}
			one, err := svc.OutcomeDashboard(ctx, sys, cohort.OutcomeQuery{Instrument: "phq9", Provider: p.ID})
			if err != nil {
				t.Fatal(err)
			}
			if len(one.Rows) != p.Courses || len(one.Rows) >= len(all.Rows) {
				t.Errorf("provider %d: %d rows, want %d (of %d)", p.ID, len(one.Rows), p.Courses, len(all.Rows))
			}
			for _, r := range one.Rows {
				if r.Facts.Provider != p.ID {
					t.Errorf("row of provider %d in provider %d's filter", r.Facts.Provider, p.ID)
				}
			}
		})
	}
}
