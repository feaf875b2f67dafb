package app_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"onset/internal/app"
	"onset/internal/auth"
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

// sessEnv is a clinic with a clinician, a nurse, a front-desk account, an
// IV patient and an esketamine patient with signed plans, and a clock.
type sessEnv struct {
	svc                     *app.App
	db                      *store.DB
	clock                   *clock
	clinicID                int64
	clinician, nurse, front service.Actor
	iv, esk, noPlan         int64
}

func newSessEnv(t testing.TB, engine store.Engine) sessEnv {
	t.Helper()
	ctx := t.Context()
	c := &clock{t: time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)}
	db := storetest.Open(t, engine)
	svc := app.New(db.Ports(), service.Config{Passwords: auth.TestParams, Now: c.Now})
	cl, err := svc.EnsureClinic(ctx, "Test")
	if err != nil {
		t.Fatal(err)
	}
	e := sessEnv{svc: svc, db: db, clock: c, clinicID: cl.ID}
	sys := service.System(cl.ID)
	mkPatient := func(mrn, born string) int64 {
		p, err := svc.CreatePatient(ctx, sys, record.NewPatient{MRN: mrn, GivenName: "Pat", FamilyName: mrn, Sex: "female",
			BirthDate: born, Conditions: []string{"depression"}})
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	e.iv, e.esk, e.noPlan = mkPatient("P-1", "1980-07-01"), mkPatient("P-2", "1975-01-15"), mkPatient("P-3", "1990-01-01")
	mkUser := func(role clinic.Role, email string) service.Actor {
		u, err := svc.CreateUser(ctx, sys, record.NewUser{Email: email, Name: "Test " + string(role), Role: role,
			Password: "a long password"})
		if err != nil {
			t.Fatal(err)
		}
		return service.Actor{UserID: u.ID, ClinicID: cl.ID, Role: role, Name: u.Name}
	}
	e.clinician, e.nurse, e.front = mkUser(clinic.RoleClinician, "c@example.org"), mkUser(clinic.RoleNurse, "n@example.org"),
		mkUser(clinic.RoleFrontDesk, "f@example.org")
	sign := func(patient int64, in plans.PlanInput) {
		p, err := svc.CreatePlan(ctx, e.clinician, patient, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SignPlan(ctx, e.clinician, patient, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	sign(e.iv, plans.PlanInput{TemplateID: "iv-ketamine-induction", WeightKg: 70, Start: "2026-06-01",
		Weekdays: []time.Weekday{time.Monday, time.Wednesday, time.Friday}, ConcentrationMgPerML: 10, DiluentML: 100})
	sign(e.esk, plans.PlanInput{TemplateID: "esketamine-trd", WeightKg: 80, Start: "2026-06-01",
		Weekdays: []time.Weekday{time.Monday, time.Thursday}})
	// The REMS requires enrolment before the first esketamine session.
	if _, err := svc.RecordREMSEnrolment(ctx, e.nurse, e.esk, signoff.REMSEnrolmentInput{Enrolled: "yes", EnrolledOn: "2026-05-20"}); err != nil {
		t.Fatal(err)
	}
	return e
}

func okChecklist() record.Checklist {
	return record.Checklist{IdentityConfirmed: true, ConsentCurrent: true, NothingByMouth: true, ResponsibleAdult: true,
		Pregnancy: record.PregnancyNegative}
}

func vitals(sys, dia, hr, spo2, rr, moaas int) session.Vitals {
	return session.Vitals{Systolic: sys, Diastolic: dia, HeartRate: hr, SpO2: spo2, RespRate: rr, Sedation: moaas}
}

// counts is the number of rows a bad input must leave unchanged.
func (e sessEnv) counts(t testing.TB, sessionID, patientID int64) [4]int {
	t.Helper()
	ctx := t.Context()
	r := e.db.Reader()
	var out [4]int
	if sessionID > 0 {
		rec, err := r.SessionRecord(ctx, e.clinicID, sessionID)
		if err != nil {
			t.Fatal(err)
		}
		out[0], out[1] = len(rec.Vitals), len(rec.Alerts)
	}
	as, err := r.Administrations(ctx, e.clinicID, patientID)
	if err != nil {
		t.Fatal(err)
	}
	ss, err := r.PatientTreatmentSessions(ctx, e.clinicID, patientID)
	if err != nil {
		t.Fatal(err)
	}
	out[2], out[3] = len(as), len(ss)
	return out
}

func (e sessEnv) audits(t testing.TB, action service.Action, patientID int64) int {
	t.Helper()
	es, err := e.svc.AuditLog(t.Context(), service.System(e.clinicID), clinic.AuditFilter{Action: string(action), PatientID: patientID, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

func wantErr(t *testing.T, err error, code clinic.Code, fragment string) {
	t.Helper()
	if err == nil || clinic.ErrorCode(err) != code || !strings.Contains(clinic.ErrorMessage(err), fragment) {
		t.Fatalf("error %v, want %s containing %q", err, code, fragment)
	}
}

// TestIVSessionFromCheckInToDischarge runs an IV session the way a nurse
// does: check-in, vitals with a BP alert, acknowledgement, the dose,
// discharge refused until the criteria pass.
func TestIVSessionFromCheckInToDischarge(t *testing.T) {
	t.Parallel()
	for _, eng := range storetest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			e := newSessEnv(t, eng)
			ctx := t.Context()
			ts, err := e.svc.CheckInPatient(ctx, e.nurse, e.iv, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 35,
				Baseline: vitals(122, 78, 72, 98, 14, 0)})
			if err != nil {
				t.Fatal(err)
			}
			if ts.Status != record.SessionReady || ts.Route != clinic.RouteIV || ts.Drug != record.DrugRacemic ||
				ts.CeilingMg != 70 || !ts.Checklist.PlanSigned || ts.AgeYears != 45 {
				t.Fatalf("session %+v", ts)
			}
			chart := func(at string, v session.Vitals) []record.VitalsAlert {
				t.Helper()
				_, alerts, err := e.svc.RecordVitals(ctx, e.nurse, ts.ID, treatment.VitalsInput{Time: at, Vitals: v})
				if err != nil {
					t.Fatal(err)
				}
				return alerts
			}
			e.clock.Advance(15 * time.Minute) // 08:15
			if a := chart("", vitals(130, 82, 80, 98, 14, 5)); len(a) != 0 {
				t.Errorf("alerts on a quiet reading: %+v", a)
			}
			e.clock.Advance(10 * time.Minute) // 08:25
			alerts := chart("08:25", vitals(165, 90, 88, 97, 14, 4))
			if len(alerts) != 1 || alerts[0].Kind != session.AlertBPRise || !strings.Contains(alerts[0].Message, "+43/+12") {
				t.Fatalf("alerts %+v", alerts)
			}
			// Acknowledgement needs an action from the list and a note.
			wantErr(t, e.svc.AcknowledgeVitalsAlert(ctx, e.nurse, ts.ID, alerts[0].ID, "rate reduced", "  "), clinic.Invalid, "Write a note")
			wantErr(t, e.svc.AcknowledgeVitalsAlert(ctx, e.nurse, ts.ID, alerts[0].ID, "shrugged", "x"), clinic.Invalid, "action taken")
			e.clock.Advance(20 * time.Minute) // 08:45
			if _, err := e.svc.RecordDose(ctx, e.nurse, ts.ID, treatment.DoseInput{DoseMg: 35, ConcentrationMgPerML: 10, VolumeML: 3.5,
				RateMLPerHour: 155.3, DurationMin: 40, LotNumber: "KET-001", LotExpiry: "2027-01-31", Start: "08:05", End: "08:45"}); err != nil {
				t.Fatal(err)
			}
			as, err := e.db.Reader().Administrations(ctx, e.clinicID, e.iv)
			if err != nil || len(as) != 1 || as[0].DoseMg != 35 || as[0].Route != clinic.RouteIV || !as[0].GivenAt.Equal(time.Date(2026, 6, 1, 8, 5, 0, 0, time.UTC)) {
				t.Fatalf("administrations %+v %v", as, err)
			}
			e.clock.Advance(15 * time.Minute) // 09:00
			chart("", vitals(128, 80, 76, 98, 14, 5))
			discharge := func(oriented, adult bool) error {
				_, err := e.svc.Discharge(ctx, e.nurse, ts.ID, treatment.DischargeInput{AlertOriented: oriented, AdultPresent: adult,
					Instructions: "No driving until tomorrow after a night's sleep."})
				return err
			}
			err = discharge(true, true)
			wantErr(t, err, clinic.Conflict, "Minimum monitoring time after the end of the dose not reached: discharge from 09:45 UTC")
			wantErr(t, err, clinic.Conflict, "1 alert(s) not yet acknowledged")
			if err := e.svc.AcknowledgeVitalsAlert(ctx, e.nurse, ts.ID, alerts[0].ID, "rate reduced", "Pump to 100 mL/h; rechecked."); err != nil {
				t.Fatal(err)
			}
			wantErr(t, e.svc.AcknowledgeVitalsAlert(ctx, e.nurse, ts.ID, alerts[0].ID, "rate reduced", "again"), clinic.Conflict, "already")
			e.clock.Advance(46 * time.Minute) // 09:46
			wantErr(t, discharge(true, true), clinic.Conflict, "older than 30 minutes")
			chart("", vitals(126, 80, 74, 98, 14, 5))
			err = discharge(false, false)
			wantErr(t, err, clinic.Conflict, "alert and oriented")
			wantErr(t, err, clinic.Conflict, "responsible adult")
			if err := discharge(true, true); err != nil {
				t.Fatal(err)
			}
			pg, err := e.svc.Session(ctx, e.nurse, ts.ID)
			if err != nil {
				t.Fatal(err)
			}
			r := pg.Record
			if r.Session.Status != record.SessionDischarged || len(r.Vitals) != 4 || len(r.Alerts) != 1 || r.Alerts[0].AckAction != "rate reduced" ||
				r.Dose == nil || r.Dose.MgPerKg != 0.5 || r.Session.DischargedAt.IsZero() {
				t.Fatalf("record %+v", r)
			}
			if _, _, err := e.svc.RecordVitals(ctx, e.nurse, ts.ID, treatment.VitalsInput{Vitals: vitals(120, 80, 70, 98, 14, 5)}); clinic.ErrorCode(err) != clinic.Conflict {
				t.Errorf("vitals after discharge: %v", err)
			}
			for action, want := range map[service.Action]int{service.ActSessionCheckIn: 1, service.ActSessionDose: 1,
				service.ActSessionChart: 5, service.ActSessionDischarge: 1, service.ActSessionRead: 1} {
				if n := e.audits(t, action, e.iv); n != want {
					t.Errorf("%s: %d audit rows, want %d", action, n, want)
				}
			}
		})
	}
}

// TestBadSessionInputStoresNothing: impossible vitals, a dose above the
// plan's ceiling, an expired lot, an incomplete checklist.
func TestBadSessionInputStoresNothing(t *testing.T) {
	t.Parallel()
	for _, eng := range storetest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			e := newSessEnv(t, eng)
			ctx := t.Context()
			before := e.counts(t, 0, e.iv)
			chk := okChecklist()
			chk.ConsentCurrent, chk.Pregnancy = false, ""
			_, err := e.svc.CheckInPatient(ctx, e.nurse, e.iv, treatment.CheckIn{Checklist: chk, PlannedDoseMg: 35, Baseline: vitals(122, 78, 72, 98, 14, 0)})
			wantErr(t, err, clinic.Invalid, "Check-in is not complete: consent not current; pregnancy test result not recorded")
			_, err = e.svc.CheckInPatient(ctx, e.nurse, e.noPlan, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 35, Baseline: vitals(122, 78, 72, 98, 14, 0)})
			wantErr(t, err, clinic.Invalid, "no signed treatment plan")
			_, err = e.svc.CheckInPatient(ctx, e.nurse, e.iv, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 35, Baseline: vitals(400, 20, 72, 98, 14, 0)})
			wantErr(t, err, clinic.Invalid, "Systolic blood pressure 400 is outside the possible range")
			_, err = e.svc.CheckInPatient(ctx, e.nurse, e.iv, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 80, Baseline: vitals(122, 78, 72, 98, 14, 0)})
			wantErr(t, err, clinic.Invalid, "above the signed plan's ceiling of 70 mg")
			_, err = e.svc.CheckInPatient(ctx, e.front, e.iv, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 35, Baseline: vitals(122, 78, 72, 98, 14, 0)})
			wantErr(t, err, clinic.Forbidden, "permission")
			if after := e.counts(t, 0, e.iv); after != before {
				t.Fatalf("refused check-ins stored rows: %v → %v", before, after)
			}
			if n := e.audits(t, service.ActSessionCheckIn, e.iv); n != 0 {
				t.Errorf("%d audit rows for refused check-ins", n)
			}

			ts, err := e.svc.CheckInPatient(ctx, e.nurse, e.iv, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 35, Baseline: vitals(122, 78, 72, 98, 14, 0)})
			if err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(50 * time.Minute)
			before = e.counts(t, ts.ID, e.iv)
			for _, tc := range []struct {
				in   session.Vitals
				want string
			}{
				{vitals(400, 20, 72, 98, 14, 5), "Systolic blood pressure 400 is outside the possible range 50–260 mmHg"},
				{vitals(80, 120, 72, 98, 14, 5), "must be higher than diastolic"},
				{vitals(120, 80, 72, 98, 14, 7), "MOAA/S"},
				{vitals(120, 80, 72, 98, 14, -1), "MOAA/S"},
			} {
				_, _, err := e.svc.RecordVitals(ctx, e.nurse, ts.ID, treatment.VitalsInput{Vitals: tc.in})
				wantErr(t, err, clinic.Invalid, tc.want)
			}
			_, _, err = e.svc.RecordVitals(ctx, e.nurse, ts.ID, treatment.VitalsInput{Time: "7:3x", Vitals: vitals(120, 80, 72, 98, 14, 5)})
			wantErr(t, err, clinic.Invalid, "HH:MM")
			_, _, err = e.svc.RecordVitals(ctx, e.nurse, ts.ID, treatment.VitalsInput{Time: "07:30", Vitals: vitals(120, 80, 72, 98, 14, 5)})
			wantErr(t, err, clinic.Invalid, "before check-in")
			good := treatment.DoseInput{DoseMg: 35, ConcentrationMgPerML: 10, VolumeML: 3.5, RateMLPerHour: 155.3, DurationMin: 40,
				LotNumber: "KET-001", LotExpiry: "2027-01-31", Start: "08:05", End: "08:45"}
			for _, tc := range []struct {
				edit func(*treatment.DoseInput)
				want string
			}{
				{func(d *treatment.DoseInput) { d.DoseMg, d.VolumeML = 75, 7.5 }, "The dose of 75 mg is above the signed plan's ceiling of 70 mg"},
				{func(d *treatment.DoseInput) { d.LotExpiry = "2026-05-31" }, "Lot KET-001 expired on 2026-05-31"},
				{func(d *treatment.DoseInput) { d.LotExpiry = "31/05/2027" }, "YYYY-MM-DD"},
				{func(d *treatment.DoseInput) { d.LotNumber = " " }, "lot number"},
				{func(d *treatment.DoseInput) { d.VolumeML = 5 }, "5 mL of 10 mg/mL is 50 mg, not the dose of 35 mg"},
				{func(d *treatment.DoseInput) { d.RateMLPerHour = 0 }, "pump rate"},
				{func(d *treatment.DoseInput) { d.Start, d.End = "08:45", "08:05" }, "cannot end before it started"},
				// A 40-minute infusion cannot have ended 5 minutes after its start.
				{func(d *treatment.DoseInput) { d.End = "08:10" }, "ran 5 minutes by its start and end times, but its duration is 40 minutes"},
				{func(d *treatment.DoseInput) { d.Start = "07:00" }, "before check-in"},
			} {
				in := good
				tc.edit(&in)
				_, err := e.svc.RecordDose(ctx, e.nurse, ts.ID, in)
				wantErr(t, err, clinic.Invalid, tc.want)
			}
			if after := e.counts(t, ts.ID, e.iv); after != before {
				t.Fatalf("refused entries stored rows: %v → %v", before, after)
			}
			if n := e.audits(t, service.ActSessionChart, e.iv) + e.audits(t, service.ActSessionDose, e.iv); n != 0 {
				t.Errorf("%d audit rows for refused entries", n)
			}
			if _, err := e.svc.RecordDose(ctx, e.nurse, ts.ID, good); err != nil {
				t.Fatal(err)
			}
			_, err = e.svc.RecordDose(ctx, e.nurse, ts.ID, good)
			wantErr(t, err, clinic.Conflict, "dosed")
		})
	}
}

