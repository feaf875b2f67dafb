package app_test

import (
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/plans"
	"onset/internal/service/signoff"
	"onset/internal/service/treatment"
	"onset/internal/session"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// dischargedIV runs an IV session from check-in to discharge (08:00 to
// 09:50) with one acknowledged BP alert, and returns it with the alert.
func (e sessEnv) dischargedIV(t *testing.T) (record.TreatmentSession, record.VitalsAlert) {
	t.Helper()
	ctx := t.Context()
	ts, err := e.svc.CheckInPatient(ctx, e.nurse, e.iv, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 35,
		Baseline: vitals(122, 78, 72, 98, 14, 0)})
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(45 * time.Minute) // 08:45
	if _, err := e.svc.RecordDose(ctx, e.nurse, ts.ID, treatment.DoseInput{DoseMg: 35, ConcentrationMgPerML: 10, VolumeML: 3.5,
		RateMLPerHour: 155.3, DurationMin: 40, LotNumber: "KET-001", LotExpiry: "2027-01-31", Start: "08:05", End: "08:45"}); err != nil {
		t.Fatal(err)
	}
	_, alerts, err := e.svc.RecordVitals(ctx, e.nurse, ts.ID, treatment.VitalsInput{Time: "08:25", Vitals: vitals(170, 90, 88, 97, 14, 4)})
	if err != nil || len(alerts) != 1 {
		t.Fatalf("alerts %+v %v", alerts, err)
	}
	if err := e.svc.AcknowledgeVitalsAlert(ctx, e.nurse, ts.ID, alerts[0].ID, "rate reduced", "Pump slowed; rechecked."); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.RecordSideEffect(ctx, e.nurse, ts.ID, treatment.SideEffectInput{Kind: "side-effect", Effect: "nausea", Grade: "mild"}); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(65 * time.Minute) // 09:50
	if _, _, err := e.svc.RecordVitals(ctx, e.nurse, ts.ID, treatment.VitalsInput{Vitals: vitals(126, 80, 74, 98, 14, 5)}); err != nil {
		t.Fatal(err)
	}
	ts, err = e.svc.Discharge(ctx, e.nurse, ts.ID, treatment.DischargeInput{AlertOriented: true, AdultPresent: true, Instructions: "No driving today."})
	if err != nil {
		t.Fatal(err)
	}
	return ts, alerts[0]
}

