package app_test

import (
	"slices"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/screening"
	"onset/internal/service"
	"onset/internal/service/booking"
	"onset/internal/service/patients"
	"onset/internal/service/worklist"
	"onset/internal/store/storetest"
)

// intakeForm is a complete, eligible intake: normal blood pressure, not
// pregnant, no history flags.
func intakeForm() patients.IntakeInput {
	return patients.IntakeInput{WeightKg: "70", HeightCm: "170", Conditions: []string{"depression", "anxiety"},
		Medications: "sertraline 100 mg\nmetformin", Pregnant: "no", Systolic: "124", Diastolic: "78", HeartRate: "72",
		ConsentName: "Pat P-1", ConsentAgreed: true, ConsentVersion: record.ConsentVersion}
}

func TestIntakeSavedScreenedAndAudited(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newPlanEnv(t, engine)
			ctx := t.Context()
			in, err := e.svc.RecordIntake(ctx, e.nurse, e.patient, intakeForm())
			if err != nil {
				t.Fatal(err)
			}
			if in.Version != 1 || !in.Eligible || len(in.Excludes()) != 0 || in.Source != "staff" {
				t.Errorf("intake %+v: want version 1, eligible, staff", in)
			}
			if !slices.Equal(in.Unrecognized, []string{"metformin"}) {
				t.Errorf("unrecognized %q, want [metformin]", in.Unrecognized)
			}
			if e.auditCount(t, service.ActIntakeRecord) != 1 {
				t.Error("intake save not audited")
			}
			// A second version with a high blood pressure and a benzodiazepine;
			// the patient's conditions follow the latest intake.
			f := intakeForm()
			f.Systolic, f.Diastolic, f.Medications, f.Conditions = "185", "115", "Ativan 1 mg", []string{"ptsd"}
			in2, err := e.svc.RecordIntake(ctx, e.patientActor, e.patient, f)
			if err != nil {
				t.Fatal(err)
			}
			if in2.Version != 2 || in2.Eligible || in2.Source != "portal" {
				t.Errorf("second intake: version %d eligible %v source %s", in2.Version, in2.Eligible, in2.Source)
			}
			pg, err := e.svc.IntakeForPatient(ctx, e.clinician, e.patient)
			if err != nil {
				t.Fatal(err)
			}
			if len(pg.Intakes) != 2 || pg.Intakes[0].ID != in2.ID || pg.Intakes[1].ID != in.ID {
				t.Fatalf("history: %d intakes, newest %d; want 2 with %d first", len(pg.Intakes), pg.Intakes[0].ID, in2.ID)
			}
			got := pg.Intakes[0]
			var rules []string
			for _, fd := range got.Findings {
				rules = append(rules, fd.Rule+":"+fd.Severity)
				if fd.Source == "" || fd.Message == "" {
					t.Errorf("finding %s stored without message or source", fd.Rule)
				}
			}
			want := []string{string(screening.RuleBPUncontrolled) + ":exclude", string(screening.RuleMedBenzodiazepine) + ":caution"}
			if !slices.Equal(rules, want) {
				t.Errorf("stored findings %v, want %v", rules, want)
			}
			if got.SystolicBP != 185 || got.DiastolicBP != 115 || got.WeightKg != 70 || got.ConsentName != "Pat P-1" ||
				got.ConsentVersion != record.ConsentVersion || got.ConsentAt.IsZero() || !slices.Equal(got.Medications, []string{"Ativan 1 mg"}) {
				t.Errorf("stored intake %+v", got)
			}
			if !pg.State.Blocked || pg.State.Latest.ID != in2.ID {
				t.Errorf("state %+v: want blocked on the latest intake", pg.State)
			}
			if !slices.Equal(pg.Patient.Conditions, []clinic.Condition{clinic.PTSD}) {
				t.Errorf("patient conditions %v, want [ptsd]", pg.Patient.Conditions)
			}
			if e.auditCount(t, service.ActIntakeRecord) != 2 || e.auditCount(t, service.ActIntakeRead) != 1 {
				t.Error("want two intake.record and one intake.read audit rows")
			}
		})
	}
}