// TestPreDoseHold: a baseline above the threshold holds the dose until a
// clinician decides with a reason.
func TestPreDoseHold(t *testing.T) {
	t.Parallel()
	for _, eng := range storetest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			e := newSessEnv(t, eng)
			ctx := t.Context()
			ts, err := e.svc.CheckInPatient(ctx, e.nurse, e.iv, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 35,
				Baseline: vitals(152, 94, 80, 98, 14, 0)})
			if err != nil {
				t.Fatal(err)
			}
			if ts.Status != record.SessionHeld || ts.HoldReason != "Blood pressure 152/94 is above the pre-dose limit of 140/90." {
				t.Fatalf("status %s, reason %q", ts.Status, ts.HoldReason)
			}
			dose := treatment.DoseInput{DoseMg: 35, ConcentrationMgPerML: 10, VolumeML: 3.5, RateMLPerHour: 155.3, DurationMin: 40,
				LotNumber: "KET-001", LotExpiry: "2027-01-31", Start: "08:00"}
			_, err = e.svc.RecordDose(ctx, e.nurse, ts.ID, dose)
			wantErr(t, err, clinic.Conflict, "held for blood pressure")
			_, err = e.svc.DecideHold(ctx, e.nurse, ts.ID, "proceed", "fine")
			wantErr(t, err, clinic.Forbidden, "permission")
			_, err = e.svc.DecideHold(ctx, e.clinician, ts.ID, "proceed", "")
			wantErr(t, err, clinic.Invalid, "reason")
			if n := e.audits(t, service.ActSessionHold, e.iv); n != 0 {
				t.Errorf("%d hold audit rows before a decision", n)
			}
			got, err := e.svc.DecideHold(ctx, e.clinician, ts.ID, "proceed", "Repeat 138/88 after rest; known white-coat rise.")
			if err != nil || got.Status != record.SessionReady || got.HoldDecidedByName != "Test clinician" {
				t.Fatalf("decision %+v %v", got, err)
			}
			_, err = e.svc.DecideHold(ctx, e.clinician, ts.ID, "cancel", "changed my mind")
			wantErr(t, err, clinic.Conflict, "not waiting")
			if n := e.audits(t, service.ActSessionHold, e.iv); n != 1 {
				t.Errorf("%d hold audit rows", n)
			}
			if _, err := e.svc.RecordDose(ctx, e.nurse, ts.ID, dose); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestEsketamineREMSForm: the form is built from the session, sign-off is
