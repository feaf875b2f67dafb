package demo_test

import (
	"testing"

	"onset/internal/record"
	"onset/internal/service/cohort"
	"onset/internal/service/measurement"
	"onset/internal/store"
)

// Questionnaires reach the record three ways — imported history, the
// clinic's tablet, links patients answer — and trajectories by therapy and
// by route have two strata or more for the outcome dashboard. Safety
// alerts the answers raised are acknowledged with a note, but for a few
// left open; links not yet answered wait in the outbox.
func TestRunQuestionnaires(t *testing.T) {
	t.Parallel()
	d := runDemo(t, store.SQLite, 1, 240)
	ctx := t.Context()
	open, err := d.svc.OpenAlerts(ctx, d.nurse)
	if err != nil || len(open) == 0 || len(open) > 4 {
		t.Errorf("open alerts: %d (%v), want 1 to 4", len(open), err)
	}
	sources := map[string]int{}
	acked := 0
	for id := int64(1); id <= 240; id++ {
		rec, err := d.svc.Patient(ctx, d.nurse, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range rec.Assessments {
			sources[a.Source]++
		}
		als, err := d.svc.PatientAlerts(ctx, d.nurse, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, al := range als {
			if !al.Open() {
				acked++
				if al.Note == "" {
					t.Errorf("acknowledged demo alert without a note: %+v", al)
				}
			}
		}
	}
	if sources["import"] == 0 || sources[measurement.SourceLink] == 0 || sources[measurement.SourceStaff] == 0 || acked == 0 {
		t.Errorf("sources %v, %d acknowledged alerts", sources, acked)
	}
	msgs, err := d.svc.Outbox(ctx, d.nurse, 1000)
	pending := 0
	for _, m := range msgs {
		if m.Status == record.OutboxPending {
			pending++
		}
	}
	if err != nil || pending == 0 {
		t.Errorf("pending messages: %d (%v)", pending, err)
	}
	for _, by := range []string{"route", "therapy"} {
		dash, err := d.svc.OutcomeDashboard(ctx, d.sys, cohort.OutcomeQuery{Instrument: "phq9", By: by})
		if err != nil || len(dash.Response.Names) < 2 {
			t.Errorf("outcomes by %s: groups %q (%v)", by, dash.Response.Names, err)
		}
	}
}
