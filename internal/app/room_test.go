package app_test

import (
	"strings"
	"testing"
	"time"

	"onset/internal/record"
	"onset/internal/service/treatment"
	"onset/internal/store/storetest"
)

// The room's open problems: a held dose, one alarming reading (one
// problem with every limit it broke) and a screening exclusion; each
// leaves the list once a clinician has acted on it.
func TestRoomProblemsListAndLeave(t *testing.T) {
	t.Parallel()
	for _, eng := range storetest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			e := newSessEnv(t, eng)
			ctx := t.Context()
			watch, err := e.svc.WatchRoom(ctx, e.clinician)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.RoomProblems(ctx, e.front); err == nil {
				t.Error("the front desk may read the room's problems")
			}
			held, err := e.svc.CheckInPatient(ctx, e.nurse, e.iv, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 35,
				Baseline: vitals(192, 118, 80, 98, 14, 0)})
			if err != nil || held.Status != record.SessionHeld {
				t.Fatalf("check-in %+v %v", held, err)
			}
			if p := <-watch; p.Kind != record.RoomHold || p.SessionID != held.ID {
				t.Errorf("first event %+v", p)
			}
			ts, err := e.svc.CheckInPatient(ctx, e.nurse, e.esk, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 56,
				Baseline: vitals(124, 80, 72, 98, 14, 0)})
			if err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(10 * time.Minute)
			if _, _, err := e.svc.RecordVitals(ctx, e.nurse, ts.ID, treatment.VitalsInput{Vitals: vitals(192, 118, 90, 89, 14, 4)}); err != nil {
				t.Fatal(err)
			}
			if p := <-watch; p.Kind != record.RoomVitalsAlert || !strings.Contains(p.Message, "192/118, SpO2 89%") {
				t.Errorf("reading event %+v", p)
			}
			in := intakeForm()
			in.Systolic, in.Diastolic = "185", "115"
			if _, err := e.svc.RecordIntake(ctx, e.nurse, e.noPlan, in); err != nil {
				t.Fatal(err)
			}
			if p := <-watch; p.Kind != record.RoomExclusion || !strings.Contains(p.Message, "185/115") {
				t.Errorf("exclusion event %+v", p)
			}
			ps, err := e.svc.RoomProblems(ctx, e.clinician)
			if err != nil {
				t.Fatal(err)
			}
			kinds := map[string]int{}
			for _, p := range ps {
				kinds[p.Kind]++
			}
			if len(ps) != 3 || kinds[record.RoomHold] != 1 || kinds[record.RoomVitalsAlert] != 1 || kinds[record.RoomExclusion] != 1 {
				t.Fatalf("open problems %+v", ps)
			}
			// Acting on them takes them off the list.
			if _, err := e.svc.DecideHold(ctx, e.clinician, held.ID, "cancel", "BP too high today."); err != nil {
				t.Fatal(err)
			}
			rec, err := e.svc.Session(ctx, e.nurse, ts.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, al := range rec.Record.Alerts {
				if err := e.svc.AcknowledgeVitalsAlert(ctx, e.nurse, ts.ID, al.ID, "clinician informed", "Seen by Dr Test."); err != nil {
					t.Fatal(err)
				}
			}
			if ps, err = e.svc.RoomProblems(ctx, e.clinician); err != nil || len(ps) != 1 || ps[0].Kind != record.RoomExclusion {
				t.Errorf("after acting: %+v %v", ps, err)
			}
		})
	}
}