// TestSignOffLocksSession: a clinician signs a discharged session; every
// write after that is refused with the lock's message, nothing changes and
// nothing is audited; the database refuses direct writes too; addenda are
// appended under the record.
func TestSignOffLocksSession(t *testing.T) {
	t.Parallel()
	for _, eng := range storetest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			e := newSessEnv(t, eng)
			ctx := t.Context()
			open, err := e.svc.CheckInPatient(ctx, e.nurse, e.noPlanIVPatient(t), treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 35,
				Baseline: vitals(122, 78, 72, 98, 14, 0)})
			if err != nil {
				t.Fatal(err)
			}
			_, err = e.svc.SignSession(ctx, e.clinician, open.ID)
			wantErr(t, err, clinic.Conflict, "Only a discharged session can be signed (this one is ready)")
			_, err = e.svc.AddAddendum(ctx, e.nurse, open.ID, "early note")
			wantErr(t, err, clinic.Conflict, "record it in the session itself")

			ts, alert := e.dischargedIV(t)
			_, err = e.svc.SignSession(ctx, e.nurse, ts.ID)
			wantErr(t, err, clinic.Forbidden, "permission")
			e.clock.Advance(30 * time.Minute) // 10:20
			signed, err := e.svc.SignSession(ctx, e.clinician, ts.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !signed.Signed() || signed.SignedByName != "Test clinician" || !signed.SignedAt.Equal(time.Date(2026, 6, 1, 10, 20, 0, 0, time.UTC)) {
				t.Fatalf("signed %+v", signed)
			}
			before, err := e.db.Reader().SessionRecord(ctx, e.clinicID, ts.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !before.Session.Signed() || before.Session.SignedBy != e.clinician.UserID {
				t.Fatalf("stored session %+v", before.Session)
			}
			auditsBefore := map[service.Action]int{}
			acts := []service.Action{service.ActSessionChart, service.ActSessionDose, service.ActSessionDischarge, service.ActSessionHold,
				service.ActREMSSign, service.ActSessionSign}
			for _, act := range acts {
				auditsBefore[act] = e.audits(t, act, e.iv)
			}
			if auditsBefore[service.ActSessionSign] != 1 {
				t.Fatalf("%d sign-off audit rows", auditsBefore[service.ActSessionSign])
			}
			e.clock.Advance(5 * time.Minute)
			const locked = "signed by Test clinician on 2026-06-01 10:20 UTC and is locked"
			writes := map[string]func() error{
				"vitals": func() error {
					_, _, err := e.svc.RecordVitals(ctx, e.nurse, ts.ID, treatment.VitalsInput{Vitals: vitals(120, 80, 70, 98, 14, 5)})
					return err
				},
				"side effect": func() error {
					_, err := e.svc.RecordSideEffect(ctx, e.nurse, ts.ID, treatment.SideEffectInput{Kind: "side-effect", Effect: "nausea", Grade: "mild"})
					return err
				},
				"acknowledge": func() error {
					return e.svc.AcknowledgeVitalsAlert(ctx, e.clinician, ts.ID, alert.ID, "other", "changed my mind")
				},
				"dose": func() error {
					_, err := e.svc.RecordDose(ctx, e.nurse, ts.ID, treatment.DoseInput{DoseMg: 35, ConcentrationMgPerML: 10, VolumeML: 3.5,
						RateMLPerHour: 155.3, DurationMin: 40, LotNumber: "KET-002", LotExpiry: "2027-01-31"})
					return err
				},
				"discharge": func() error {
					_, err := e.svc.Discharge(ctx, e.nurse, ts.ID, treatment.DischargeInput{AlertOriented: true, AdultPresent: true, Instructions: "x"})
					return err
				},
				"hold": func() error {
					_, err := e.svc.DecideHold(ctx, e.clinician, ts.ID, "cancel", "x")
					return err
				},
				"REMS answers": func() error {
					return e.svc.SaveREMS(ctx, e.nurse, ts.ID, signoff.REMSInput{ReadyMinutes: "10"})
				},
				"REMS sign": func() error { return e.svc.SignREMS(ctx, e.clinician, ts.ID) },
			}
			for name, write := range writes {
				err := write()
				if clinic.ErrorCode(err) != clinic.Conflict || !strings.Contains(clinic.ErrorMessage(err), locked) ||
					!strings.Contains(clinic.ErrorMessage(err), "Add an addendum instead") {
					t.Errorf("%s after sign-off: %v", name, err)
				}
			}
			_, err = e.svc.SignSession(ctx, e.clinician, ts.ID)
			wantErr(t, err, clinic.Conflict, "already signed by Test clinician")

			// The database refuses writes that bypass the service.
			direct := map[string]func(*store.Queries) error{
				"vitals": func(tx *store.Queries) error {
					_, err := tx.CreateSessionVitals(ctx, record.VitalsEntry{ClinicID: e.clinicID, SessionID: ts.ID, TakenAt: e.clock.Now(),
						Vitals: vitals(120, 80, 70, 98, 14, 5), RecordedByName: "x", CreatedAt: e.clock.Now()})
					return err
				},
				"side effect": func(tx *store.Queries) error {
					_, err := tx.CreateSideEffect(ctx, record.SideEffect{ClinicID: e.clinicID, SessionID: ts.ID, Kind: "side-effect",
						Effect: "nausea", Grade: "mild", NotedAt: e.clock.Now(), RecordedByName: "x"})
					return err
				},
				"alert": func(tx *store.Queries) error {
					_, err := tx.CreateVitalsAlert(ctx, record.VitalsAlert{ClinicID: e.clinicID, SessionID: ts.ID, VitalsID: before.Vitals[0].ID,
						Kind: session.AlertBPHigh, Message: "x", CreatedAt: e.clock.Now()})
					return err
				},
				"REMS answers": func(tx *store.Queries) error {
					return tx.SaveREMSAnswers(ctx, record.REMSAnswers{SessionID: ts.ID, ClinicID: e.clinicID, UpdatedAt: e.clock.Now()})
				},
				"session": func(tx *store.Queries) error {
					s := before.Session
					s.SignedAt = time.Time{}
					return tx.DischargeSession(ctx, s)
				},
			}
			for name, write := range direct {
				err := e.db.WithTx(ctx, write)
				if name == "session" { // the status guard stops it first; the trigger is the backstop
					if clinic.ErrorCode(err) != clinic.Conflict {
						t.Errorf("direct %s write: %v", name, err)
					}
					continue
				}
				if clinic.ErrorCode(err) != clinic.Conflict || !strings.Contains(clinic.ErrorMessage(err), "signed and locked") {
					t.Errorf("direct %s write: %v", name, err)
				}
			}
			after, err := e.db.Reader().SessionRecord(ctx, e.clinicID, ts.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(before, after) {
				t.Fatalf("the locked record changed:\n%+v\n%+v", before, after)
			}
			for _, act := range acts {
				if n := e.audits(t, act, e.iv); n != auditsBefore[act] {
					t.Errorf("%s: %d audit rows after refused writes, was %d", act, n, auditsBefore[act])
				}
			}

			// Addenda: new notes under the record, each signed by its author.
			_, err = e.svc.AddAddendum(ctx, e.nurse, ts.ID, "   ")
			wantErr(t, err, clinic.Invalid, "Write the addendum")
			_, err = e.svc.AddAddendum(ctx, e.nurse, ts.ID, strings.Repeat("x", 4001))
			wantErr(t, err, clinic.Invalid, "4000 characters or fewer")
			_, err = e.svc.AddAddendum(ctx, e.front, ts.ID, "front desk note")
			wantErr(t, err, clinic.Forbidden, "permission")
			e.clock.Advance(20 * time.Hour)
			if _, err := e.svc.AddAddendum(ctx, e.nurse, ts.ID, "  Phoned next morning: slept well, no nausea.\nNo concerns. "); err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(time.Hour)
			if _, err := e.svc.AddAddendum(ctx, e.clinician, ts.ID, "Reviewed the call; continue the plan."); err != nil {
				t.Fatal(err)
			}
			pg, err := e.svc.Session(ctx, e.clinician, ts.ID)
			if err != nil {
				t.Fatal(err)
			}
			ad := pg.Record.Addenda
			if len(ad) != 2 || ad[0].Body != "Phoned next morning: slept well, no nausea.\nNo concerns." || ad[0].AuthorName != "Test nurse" ||
				ad[0].AuthorRole != clinic.RoleNurse || !ad[0].CreatedAt.Equal(time.Date(2026, 6, 2, 6, 25, 0, 0, time.UTC)) ||
				ad[1].AuthorRole != clinic.RoleClinician || !ad[1].CreatedAt.After(ad[0].CreatedAt) {
				t.Fatalf("addenda %+v", ad)
			}
			// The record itself is still what was signed.
			pg.Record.Addenda = nil
			before.Addenda = nil
			if !reflect.DeepEqual(before, pg.Record) {
				t.Errorf("addenda changed the record")
			}
			if n := e.audits(t, service.ActSessionAddendum, e.iv); n != 2 {
				t.Errorf("%d addendum audit rows", n)
			}
		})
	}
}

