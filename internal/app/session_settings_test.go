package app_test

import (
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service/treatment"
	"onset/internal/store/storetest"
)

// TestClinicSessionSettings: a clinician sets a stricter hold limit and
// alert limit; check-in and vitals follow them; out-of-range numbers and
// nurses are refused, and nothing is saved then.
func TestClinicSessionSettings(t *testing.T) {
	t.Parallel()
	for _, eng := range storetest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			e := newSessEnv(t, eng)
			ctx := t.Context()
			st, own, err := e.svc.ClinicSessionSettings(ctx, e.nurse)
			if err != nil || own || st.HoldMaxSystolic != 140 || st.VitalsEveryDuringMin != 10 {
				t.Fatalf("defaults: %+v own=%v %v", st, own, err)
			}
			if err := e.svc.SaveSessionSettings(ctx, e.nurse, st); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("a nurse saved the session rules: %v", err)
			}
			bad := st
			bad.AlertMaxSystolic = 1800
			if err := e.svc.SaveSessionSettings(ctx, e.clinician, bad); clinic.ErrorCode(err) != clinic.Invalid ||
				!strings.Contains(clinic.ErrorMessage(err), "systolic alert limit must be from 120 to 260") {
				t.Errorf("out of range: %v", err)
			}
			if _, own, _ := e.svc.ClinicSessionSettings(ctx, e.nurse); own {
				t.Fatal("a refused save was stored")
			}
			st.HoldMaxSystolic, st.AlertMaxSystolic, st.VitalsEveryDuringMin = 130, 150, 5
			if err := e.svc.SaveSessionSettings(ctx, e.clinician, st); err != nil {
				t.Fatal(err)
			}
			// 135/80 passes the published hold rule but not this clinic's.
			ts, err := e.svc.CheckInPatient(ctx, e.nurse, e.iv, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 35,
				Baseline: vitals(135, 80, 72, 98, 14, 0)})
			if err != nil || ts.Status != record.SessionHeld {
				t.Fatalf("check-in at 135/80: %v %v", ts.Status, err)
			}
			if _, err := e.svc.DecideHold(ctx, e.clinician, ts.ID, "proceed", "Rechecked after rest."); err != nil {
				t.Fatal(err)
			}
			// 160/90 is below the published 180/110 alert but above this clinic's 150.
			_, alerts, err := e.svc.RecordVitals(ctx, e.nurse, ts.ID, treatment.VitalsInput{Vitals: vitals(160, 90, 80, 97, 14, 4)})
			if err != nil || len(alerts) == 0 || !strings.Contains(alerts[0].Message, "150") {
				t.Fatalf("vitals 160/90: %+v %v", alerts, err)
			}
			pg, err := e.svc.Session(ctx, e.nurse, ts.ID)
			if err != nil {
				t.Fatal(err)
			}
			last := pg.Record.Vitals[len(pg.Record.Vitals)-1].TakenAt
			if want := last.Add(15 * time.Minute); !pg.NextVitals.Equal(want) { // no dose yet: the after-dose interval
				t.Errorf("next vitals %v, want %v", pg.NextVitals, want)
			}
		})
	}
}
