package app_test

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/pk"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/plans"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// planEnv is a clinic with a clinician, a nurse, a patient account and a
// patient of another clinic.
type planEnv struct {
	clock                    *clock
	svc                      *app.App
	db                       *store.DB
	clinicID                 int64
	clinician, nurse, front  service.Actor
	patientActor             service.Actor
	patient, other, stranger int64 // stranger belongs to another clinic
}

func newPlanEnv(t *testing.T, engine store.Engine) planEnv {
	t.Helper()
	ctx := t.Context()
	c := &clock{t: time.Date(2026, 5, 20, 9, 0, 0, 0, time.UTC)}
	db := storetest.Open(t, engine)
	svc := app.New(db.Ports(), service.Config{Passwords: auth.TestParams, Now: c.Now})
	cl, err := svc.EnsureClinic(ctx, "Test")
	if err != nil {
		t.Fatal(err)
	}
	e := planEnv{clock: c, svc: svc, db: db, clinicID: cl.ID}
	sys := service.System(cl.ID)
	mkPatient := func(a service.Actor, mrn, born string) int64 {
		p, err := svc.CreatePatient(ctx, a, record.NewPatient{MRN: mrn, GivenName: "Pat", FamilyName: mrn, Sex: "female",
			BirthDate: born, Conditions: []string{"depression"}})
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	e.patient, e.other = mkPatient(sys, "P-1", "1980-07-01"), mkPatient(sys, "P-2", "1958-01-15")
	mkUser := func(role clinic.Role, email string, patientID int64) service.Actor {
		u, err := svc.CreateUser(ctx, sys, record.NewUser{Email: email, Name: "Test " + string(role), Role: role,
			Password: "a long password", PatientID: patientID})
		if err != nil {
			t.Fatal(err)
		}
		return service.Actor{UserID: u.ID, ClinicID: cl.ID, Role: role, Name: u.Name, PatientID: patientID}
	}
	e.clinician = mkUser(clinic.RoleClinician, "c@example.org", 0)
	e.nurse = mkUser(clinic.RoleNurse, "n@example.org", 0)
	e.front = mkUser(clinic.RoleFrontDesk, "f@example.org", 0)
	e.patientActor = mkUser(clinic.RolePatient, "p@example.org", e.patient)
	var otherClinic int64
	if err := db.WithTx(ctx, func(tx *store.Queries) error {
		otherClinic, err = tx.CreateClinic(ctx, clinic.Clinic{Name: "Other"}, c.Now())
		return err
	}); err != nil {
		t.Fatal(err)
	}
	e.stranger = mkPatient(service.System(otherClinic), "F-1", "1970-01-01")
	return e
}

// ivInput is the IV induction for a 70 kg patient from Monday 1 June 2026,
// Mondays, Wednesdays and Fridays, 10 mg/mL into a 100 mL bag.
func ivInput() plans.PlanInput {
	return plans.PlanInput{TemplateID: "iv-ketamine-induction", WeightKg: 70, Start: "2026-06-01",
		Weekdays: []time.Weekday{time.Monday, time.Wednesday, time.Friday}, ConcentrationMgPerML: 10, DiluentML: 100}
}

func (e planEnv) auditCount(t *testing.T, action service.Action) int {
	t.Helper()
	es, err := e.svc.AuditLog(t.Context(), service.System(e.clinicID), clinic.AuditFilter{Action: string(action), Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

func TestPlanGeneratesDatesAndDoses(t *testing.T) {
	t.Parallel()
	e := newPlanEnv(t, store.SQLite)
	p, err := e.svc.CreatePlan(t.Context(), e.nurse, e.patient, ivInput())
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != record.PlanDraft || p.Version != 1 || p.RootID != p.ID || p.AgeYears != 45 {
		t.Errorf("new plan: status %s version %d root %d (id %d) age %d", p.Status, p.Version, p.RootID, p.ID, p.AgeYears)
	}
	var days []string
	for _, s := range p.Sessions {
		days = append(days, s.Date.Format("01-02"))
	}
	if want := []string{"06-01", "06-03", "06-05", "06-08", "06-10", "06-12"}; !slices.Equal(days, want) {
		t.Errorf("session days %v, want %v", days, want)
	}
	s := p.Sessions[0]
	// 0.5 mg/kg × 70 kg = 35 mg; 35 mg ÷ 10 mg/mL = 3.5 mL; (3.5 + 100) mL over 40 min = 155.25 → 155.3 mL/h.
	if s.DoseMg != 35 || s.MgPerKg != 0.5 || s.VolumeML != 3.5 || s.TotalML != 103.5 || s.RateMLPerHour != 155.3 || s.DurationMin != 40 {
		t.Errorf("first session %+v", s)
	}
	if len(s.Steps) != 3 || s.Steps[0] != "0.5 mg/kg × 70 kg = 35 mg" || !strings.Contains(s.Steps[2], "≈ 155.3 mL/h") {
		t.Errorf("arithmetic shown: %q", s.Steps)
	}
	// What was stored is what was generated.
	got, err := e.svc.PlanView(t.Context(), e.clinician, e.patient, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Plan.Sessions) != 6 || !slices.Equal(got.Plan.Sessions[5].Steps, p.Sessions[5].Steps) ||
		!got.Plan.Sessions[5].Date.Equal(p.Sessions[5].Date) || !slices.Equal(got.Plan.Weekdays, p.Weekdays) {
		t.Errorf("stored plan differs: %+v", got.Plan.Sessions)
	}

	// Esketamine for a 68-year-old: the label's 28 mg first dose, then 56 mg, in 28 mg devices.
	esk := plans.PlanInput{TemplateID: "esketamine-trd", WeightKg: 80, Start: "2026-06-02", Weekdays: []time.Weekday{time.Tuesday, time.Friday},
		ConcentrationMgPerML: 10, DiluentML: 100} // ignored for a nasal spray
	q, err := e.svc.CreatePlan(t.Context(), e.clinician, e.other, esk)
	if err != nil {
		t.Fatal(err)
	}
	if q.AgeYears != 68 || q.Sessions[0].DoseMg != 28 || q.Sessions[0].Devices != 1 || q.Sessions[1].DoseMg != 56 || q.Sessions[1].Devices != 2 ||
		q.ConcentrationMgPerML != 0 || q.Sessions[0].MonitorMin != 120 {
		t.Errorf("esketamine plan: age %d, sessions %+v %+v", q.AgeYears, q.Sessions[0], q.Sessions[1])
	}
}

func TestPlanBadInputChangesNothing(t *testing.T) {
	t.Parallel()
	e := newPlanEnv(t, store.SQLite)
	ctx := t.Context()
	cases := []struct {
		name  string
		edit  func(*plans.PlanInput)
		code  clinic.Code
		words string
	}{
		{"weight", func(in *plans.PlanInput) { in.WeightKg = 7 }, clinic.Invalid, "weight in kg"},
		{"template", func(in *plans.PlanInput) { in.TemplateID = "nope" }, clinic.Invalid, "protocol templates"},
		{"start", func(in *plans.PlanInput) { in.Start = "June" }, clinic.Invalid, "YYYY-MM-DD"},
		{"weekdays", func(in *plans.PlanInput) { in.Weekdays = nil }, clinic.Invalid, "weekdays"},
		{"one weekday cannot keep the IV series within 3 weeks", func(in *plans.PlanInput) { in.Weekdays = []time.Weekday{time.Monday} }, clinic.Invalid, "max_span_days"},
		{"unstocked vial", func(in *plans.PlanInput) { in.ConcentrationMgPerML = 25 }, clinic.Invalid, "not stocked"},
		{"undiluted 100 mg/mL IV", func(in *plans.PlanInput) { in.ConcentrationMgPerML, in.DiluentML = 100, 0 }, clinic.Invalid, "diluted"},
	}
	for _, tc := range cases {
		in := ivInput()
		tc.edit(&in)
		_, err := e.svc.CreatePlan(ctx, e.clinician, e.patient, in)
		if clinic.ErrorCode(err) != tc.code || !strings.Contains(clinic.ErrorMessage(err), tc.words) {
			t.Errorf("%s: %v, want %s mentioning %q", tc.name, err, tc.code, tc.words)
		}
	}
	if _, err := e.svc.CreatePlan(ctx, e.clinician, e.stranger, ivInput()); clinic.ErrorCode(err) != clinic.NotFound {
		t.Errorf("another clinic's patient: %v", err)
	}
	for _, a := range []service.Actor{e.patientActor, e.front} {
		if _, err := e.svc.CreatePlan(ctx, a, e.patient, ivInput()); clinic.ErrorCode(err) != clinic.Forbidden {
			t.Errorf("%s drafting a plan: %v", a.Role, err)
		}
	}
	pp, err := e.svc.PatientPlans(ctx, e.clinician, e.patient)
	if err != nil {
		t.Fatal(err)
	}
	if len(pp.Plans) != 0 || e.auditCount(t, service.ActPlanDraft) != 0 {
		t.Errorf("failed attempts left %d plans and %d audit rows", len(pp.Plans), e.auditCount(t, service.ActPlanDraft))
	}
}

func TestPlanSigningAndAmendments(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			e := newPlanEnv(t, engine)
			ctx := t.Context()
			v1, err := e.svc.CreatePlan(ctx, e.nurse, e.patient, ivInput())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.SignedPlan(ctx, e.front, e.patient); clinic.ErrorCode(err) != clinic.NotFound {
				t.Errorf("a draft is not a signed plan: %v", err)
			}
			// A nurse (or anyone but a clinician) cannot sign.
			for _, a := range []service.Actor{e.nurse, e.front, e.patientActor} {
				if _, err := e.svc.SignPlan(ctx, a, e.patient, v1.ID); clinic.ErrorCode(err) != clinic.Forbidden {
					t.Errorf("%s signed: %v", a.Role, err)
				}
			}
			// A draft may be edited.
			in := ivInput()
			in.WeightKg = 80
			if _, err := e.svc.EditPlan(ctx, e.nurse, e.patient, v1.ID, in); err != nil {
				t.Fatalf("editing a draft: %v", err)
			}
			signed, err := e.svc.SignPlan(ctx, e.clinician, e.patient, v1.ID)
			if err != nil {
				t.Fatal(err)
			}
			if signed.SignedBy != e.clinician.UserID || signed.SignedByName != "Test clinician" || signed.SignedAt.IsZero() {
				t.Errorf("signature not recorded: %+v", signed)
			}
			if _, err := e.svc.SignPlan(ctx, e.clinician, e.patient, v1.ID); clinic.ErrorCode(err) != clinic.Conflict {
				t.Errorf("signing twice: %v", err)
			}
			// A signed plan cannot be edited, and the attempt changes nothing.
			in.WeightKg = 90
			if _, err := e.svc.EditPlan(ctx, e.clinician, e.patient, v1.ID, in); clinic.ErrorCode(err) != clinic.Conflict {
				t.Errorf("editing a signed plan: %v", err)
			}
			cur, err := e.svc.SignedPlan(ctx, e.front, e.patient)
			if err != nil || cur.ID != v1.ID || cur.WeightKg != 80 || cur.Sessions[0].DoseMg != 40 {
				t.Errorf("signed plan after a refused edit: %+v %v", cur, err)
			}
			// Amendments need a reason and are new versions.
			if _, err := e.svc.AmendPlan(ctx, e.nurse, e.patient, v1.ID, in, "  "); clinic.ErrorCode(err) != clinic.Invalid {
				t.Errorf("amendment without a reason: %v", err)
			}
			v2, err := e.svc.AmendPlan(ctx, e.nurse, e.patient, v1.ID, in, "Weight re-measured at 90 kg")
			if err != nil {
				t.Fatal(err)
			}
			if v2.Version != 2 || v2.RootID != v1.ID || v2.Status != record.PlanDraft || v2.Reason != "Weight re-measured at 90 kg" ||
				v2.CreatedByName != "Test nurse" || v2.Sessions[0].DoseMg != 45 {
				t.Errorf("amendment: %+v", v2)
			}
			if _, err := e.svc.AmendPlan(ctx, e.clinician, e.patient, v1.ID, in, "again"); clinic.ErrorCode(err) != clinic.Conflict {
				t.Errorf("a second draft amendment: %v", err)
			}
			// Until the amendment is signed, version 1 stays in force.
			if cur, err := e.svc.SignedPlan(ctx, e.clinician, e.patient); err != nil || cur.ID != v1.ID {
				t.Errorf("in force before signing the amendment: %d %v", cur.ID, err)
			}
			if _, err := e.svc.SignPlan(ctx, e.clinician, e.patient, v2.ID); err != nil {
				t.Fatal(err)
			}
			cur, err = e.svc.SignedPlan(ctx, e.patientActor, e.patient) // a patient may see their own
			if err != nil || cur.ID != v2.ID || cur.Version != 2 {
				t.Errorf("in force after signing the amendment: %+v %v", cur, err)
			}
			view, err := e.svc.PlanView(ctx, e.clinician, e.patient, v1.ID)
			if err != nil {
				t.Fatal(err)
			}
			if view.Plan.Status != record.PlanSuperseded || view.Plan.WeightKg != 80 || len(view.Versions) != 2 {
				t.Errorf("version 1 after the amendment: %s, %g kg, %d versions", view.Plan.Status, view.Plan.WeightKg, len(view.Versions))
			}
			if n := e.auditCount(t, service.ActPlanSign); n != 2 {
				t.Errorf("%d signing audit rows, want 2", n)
			}
			if _, err := e.svc.SignedPlan(ctx, e.patientActor, e.other); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("a patient reading another's plan: %v", err)
			}
			if _, err := e.svc.PlanView(ctx, e.clinician, e.other, v1.ID); clinic.ErrorCode(err) != clinic.NotFound {
				t.Errorf("a plan through another patient's address: %v", err)
			}
		})
	}
}

