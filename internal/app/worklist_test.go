package app_test

import (
	"testing"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service/measurement"
	"onset/internal/service/notes"
	"onset/internal/store/storetest"
)

// Each member of staff's worklist holds what they may act on, the most
// urgent first: a clinician sees the open safety alert, then the plan
// waiting for their signature, then their own draft note; a therapist only their drafts; the front desk neither.
func TestWorklistByRole(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			e := newPlanEnv(t, engine)
			if _, err := e.svc.CreateNote(ctx, e.clinician, e.patient, notes.Input{Kind: record.NoteConsultation, Body: "evaluation"}); err != nil {
				t.Fatal(err)
			}
			// PHQ-9 with item 9 above 0: a safety alert.
			if _, err := e.svc.RecordAssessment(ctx, e.nurse, measurement.NewAssessment{PatientID: e.patient, Instrument: "phq9",
				Answers: []int{1, 1, 1, 1, 1, 1, 1, 1, 2}, Source: measurement.SourceStaff}); err != nil {
				t.Fatal(err)
			}
			// A plan a nurse drafted waits for a prescriber's signature.
			if _, err := e.svc.CreatePlan(ctx, e.nurse, e.other, ivInput()); err != nil {
				t.Fatal(err)
			}
			items, err := e.svc.WorkItems(ctx, e.clinician)
			if err != nil || len(items) != 3 || items[0].Kind != "safety alert" || items[1].Kind != "sign plan" ||
				items[2].Kind != "draft note" || items[0].PatientName == "" || items[1].PatientName == "" || items[2].Link == "" {
				t.Fatalf("the clinician's worklist: %+v %v", items, err)
			}
			th := e.therapist(t, "Tess")
			if _, err := e.svc.CreateNote(ctx, th, e.patient, notes.Input{Kind: record.NoteTherapy, Session: "preparation", Body: "x"}); err != nil {
				t.Fatal(err)
			}
			if items, err := e.svc.WorkItems(ctx, th); err != nil || len(items) != 1 || items[0].Kind != "draft note" {
				t.Errorf("the therapist's worklist: %+v %v", items, err)
			}
			if items, err := e.svc.WorkItems(ctx, e.front); err != nil || len(items) != 0 {
				t.Errorf("the front desk's worklist: %+v %v", items, err)
			}
			if _, err := e.svc.WorkItems(ctx, e.patientActor); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("a patient's worklist: %v", err)
			}
		})
	}
}