// blocked while it is incomplete, and it shows in the queue.
func TestEsketamineREMSForm(t *testing.T) {
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
			if ts.Drug != record.DrugEsketamine || ts.CeilingMg != 84 {
				t.Fatalf("session %+v", ts)
			}
			e.clock.Advance(10 * time.Minute) // 08:10
			_, err = e.svc.RecordDose(ctx, e.nurse, ts.ID, treatment.DoseInput{Devices: 2, DoseMg: 84, LotNumber: "ESK1", LotExpiry: "2027-01-01"})
			wantErr(t, err, clinic.Invalid, "2 device(s) deliver 56 mg, not 84 mg")
			if _, err := e.svc.RecordDose(ctx, e.nurse, ts.ID, treatment.DoseInput{Devices: 2, LotNumber: "ESK1", LotExpiry: "2027-01-01",
				Start: "08:05", End: "08:10"}); err != nil {
				t.Fatal(err)
			}
			for _, step := range []struct {
				at time.Duration
				v  session.Vitals
			}{{35, vitals(140, 88, 76, 97, 14, 4)}, {50, vitals(135, 85, 74, 98, 14, 5)}, {110, vitals(126, 80, 70, 98, 14, 5)}} {
				e.clock.t = time.Date(2026, 6, 1, 8, 5, 0, 0, time.UTC).Add(step.at * time.Minute)
				if _, _, err := e.svc.RecordVitals(ctx, e.nurse, ts.ID, treatment.VitalsInput{Vitals: step.v}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := e.svc.RecordSideEffect(ctx, e.nurse, ts.ID, treatment.SideEffectInput{Kind: "side-effect", Effect: "dissociation", Grade: "mild"}); err != nil {
				t.Fatal(err)
			}
			_, err = e.svc.RecordSideEffect(ctx, e.nurse, ts.ID, treatment.SideEffectInput{Kind: "side-effect", Effect: "itching", Grade: "mild"})
			wantErr(t, err, clinic.Invalid, "side effect from the list")
			_, err = e.svc.RecordSideEffect(ctx, e.nurse, ts.ID, treatment.SideEffectInput{Kind: "adverse-event", Effect: "Vasovagal episode", Grade: "moderate"})
			wantErr(t, err, clinic.Invalid, "outcome")
			wantErr(t, e.svc.SignREMS(ctx, e.clinician, ts.ID), clinic.Invalid, "Missing: concomitant benzodiazepines")
			// Esketamine: two hours from the first device (08:05 → 10:05).
			e.clock.t = time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
			_, err = e.svc.Discharge(ctx, e.nurse, ts.ID, treatment.DischargeInput{AlertOriented: true, AdultPresent: true, Instructions: "No driving today."})
			wantErr(t, err, clinic.Conflict, "from the first device not reached: discharge from 10:05 UTC")
			e.clock.t = time.Date(2026, 6, 1, 10, 6, 0, 0, time.UTC)
			if _, err := e.svc.Discharge(ctx, e.nurse, ts.ID, treatment.DischargeInput{AlertOriented: true, AdultPresent: true, Instructions: "No driving today."}); err != nil {
				t.Fatal(err)
			}
			pg, err := e.svc.Session(ctx, e.clinician, ts.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"concomitant benzodiazepines", "concomitant non-benzodiazepine sedative-hypnotics",
				"concomitant psychostimulants", "concomitant MAOIs", "minutes until the patient would have been ready to leave"}
			if strings.Join(pg.REMSMissing, "|") != strings.Join(want, "|") || pg.REMSStatus != session.FormIncomplete {
				t.Fatalf("missing %q status %s", pg.REMSMissing, pg.REMSStatus)
			}
			f := pg.REMS
			if f.BPBefore.String() != "128/82" || f.BPAt40.String() != "140/88" || f.BPEnd.String() != "126/80" || *f.TotalMinutes != 121 ||
				!*f.Sedation || !*f.Dissociation || *f.RespiratoryDepression || f.LotNumber != "ESK1" || f.DoseMg != 56 {
				t.Fatalf("form %+v", f)
			}
			err = e.svc.SaveREMS(ctx, e.nurse, ts.ID, signoff.REMSInput{Medications: [4]string{"no", "maybe", "no", "no"}})
			wantErr(t, err, clinic.Invalid, "yes or no")
			if err := e.svc.SaveREMS(ctx, e.nurse, ts.ID, signoff.REMSInput{Medications: [4]string{"no", "no", "yes", "no"}}); err != nil {
				t.Fatal(err)
			}
			wantErr(t, e.svc.SignREMS(ctx, e.clinician, ts.ID), clinic.Invalid, "Missing: minutes until the patient would have been ready to leave.")
			if err := e.svc.SaveREMS(ctx, e.nurse, ts.ID, signoff.REMSInput{Medications: [4]string{"no", "no", "yes", "no"}, ReadyMinutes: "115"}); err != nil {
				t.Fatal(err)
			}
			q, err := e.svc.REMSQueue(ctx, e.nurse)
			if err != nil || len(q) != 1 || q[0].Status != session.FormReady {
				t.Fatalf("queue %+v %v", q, err)
			}
			wantErr(t, e.svc.SignREMS(ctx, e.nurse, ts.ID), clinic.Forbidden, "permission")
			if err := e.svc.SignREMS(ctx, e.clinician, ts.ID); err != nil {
				t.Fatal(err)
			}
			wantErr(t, e.svc.SaveREMS(ctx, e.nurse, ts.ID, signoff.REMSInput{ReadyMinutes: "1"}), clinic.Conflict, "signed")
			if n := e.audits(t, service.ActREMSSign, e.esk); n != 1 {
				t.Errorf("%d sign audit rows", n)
			}
			q, _ = e.svc.REMSQueue(ctx, e.nurse)
			if len(q) != 1 || q[0].Status != session.FormSigned {
				t.Errorf("queue after signing %+v", q)
			}
		})
	}
}