func TestIntakeRefusesBadInput(t *testing.T) {
	t.Parallel()
	e := newPlanEnv(t, "sqlite")
	ctx := t.Context()
	cases := []struct {
		name string
		edit func(*patients.IntakeInput)
		want string
	}{
		{"no weight", func(f *patients.IntakeInput) { f.WeightKg = "" }, "Enter the weight"},
		{"weight implausible", func(f *patients.IntakeInput) { f.WeightKg = "7000" }, "between 20 and 300"},
		{"no consent tick", func(f *patients.IntakeInput) { f.ConsentAgreed = false }, "Tick the box"},
		{"no signature", func(f *patients.IntakeInput) { f.ConsentName = "  " }, "Type the full name"},
		{"old consent", func(f *patients.IntakeInput) { f.ConsentVersion = "2020-01 v0" }, "consent text has changed"},
		{"one-sided blood pressure", func(f *patients.IntakeInput) { f.Diastolic = "" }, "both systolic and diastolic"},
		{"diastolic above systolic", func(f *patients.IntakeInput) { f.Systolic, f.Diastolic = "80", "120" }, "diastolic must be below"},
		{"unknown condition", func(f *patients.IntakeInput) { f.Conditions = []string{"flu"} }, "Unknown condition"},
		{"bad pregnancy", func(f *patients.IntakeInput) { f.Pregnant = "maybe" }, "Pregnancy must be"},
	}
	for _, tc := range cases {
		f := intakeForm()
		tc.edit(&f)
		_, err := e.svc.RecordIntake(ctx, e.nurse, e.patient, f)
		if clinic.ErrorCode(err) != clinic.Invalid || !strings.Contains(clinic.ErrorMessage(err), tc.want) {
			t.Errorf("%s: %v; want invalid containing %q", tc.name, err, tc.want)
		}
	}
	if n := e.auditCount(t, service.ActIntakeRecord); n != 0 {
		t.Errorf("%d audit rows for refused intakes", n)
	}
	// Front desk may not record clinical history; a patient only their own.
	if _, err := e.svc.RecordIntake(ctx, e.front, e.patient, intakeForm()); clinic.ErrorCode(err) != clinic.Forbidden {
		t.Errorf("front desk: %v", err)
	}
	if _, err := e.svc.RecordIntake(ctx, e.patientActor, e.other, intakeForm()); clinic.ErrorCode(err) != clinic.Forbidden {
		t.Errorf("patient for another: %v", err)
	}
	if _, err := e.svc.RecordIntake(ctx, e.nurse, e.stranger, intakeForm()); clinic.ErrorCode(err) != clinic.NotFound {
		t.Errorf("another clinic's patient: %v", err)
	}
	pg, err := e.svc.IntakeForPatient(ctx, e.nurse, e.patient)
	if err != nil {
		t.Fatal(err)
	}
	if len(pg.Intakes) != 0 || pg.State.HasIntake {
		t.Errorf("refused intakes stored: %d", len(pg.Intakes))
	}
}