// noPlanIVPatient gives the no-plan patient a signed IV plan.
func (e sessEnv) noPlanIVPatient(t *testing.T) int64 {
	t.Helper()
	ctx := t.Context()
	p, err := e.svc.CreatePlan(ctx, e.clinician, e.noPlan, plans.PlanInput{TemplateID: "iv-ketamine-induction", WeightKg: 70,
		Start: "2026-06-01", Weekdays: []time.Weekday{time.Monday, time.Wednesday, time.Friday}, ConcentrationMgPerML: 10, DiluentML: 100})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SignPlan(ctx, e.clinician, e.noPlan, p.ID); err != nil {
		t.Fatal(err)
	}
	return e.noPlan
}

// TestConcurrentSignOffSignsOnce: five sign-offs of the same session at
// once sign it once, with one audit row; the others are told it is signed.
func TestConcurrentSignOffSignsOnce(t *testing.T) {
	t.Parallel()
	for _, eng := range storetest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			e := newSessEnv(t, eng)
			ctx := t.Context()
			ts, _ := e.dischargedIV(t)
			var wg sync.WaitGroup
			var mu sync.Mutex
			ok, conflicts := 0, 0
			for range 5 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := e.svc.SignSession(ctx, e.clinician, ts.ID)
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err == nil:
						ok++
					case clinic.ErrorCode(err) == clinic.Conflict && strings.Contains(clinic.ErrorMessage(err), "already signed"):
						conflicts++
					default:
						t.Errorf("unexpected %v", err)
					}
				}()
			}
			wg.Wait()
			if ok != 1 || conflicts != 4 || e.audits(t, service.ActSessionSign, e.iv) != 1 {
				t.Errorf("%d signed, %d conflicts, %d audit rows", ok, conflicts, e.audits(t, service.ActSessionSign, e.iv))
			}
		})
	}
}