// BenchmarkRecordVitals20Sessions saves vitals entries from 20 sessions
// at once, as a busy clinic's tablets would.
func BenchmarkRecordVitals20Sessions(b *testing.B) {
	for _, eng := range storetest.Engines() {
		b.Run(string(eng), func(b *testing.B) {
			e := newSessEnv(b, eng)
			ctx := b.Context()
			const sessions = 20
			ids := make([]int64, sessions)
			for i := range ids {
				p, err := e.svc.CreatePatient(ctx, service.System(e.clinicID), record.NewPatient{MRN: "B-" + string(rune('A'+i)),
					GivenName: "B", FamilyName: "B", Sex: "male", BirthDate: "1970-01-01"})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := e.svc.CreatePlan(ctx, e.clinician, p.ID, plans.PlanInput{TemplateID: "iv-ketamine-induction", WeightKg: 70,
					Start: "2026-06-01", Weekdays: []time.Weekday{time.Monday, time.Wednesday, time.Friday}, ConcentrationMgPerML: 10, DiluentML: 100}); err != nil {
					b.Fatal(err)
				}
				pp, _ := e.svc.PatientPlans(ctx, e.clinician, p.ID)
				if _, err := e.svc.SignPlan(ctx, e.clinician, p.ID, pp.Plans[0].ID); err != nil {
					b.Fatal(err)
				}
				ts, err := e.svc.CheckInPatient(ctx, e.nurse, p.ID, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 35,
					Baseline: vitals(122, 78, 72, 98, 14, 0)})
				if err != nil {
					b.Fatal(err)
				}
				ids[i] = ts.ID
			}
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			per := b.N/sessions + 1
			for i := range ids {
				wg.Add(1)
				go func(id int64) {
					defer wg.Done()
					for j := 0; j < per; j++ {
						if _, _, err := e.svc.RecordVitals(ctx, e.nurse, id, treatment.VitalsInput{Vitals: vitals(130, 80, 75, 98, 14, 5)}); err != nil {
							b.Error(err)
							return
						}
					}
				}(ids[i])
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			n := per * sessions
			b.ReportMetric(float64(elapsed.Microseconds())/float64(n), "µs/entry")
			b.ReportMetric(float64(n)/elapsed.Seconds(), "entries/s")
			// What one tablet waits per save while the other 19 save too.
			b.ReportMetric(float64(elapsed.Microseconds())/float64(per)/1000, "ms-wait/entry")
		})
	}
}