// The gate: a failed screen blocks treatment bookings (not consultations)
// until a clinician overrides it; a new intake with a new exclusion blocks
// again.
func TestScreeningGateBlocksTreatmentUntilOverride(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newBookingEnv(t, engine)
			ctx := t.Context()
			e.signIV(t, e.patient)
			infusion := func(day string) booking.BookingInput {
				return booking.BookingInput{PatientID: e.patient, Kind: schedule.Infusion, Start: berlin(t, day+" 10:00")}
			}
			// No intake yet: allowed (the booking page warns).
			st, err := e.svc.ScreeningStatus(ctx, e.front, e.patient)
			if err != nil || st.HasIntake || st.Blocked {
				t.Fatalf("no intake: %+v %v", st, err)
			}
			if _, err := e.svc.BookAppointment(ctx, e.front, infusion("2026-06-01")); err != nil {
				t.Fatalf("booking without an intake: %v", err)
			}
			f := intakeForm()
			f.Systolic, f.Diastolic = "185", "115"
			bad, err := e.svc.RecordIntake(ctx, e.nurse, e.patient, f)
			if err != nil {
				t.Fatal(err)
			}
			booked := e.auditCount(t, service.ActAppointmentBook)
			_, err = e.svc.BookAppointment(ctx, e.front, infusion("2026-06-03"))
			wantCode(t, err, clinic.Conflict, "record an override with a written reason")
			if !strings.Contains(err.Error(), "Blood pressure 185/115 mmHg is above 180/110") {
				t.Errorf("the refusal does not name the finding: %v", err)
			}
			_, err = e.svc.BookSeries(ctx, e.front, []booking.BookingInput{infusion("2026-06-03"), infusion("2026-06-05")})
			wantCode(t, err, clinic.Conflict, "eligibility screening")
			_, err = e.svc.FindPlanSlots(ctx, e.front, e.patient, berlin(t, "2026-06-02 08:00"), 2, 0, 0)
			wantCode(t, err, clinic.Conflict, "eligibility screening")
			if n := e.auditCount(t, service.ActAppointmentBook); n != booked {
				t.Errorf("refused bookings audited: %d → %d", booked, n)
			}
			// Consultations are never blocked.
			if _, err := e.svc.BookAppointment(ctx, e.front, booking.BookingInput{PatientID: e.patient, Kind: schedule.Consultation,
				Start: berlin(t, "2026-06-02 09:00")}); err != nil {
				t.Fatalf("consultation blocked: %v", err)
			}
			// Only a clinician overrides, with a reason, of the latest intake.
			if _, err := e.svc.OverrideScreening(ctx, e.nurse, e.patient, bad.ID, "rechecked"); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("nurse override: %v", err)
			}
			if _, err := e.svc.OverrideScreening(ctx, e.clinician, e.patient, bad.ID, "  "); clinic.ErrorCode(err) != clinic.Invalid {
				t.Errorf("override without a reason: %v", err)
			}
			if n := e.auditCount(t, service.ActScreeningOverride); n != 0 {
				t.Errorf("%d override audit rows after refusals", n)
			}
			// Until it is overridden, the failed screen is on the prescriber's worklist.
			onWorklist := func() bool {
				items, err := e.svc.WorkItems(ctx, e.clinician)
				if err != nil {
					t.Fatal(err)
				}
				return slices.ContainsFunc(items, func(it worklist.Item) bool {
					return it.Kind == "review screening" && it.PatientID == e.patient
				})
			}
			if !onWorklist() {
				t.Error("the failed screen is not on the clinician's worklist")
			}
			o, err := e.svc.OverrideScreening(ctx, e.clinician, e.patient, bad.ID, "Rechecked after 10 min rest: 150/92. Hypertension treated by GP.")
			if err != nil {
				t.Fatal(err)
			}
			if onWorklist() {
				t.Error("an overridden screen is still on the worklist")
			}
			if o.ClinicianName != "Test clinician" || e.auditCount(t, service.ActScreeningOverride) != 1 {
				t.Errorf("override %+v not recorded or not audited", o)
			}
			_, err = e.svc.OverrideScreening(ctx, e.clinician, e.patient, bad.ID, "again")
			wantCode(t, err, clinic.Conflict, "already overrode")
			if _, err := e.svc.BookAppointment(ctx, e.front, infusion("2026-06-03")); err != nil {
				t.Fatalf("booking after the override: %v", err)
			}
			// A new intake with a new exclusion blocks again; the old override does not carry over.
			f = intakeForm()
			f.Pregnant = "yes"
			newer, err := e.svc.RecordIntake(ctx, e.clinician, e.patient, f)
			if err != nil {
				t.Fatal(err)
			}
			_, err = e.svc.BookAppointment(ctx, e.front, infusion("2026-06-05"))
			wantCode(t, err, clinic.Conflict, "Pregnant")
			_, err = e.svc.OverrideScreening(ctx, e.clinician, e.patient, bad.ID, "stale page")
			wantCode(t, err, clinic.Conflict, "newer intake")
			// An eligible intake unblocks without any override.
			if _, err := e.svc.RecordIntake(ctx, e.clinician, e.patient, intakeForm()); err != nil {
				t.Fatal(err)
			}
			_, err = e.svc.OverrideScreening(ctx, e.clinician, e.patient, newer.ID+1, "nothing")
			wantCode(t, err, clinic.Conflict, "nothing to override")
			if _, err := e.svc.BookAppointment(ctx, e.front, infusion("2026-06-05")); err != nil {
				t.Fatalf("booking after an eligible intake: %v", err)
			}
		})
	}
}

// The plan form starts from the weight the intake recorded.
func TestPlanFormStartsFromTheIntakesWeight(t *testing.T) {
	t.Parallel()
	e := newPlanEnv(t, "sqlite")
	ctx := t.Context()
	clin := e.clinician
	if pp, err := e.svc.PatientPlans(ctx, clin, e.patient); err != nil || pp.IntakeWeightKg != 0 {
		t.Fatalf("no intake: %v %v", pp.IntakeWeightKg, err)
	}
	f := intakeForm()
	f.WeightKg = "82.5"
	if _, err := e.svc.RecordIntake(ctx, clin, e.patient, f); err != nil {
		t.Fatal(err)
	}
	if pp, err := e.svc.PatientPlans(ctx, clin, e.patient); err != nil || pp.IntakeWeightKg != 82.5 {
		t.Errorf("after the intake: %v %v", pp.IntakeWeightKg, err)
	}
}