// TestEsketamineSignOffNeedsCompleteREMSForm: an esketamine session cannot
// be signed while its REMS form is incomplete; signing it signs the form.
func TestEsketamineSignOffNeedsCompleteREMSForm(t *testing.T) {
	t.Parallel()
	for _, eng := range storetest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			e := newSessEnv(t, eng)
			ctx := t.Context()
			ts, err := e.svc.CheckInPatient(ctx, e.nurse, e.esk, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 56,
				Baseline: vitals(128, 82, 70, 98, 14, 0)})
			if err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(10 * time.Minute)
			if _, err := e.svc.RecordDose(ctx, e.nurse, ts.ID, treatment.DoseInput{Devices: 2, LotNumber: "ESK1", LotExpiry: "2027-01-01",
				Start: "08:05", End: "08:10"}); err != nil {
				t.Fatal(err)
			}
			for _, at := range []time.Duration{40, 90, 118} {
				e.clock.t = time.Date(2026, 6, 1, 8, 5, 0, 0, time.UTC).Add(at * time.Minute)
				if _, _, err := e.svc.RecordVitals(ctx, e.nurse, ts.ID, treatment.VitalsInput{Vitals: vitals(130, 82, 72, 98, 14, 5)}); err != nil {
					t.Fatal(err)
				}
			}
			e.clock.t = time.Date(2026, 6, 1, 10, 6, 0, 0, time.UTC)
			if _, err := e.svc.Discharge(ctx, e.nurse, ts.ID, treatment.DischargeInput{AlertOriented: true, AdultPresent: true, Instructions: "No driving today."}); err != nil {
				t.Fatal(err)
			}
			_, err = e.svc.SignSession(ctx, e.clinician, ts.ID)
			wantErr(t, err, clinic.Invalid, "REMS Patient Monitoring Form is incomplete. Missing: concomitant benzodiazepines")
			if n := e.audits(t, service.ActSessionSign, e.esk); n != 0 {
				t.Fatalf("%d sign audit rows after a refusal", n)
			}
			if err := e.svc.SaveREMS(ctx, e.nurse, ts.ID, signoff.REMSInput{Medications: [4]string{"no", "no", "no", "no"}, ReadyMinutes: "118"}); err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.SignSession(ctx, e.clinician, ts.ID); err != nil {
				t.Fatal(err)
			}
			rec, err := e.db.Reader().SessionRecord(ctx, e.clinicID, ts.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !rec.Session.Signed() || rec.REMS == nil || rec.REMS.SignedAt.IsZero() || rec.REMS.SignedByName != "Test clinician" {
				t.Fatalf("record %+v REMS %+v", rec.Session, rec.REMS)
			}
			if e.audits(t, service.ActREMSSign, e.esk) != 1 || e.audits(t, service.ActSessionSign, e.esk) != 1 {
				t.Error("sign-off not audited")
			}
			q, err := e.svc.REMSQueue(ctx, e.nurse)
			if err != nil || len(q) != 1 || q[0].Status != session.FormSigned {
				t.Errorf("queue %+v %v", q, err)
			}
		})
	}
}