// TestConcurrentDoseRecordedOnce: ten tablets submitting the same dose at
// once record it once, with one administration.
func TestConcurrentDoseRecordedOnce(t *testing.T) {
	t.Parallel()
	for _, eng := range storetest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			e := newSessEnv(t, eng)
			ctx := t.Context()
			ts, err := e.svc.CheckInPatient(ctx, e.nurse, e.iv, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 35,
				Baseline: vitals(122, 78, 72, 98, 14, 0)})
			if err != nil {
				t.Fatal(err)
			}
			in := treatment.DoseInput{DoseMg: 35, ConcentrationMgPerML: 10, VolumeML: 3.5, RateMLPerHour: 155.3, DurationMin: 40,
				LotNumber: "KET-001", LotExpiry: "2027-01-31"}
			var wg sync.WaitGroup
			var mu sync.Mutex
			ok, conflicts := 0, 0
			for range 10 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := e.svc.RecordDose(ctx, e.nurse, ts.ID, in)
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err == nil:
						ok++
					case clinic.ErrorCode(err) == clinic.Conflict:
						conflicts++
					default:
						t.Errorf("unexpected %v", err)
					}
				}()
			}
			wg.Wait()
			as, err := e.db.Reader().Administrations(ctx, e.clinicID, e.iv)
			if err != nil {
				t.Fatal(err)
			}
			if ok != 1 || conflicts != 9 || len(as) != 1 || e.audits(t, service.ActSessionDose, e.iv) != 1 {
				t.Errorf("%d recorded, %d conflicts, %d administrations", ok, conflicts, len(as))
			}
		})
	}
}