func TestPlanViewShowsGivenAndCurve(t *testing.T) {
	t.Parallel()
	e := newPlanEnv(t, store.SQLite)
	ctx := t.Context()
	p, err := e.svc.CreatePlan(ctx, e.clinician, e.patient, ivInput())
	if err != nil {
		t.Fatal(err)
	}
	err = e.db.WithTx(ctx, func(tx *store.Queries) error {
		course, err := tx.CreateCourse(ctx, clinic.Course{ClinicID: e.clinicID, PatientID: e.patient, Condition: clinic.Depression,
			Route: clinic.RouteIV, StartedAt: time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)})
		if err != nil {
			return err
		}
		for _, g := range []struct {
			day  int
			dose float64
		}{{25, 20}, {1, 35}, {3, 35.5}} { // 25 May is before the plan: not one of its sessions
			m := time.May
			if g.day < 20 {
				m = time.June
			}
			if _, err := tx.CreateAdministration(ctx, clinic.Administration{ClinicID: e.clinicID, CourseID: course, PatientID: e.patient,
				GivenAt: time.Date(2026, m, g.day, 10, 0, 0, 0, time.UTC), Route: clinic.RouteIV, DoseMg: g.dose, WeightKg: 70}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	v, err := e.svc.PlanView(ctx, e.nurse, e.patient, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Rows) != 6 || v.Rows[0].Given == nil || v.Rows[0].Given.DoseMg != 35 || v.Rows[1].Given.DoseMg != 35.5 || v.Rows[2].Given != nil {
		t.Errorf("planned beside given: %+v", v.Rows[:3])
	}
	if len(v.Estimates) != 1 {
		t.Fatalf("%d estimates for one planned dose", len(v.Estimates))
	}
	est := v.Estimates[0]
	// Clements & Nimmo, 0.5 mg/kg over 40 min: ≈177 ng/mL at the end of the infusion (pk package docs).
	if math.Abs(est.Summary.CmaxNgPerML-177) > 5 || math.Abs(est.Summary.TmaxMin-40) > 0.5 {
		t.Errorf("Cmax %.1f at %.1f min", est.Summary.CmaxNgPerML, est.Summary.TmaxMin)
	}
	if est.Curve[len(est.Curve)-1].Min != est.Hours*60 || est.Hours < est.Summary.Below5PctOfPeakH || len(est.Sources) == 0 {
		t.Errorf("curve runs to %g min over %g h; below 5%% at %g h", est.Curve[len(est.Curve)-1].Min, est.Hours, est.Summary.Below5PctOfPeakH)
	}
	if _, err := e.svc.PlanView(ctx, e.patientActor, e.patient, p.ID); clinic.ErrorCode(err) != clinic.Forbidden {
		t.Errorf("the staff plan page for a patient: %v", err)
	}
}

func TestComparePKAndExpect(t *testing.T) {
	t.Parallel()
	e := newPlanEnv(t, store.SQLite)
	ctx := t.Context()
	if _, err := e.svc.ComparePK(ctx, e.clinician, e.patient, 0); clinic.ErrorCode(err) != clinic.Invalid {
		t.Errorf("no weight on record: %v", err)
	}
	c, err := e.svc.ComparePK(ctx, e.clinician, e.patient, 70)
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := c.ByDose[0].Summary, c.ByDose[1].Summary
	if r := hi.CmaxNgPerML / lo.CmaxNgPerML; math.Abs(r-1.5) > 0.01 { // a linear model: 0.75/0.5
		t.Errorf("Cmax ratio 0.75/0.5 mg/kg = %.3f", r)
	}
	iv, im, sl := c.ByRoute[0].Summary, c.ByRoute[1].Summary, c.ByRoute[2].Summary
	if !(im.TmaxMin < iv.TmaxMin && sl.TmaxMin > im.TmaxMin && sl.CmaxNgPerML < im.CmaxNgPerML && sl.AUCNgHPerML < 0.4*iv.AUCNgHPerML) {
		t.Errorf("routes: IV %+v IM %+v SL %+v", iv, im, sl)
	}
	for _, es := range [][]pk.ConcentrationEstimate{c.ByDose, c.ByRoute} {
		for _, x := range es {
			if x.Hours != es[0].Hours || len(x.Curve) != len(es[0].Curve) {
				t.Errorf("%s: %g h, %d points; the chart shares %g h", x.Label, x.Hours, len(x.Curve), es[0].Hours)
			}
		}
	}
	if _, err := e.svc.ComparePK(ctx, e.front, e.patient, 70); clinic.ErrorCode(err) != clinic.Forbidden {
		t.Errorf("front desk comparison: %v", err)
	}

	x, err := e.svc.Expect(ctx, e.patientActor, e.patient)
	if err != nil || x.Plan != nil {
		t.Fatalf("before a signed plan: %+v %v", x.Plan, err)
	}
	p, err := e.svc.CreatePlan(ctx, e.clinician, e.patient, ivInput())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SignPlan(ctx, e.clinician, e.patient, p.ID); err != nil {
		t.Fatal(err)
	}
	if x, err = e.svc.Expect(ctx, e.patientActor, e.patient); err != nil || x.Plan == nil {
		t.Fatalf("with a signed plan: %v", err)
	}
	// Monitoring: the template says 30 min, the clinic's discharge rule 60
	// min after the infusion (session.DefaultDischargeRules): the page
	// promises the longer, never less than the clinic does.
	if x.PeakAfterMin != 40 || x.MonitorMin != 60 || x.MostGoneAfterH < 8 || x.MostGoneAfterH > 16 || x.FirstDay != "Monday 1 June 2026" {
		t.Errorf("expectation: peak %d min, gone %g h, monitor %d, first %q", x.PeakAfterMin, x.MostGoneAfterH, x.MonitorMin, x.FirstDay)
	}
	if _, err := e.svc.Expect(ctx, e.patientActor, e.other); clinic.ErrorCode(err) != clinic.Forbidden {
		t.Errorf("a patient reading another's expectations: %v", err)
	}
	if n := e.auditCount(t, service.ActExpect); n != 2 {
		t.Errorf("%d expectation reads audited, want 2", n)
	}
}

// Two amendments of the same signed plan at the same moment: exactly one
// becomes version 2, the other is told of the conflict.
func TestConcurrentAmendmentsOneWins(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			e := newPlanEnv(t, engine)
			ctx := t.Context()
			v1, err := e.svc.CreatePlan(ctx, e.clinician, e.patient, ivInput())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.SignPlan(ctx, e.clinician, e.patient, v1.ID); err != nil {
				t.Fatal(err)
			}
			errs := make(chan error, 2)
			for _, a := range []service.Actor{e.clinician, e.nurse} {
				go func() {
					_, err := e.svc.AmendPlan(ctx, a, e.patient, v1.ID, ivInput(), "new weekdays")
					errs <- err
				}()
			}
			var ok, conflict int
			for range 2 {
				switch err := <-errs; clinic.ErrorCode(err) {
				case clinic.Conflict:
					conflict++
				default:
					if err != nil {
						t.Errorf("amendment: %v", err)
					}
					ok++
				}
			}
			pp, err := e.svc.PatientPlans(ctx, e.clinician, e.patient)
			if err != nil {
				t.Fatal(err)
			}
			if ok != 1 || conflict != 1 || len(pp.Plans) != 2 || pp.Plans[1].Version != 2 {
				t.Errorf("%d succeeded, %d conflicted, %d versions stored", ok, conflict, len(pp.Plans))
			}
		})
	}
}