// TestEsketamineCheckInNeedsREMSEnrolment: an esketamine session cannot be
// checked in for a patient without a current REMS enrolment.
func TestEsketamineCheckInNeedsREMSEnrolment(t *testing.T) {
	t.Parallel()
	for _, eng := range storetest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			e := newSessEnv(t, eng)
			ctx := t.Context()
			pid := e.noPlan
			p, err := e.svc.CreatePlan(ctx, e.clinician, pid, plans.PlanInput{TemplateID: "esketamine-trd", WeightKg: 70, Start: "2026-06-01",
				Weekdays: []time.Weekday{time.Monday, time.Thursday}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.SignPlan(ctx, e.clinician, pid, p.ID); err != nil {
				t.Fatal(err)
			}
			in := treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 56, Baseline: vitals(128, 82, 70, 98, 14, 0)}
			before := e.counts(t, 0, pid)
			_, err = e.svc.CheckInPatient(ctx, e.nurse, pid, in)
			wantErr(t, err, clinic.Invalid, "the patient is not enrolled in the Spravato REMS: enrol them with the REMS (spravatorems.com), then record the enrolment")
			if ok, err := e.svc.REMSEnrolled(ctx, e.front, pid); err != nil || ok {
				t.Fatalf("enrolled %v %v", ok, err)
			}
			// Bad enrolment input is refused and stores nothing.
			for _, tc := range []struct {
				in   signoff.REMSEnrolmentInput
				want string
			}{
				{signoff.REMSEnrolmentInput{Enrolled: "maybe"}, "yes or no"},
				{signoff.REMSEnrolmentInput{Enrolled: "yes"}, "Enter the date the patient was enrolled"},
				{signoff.REMSEnrolmentInput{Enrolled: "yes", EnrolledOn: "01/05/2026"}, "YYYY-MM-DD"},
				{signoff.REMSEnrolmentInput{Enrolled: "yes", EnrolledOn: "2026-06-02"}, "in the future"},
				{signoff.REMSEnrolmentInput{Enrolled: "yes", EnrolledOn: "2018-12-01"}, "before the Spravato REMS began"},
				{signoff.REMSEnrolmentInput{Enrolled: "yes", EnrolledOn: "2026-05-01", REMSPatientID: strings.Repeat("9", 41)}, "40 characters or fewer"},
				{signoff.REMSEnrolmentInput{Enrolled: "no", EnrolledOn: "2026-05-01"}, "Leave the enrolment date"},
			} {
				_, err := e.svc.RecordREMSEnrolment(ctx, e.nurse, pid, tc.in)
				wantErr(t, err, clinic.Invalid, tc.want)
			}
			_, err = e.svc.RecordREMSEnrolment(ctx, e.front, pid, signoff.REMSEnrolmentInput{Enrolled: "yes", EnrolledOn: "2026-05-01"})
			wantErr(t, err, clinic.Forbidden, "permission")
			if es, err := e.db.Reader().REMSEnrolments(ctx, e.clinicID, pid); err != nil || len(es) != 0 {
				t.Fatalf("refused enrolments stored: %+v %v", es, err)
			}
			if after := e.counts(t, 0, pid); after != before || e.audits(t, service.ActSessionCheckIn, pid) != 0 ||
				e.audits(t, service.ActREMSEnrol, pid) != 0 {
				t.Fatalf("refused check-in stored rows: %v → %v", before, after)
			}

			got, err := e.svc.RecordREMSEnrolment(ctx, e.nurse, pid, signoff.REMSEnrolmentInput{Enrolled: "yes", EnrolledOn: "2026-05-28",
				REMSPatientID: " RP-00123 "})
			if err != nil || !got.EnrolledOn.Equal(time.Date(2026, 5, 28, 0, 0, 0, 0, time.UTC)) || got.REMSPatientID != "RP-00123" {
				t.Fatalf("enrolment %+v %v", got, err)
			}
			if ok, err := e.svc.REMSEnrolled(ctx, e.front, pid); err != nil || !ok {
				t.Fatalf("enrolled %v %v", ok, err)
			}
			if _, err := e.svc.CheckInPatient(ctx, e.nurse, pid, in); err != nil {
				t.Fatal(err)
			}
			// A later record that the patient is no longer enrolled counts.
			e.clock.Advance(time.Hour)
			if _, err := e.svc.RecordREMSEnrolment(ctx, e.clinician, pid, signoff.REMSEnrolmentInput{Enrolled: "no"}); err != nil {
				t.Fatal(err)
			}
			_, err = e.svc.CheckInPatient(ctx, e.nurse, pid, in)
			wantErr(t, err, clinic.Invalid, "not enrolled in the Spravato REMS")
			pt, err := e.svc.PatientTreatment(ctx, e.nurse, pid)
			if err != nil {
				t.Fatal(err)
			}
			if pt.REMSEnrolled() || len(pt.REMSEnrolments) != 2 || pt.REMSEnrolments[0].Enrolled || pt.REMSEnrolments[0].RecordedByName != "Test clinician" ||
				pt.REMSEnrolments[1].REMSPatientID != "RP-00123" {
				t.Fatalf("enrolments %+v", pt.REMSEnrolments)
			}
			if n := e.audits(t, service.ActREMSEnrol, pid); n != 2 {
				t.Errorf("%d enrolment audit rows", n)
			}
			if n := e.audits(t, service.ActREMSStatus, pid); n != 2 {
				t.Errorf("%d status read audit rows", n)
			}
			// IV sessions do not need the REMS.
			if _, err := e.svc.CheckInPatient(ctx, e.nurse, e.iv, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 35,
				Baseline: vitals(122, 78, 72, 98, 14, 0)}); err != nil {
				t.Fatal(err)
			}
		})
	}
}
