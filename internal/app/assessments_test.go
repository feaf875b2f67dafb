package app_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/scales"
	"onset/internal/service"
	"onset/internal/service/measurement"
	"onset/internal/service/outreach"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// menv is a service on a fresh database with a clinic, one patient with a
// course that started a day ago, and a staff user.
type menv struct {
	svc     *app.App
	db      *store.DB
	clock   *clock
	clinic  int64
	patient int64
	course  int64
	nurse   service.Actor
}

func newMEnv(t testing.TB, engine store.Engine) menv {
	t.Helper()
	ctx := t.Context()
	c := &clock{t: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}
	db := storetest.Open(t, engine)
	svc := app.New(db.Ports(), service.Config{Passwords: auth.TestParams, Now: c.Now})
	cl, err := svc.EnsureClinic(ctx, "Test")
	if err != nil {
		t.Fatal(err)
	}
	sys := service.System(cl.ID)
	p, err := svc.CreatePatient(ctx, sys, record.NewPatient{MRN: "M-1", GivenName: "Robin", FamilyName: "Example",
		Sex: "female", BirthDate: "1980-01-01", Email: "robin@example.org", Conditions: []string{"depression"}})
	if err != nil {
		t.Fatal(err)
	}
	u, err := svc.CreateUser(ctx, sys, record.NewUser{Email: "nurse@example.org", Name: "Nurse N", Role: clinic.RoleNurse, Password: "a long password"})
	if err != nil {
		t.Fatal(err)
	}
	e := menv{svc: svc, db: db, clock: c, clinic: cl.ID, patient: p.ID,
		nurse: service.Actor{UserID: u.ID, ClinicID: cl.ID, Role: clinic.RoleNurse, Name: u.Name, Address: "10.0.0.1"}}
	t0 := c.Now().Add(-24 * time.Hour)
	err = db.WithTx(ctx, func(tx *store.Queries) error {
		if e.course, err = tx.CreateCourse(ctx, clinic.Course{ClinicID: cl.ID, PatientID: p.ID, Condition: clinic.Depression,
			Route: clinic.RouteIV, StartedAt: t0}); err != nil {
			return err
		}
		_, err := tx.CreateAdministration(ctx, clinic.Administration{ClinicID: cl.ID, CourseID: e.course, PatientID: p.ID,
			GivenAt: t0, Route: clinic.RouteIV, DoseMg: 35, WeightKg: 70})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// counts returns the number of assessments, alerts and audit rows.
func (e menv) counts(t testing.TB) (assessments, alerts, audit int) {
	t.Helper()
	r := e.db.Reader()
	as, err := r.Assessments(t.Context(), e.clinic, e.patient)
	if err != nil {
		t.Fatal(err)
	}
	al, err := r.PatientSafetyAlerts(t.Context(), e.clinic, e.patient)
	if err != nil {
		t.Fatal(err)
	}
	au, err := r.Audit(t.Context(), clinic.AuditFilter{ClinicID: e.clinic, Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	return len(as), len(al), len(au)
}

var phqNoRisk = []int{2, 2, 1, 1, 2, 1, 1, 2, 0}
var phqRisk = []int{2, 2, 1, 1, 2, 1, 1, 2, 2}

func TestRecordAssessment(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newMEnv(t, engine)
			ctx := t.Context()
			rec, err := e.svc.RecordAssessment(ctx, e.nurse, measurement.NewAssessment{PatientID: e.patient, Instrument: "phq9",
				Answers: phqNoRisk, Source: measurement.SourceStaff})
			if err != nil {
				t.Fatal(err)
			}
			if rec.Assessment.Total != 12 || rec.Result.Severity != "moderate" || len(rec.Alerts) != 0 || rec.Assessment.Source != "staff" {
				t.Fatalf("recorded %+v", rec)
			}
			n, al, au := e.counts(t)
			if n != 1 || al != 0 {
				t.Fatalf("%d assessments, %d alerts", n, al)
			}
			rec, err = e.svc.RecordAssessment(ctx, e.nurse, measurement.NewAssessment{PatientID: e.patient, Instrument: "phq9",
				Answers: phqRisk, Source: measurement.SourceStaff})
			if err != nil {
				t.Fatal(err)
			}
			if len(rec.Alerts) != 1 || rec.Alerts[0].Kind != record.AlertSuicidality || !strings.Contains(rec.Alerts[0].Detail, "item 9") {
				t.Fatalf("alerts %+v", rec.Alerts)
			}
			n2, al2, au2 := e.counts(t)
			if n2 != 2 || al2 != 1 || au2 != au+2 { // the assessment's audit row and the alert's
				t.Fatalf("after risk: %d assessments, %d alerts, audit %d → %d", n2, al2, au, au2)
			}
			// C-SSRS high risk raises an alert too.
			rec, err = e.svc.RecordAssessment(ctx, e.nurse, measurement.NewAssessment{PatientID: e.patient, Instrument: "cssrs-screener",
				Answers: []int{1, 1, 1, 1, 0, 0}, Source: measurement.SourceStaff})
			if err != nil || len(rec.Alerts) != 1 || rec.Alerts[0].Kind != record.AlertCSSRSHigh {
				t.Fatalf("cssrs: %v %+v", err, rec.Alerts)
			}
			n, al, au = e.counts(t)

			bad := []struct {
				name string
				a    service.Actor
				in   measurement.NewAssessment
				code clinic.Code
			}{
				{"too few answers", e.nurse, measurement.NewAssessment{PatientID: e.patient, Instrument: "phq9", Answers: []int{1, 2}, Source: "staff"}, clinic.Invalid},
				{"out of range", e.nurse, measurement.NewAssessment{PatientID: e.patient, Instrument: "phq9", Answers: []int{1, 2, 3, 4, 0, 0, 0, 0, 0}, Source: "staff"}, clinic.Invalid},
				{"unknown instrument", e.nurse, measurement.NewAssessment{PatientID: e.patient, Instrument: "phq10", Answers: phqRisk, Source: "staff"}, clinic.Invalid},
				{"future", e.nurse, measurement.NewAssessment{PatientID: e.patient, Instrument: "phq9", Answers: phqRisk, Source: "staff", TakenAt: e.clock.Now().Add(time.Hour)}, clinic.Invalid},
				{"bad source", e.nurse, measurement.NewAssessment{PatientID: e.patient, Instrument: "phq9", Answers: phqRisk, Source: "fax"}, clinic.Invalid},
				{"unknown patient", e.nurse, measurement.NewAssessment{PatientID: 9999, Instrument: "phq9", Answers: phqRisk, Source: "staff"}, clinic.NotFound},
				{"another patient", service.Actor{ClinicID: e.clinic, Role: clinic.RolePatient, PatientID: e.patient + 1},
					measurement.NewAssessment{PatientID: e.patient, Instrument: "phq9", Answers: phqRisk, Source: "portal"}, clinic.Forbidden},
				{"other clinic", service.Actor{ClinicID: e.clinic + 1, Role: clinic.RoleNurse, UserID: e.nurse.UserID},
					measurement.NewAssessment{PatientID: e.patient, Instrument: "phq9", Answers: phqRisk, Source: "staff"}, clinic.NotFound},
			}
			for _, tc := range bad {
				_, err := e.svc.RecordAssessment(ctx, tc.a, tc.in)
				if clinic.ErrorCode(err) != tc.code {
					t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
				}
			}
			if n2, al2, au2 := e.counts(t); n2 != n || al2 != al || au2 != au {
				t.Errorf("bad input changed something: %d/%d/%d → %d/%d/%d", n, al, au, n2, al2, au2)
			}
		})
	}
}

func TestIdempotencyKey(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newMEnv(t, engine)
			ctx := t.Context()
			in := measurement.NewAssessment{PatientID: e.patient, Instrument: "phq9", Answers: phqRisk, Source: measurement.SourceAPI,
				IdempotencyKey: "k-1"}
			first, err := e.svc.RecordAssessment(ctx, e.nurse, in)
			if err != nil || first.Replayed {
				t.Fatalf("first: %v %+v", err, first)
			}
			n, al, _ := e.counts(t)
			again, err := e.svc.RecordAssessment(ctx, e.nurse, in)
			if err != nil || !again.Replayed || again.Assessment.ID != first.Assessment.ID || again.Assessment.Total != first.Assessment.Total {
				t.Fatalf("retry: %v %+v", err, again)
			}
			if len(again.Alerts) != 1 || again.Alerts[0].ID != first.Alerts[0].ID {
				t.Errorf("retry alerts %+v, want the first's", again.Alerts)
			}
			if n2, al2, _ := e.counts(t); n2 != n || al2 != al {
				t.Fatalf("retry stored something: %d/%d → %d/%d", n, al, n2, al2)
			}
			other := in
			other.Answers = phqNoRisk
			if _, err := e.svc.RecordAssessment(ctx, e.nurse, other); clinic.ErrorCode(err) != clinic.Conflict {
				t.Errorf("key reused for other answers: %v, want conflict", err)
			}
			// Another user may use the same key for their own submission.
			sys := service.System(e.clinic)
			u, err := e.svc.CreateUser(ctx, sys, record.NewUser{Email: "n2@example.org", Role: clinic.RoleNurse, Password: "a long password"})
			if err != nil {
				t.Fatal(err)
			}
			second, err := e.svc.RecordAssessment(ctx, service.Actor{UserID: u.ID, ClinicID: e.clinic, Role: clinic.RoleNurse}, in)
			if err != nil || second.Replayed || second.Assessment.ID == first.Assessment.ID {
				t.Errorf("other user's key: %v %+v", err, second)
			}
			if n3, _, _ := e.counts(t); n3 != n+1 {
				t.Errorf("%d assessments, want %d", n3, n+1)
			}
		})
	}
}

// recorder is a Sender that keeps what it was given.
type recorder struct {
	mu   sync.Mutex
	msgs []outreach.Message
	fail bool
}

func (r *recorder) Send(_ context.Context, m outreach.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail {
		return errors.New("gateway down")
	}
	r.msgs = append(r.msgs, m)
	return nil
}

func tokenOf(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, "/q/")
	if i < 0 {
		t.Fatalf("no link in %q", body)
	}
	return strings.Fields(body[i+3:])[0]
}

func TestQuestionnaireLinks(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newMEnv(t, engine)
			ctx := t.Context()
			issued, err := e.svc.CreateLink(ctx, e.nurse, measurement.NewLink{PatientID: e.patient, Instrument: "phq9", Reason: "check-in"})
			if err != nil || !issued.Queued || issued.Token == "" {
				t.Fatalf("create: %v %+v", err, issued)
			}
			if issued.Link.TokenHash == issued.Token || strings.Contains(issued.Link.TokenHash, issued.Token) {
				t.Fatal("token stored in the clear")
			}
			if _, err := e.svc.CreateLink(ctx, e.nurse, measurement.NewLink{PatientID: e.patient, Instrument: "madrs"}); clinic.ErrorCode(err) != clinic.Invalid {
				t.Errorf("clinician-rated link: %v", err)
			}
			form, err := e.svc.OpenLink(ctx, issued.Token, "10.0.0.9", "r1")
			if err != nil || form.FirstName != "Robin" || form.Instrument.ID != "phq9" {
				t.Fatalf("open: %v %+v", err, form)
			}
			// Deliver the invitation; the message carries the link.
			rec := &recorder{}
			rep, err := e.svc.RunOutbox(ctx, outreach.OutboxOptions{BaseURL: "https://clinic.example", Sender: rec})
			if err != nil || rep.Sent != 1 {
				t.Fatalf("outbox: %v %+v", err, rep)
			}
			if got := tokenOf(t, rec.msgs[0].Body); got != issued.Token || rec.msgs[0].Recipient != "robin@example.org" {
				t.Fatalf("message %+v", rec.msgs[0])
			}
			n, al, au := e.counts(t)
			// Invalid answers change nothing and leave the link open.
			if _, err := e.svc.SubmitLink(ctx, issued.Token, []int{1, 2, 3}, "10.0.0.9", "r2"); clinic.ErrorCode(err) != clinic.Invalid {
				t.Fatalf("short answers: %v", err)
			}
			if n2, al2, au2 := e.counts(t); n2 != n || al2 != al || au2 != au {
				t.Fatal("invalid answers changed something")
			}
			// Tampered token.
			tampered := issued.Token[:len(issued.Token)-1] + "A"
			if tampered == issued.Token {
				tampered = issued.Token[:len(issued.Token)-1] + "B"
			}
			for _, tok := range []string{tampered, "", "nonsense"} {
				if _, err := e.svc.SubmitLink(ctx, tok, phqRisk, "", ""); clinic.ErrorCode(err) != clinic.NotFound {
					t.Errorf("token %q: %v, want not found", tok, err)
				}
			}
			got, err := e.svc.SubmitLink(ctx, issued.Token, phqRisk, "10.0.0.9", "r3")
			if err != nil || got.Assessment.Source != measurement.SourceLink || len(got.Alerts) != 1 {
				t.Fatalf("submit: %v %+v", err, got)
			}
			n, al, au = e.counts(t)
			if _, err := e.svc.SubmitLink(ctx, issued.Token, phqNoRisk, "", ""); clinic.ErrorCode(err) != clinic.Conflict ||
				!strings.Contains(clinic.ErrorMessage(err), "already been answered") {
				t.Errorf("reuse: %v", err)
			}
			if _, err := e.svc.OpenLink(ctx, issued.Token, "", ""); clinic.ErrorCode(err) != clinic.Conflict {
				t.Errorf("open after use: %v", err)
			}
			if n2, al2, au2 := e.counts(t); n2 != n || al2 != al || au2 != au {
				t.Error("reuse changed something")
			}
			// The reminder was cancelled when the link was answered.
			ms, err := e.svc.Outbox(ctx, e.nurse, 10)
			if err != nil {
				t.Fatal(err)
			}
			statuses := map[string]string{}
			for _, m := range ms {
				statuses[m.Kind] = m.Status
				if m.Token != "" {
					t.Error("outbox listing shows a token")
				}
			}
			if statuses["invite"] != record.OutboxSent || statuses["reminder"] != record.OutboxCancelled {
				t.Errorf("outbox statuses %v", statuses)
			}
			// Expiry.
			late, err := e.svc.CreateLink(ctx, e.nurse, measurement.NewLink{PatientID: e.patient, Instrument: "gad7"})
			if err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(scales.LinkLifetime)
			if _, err := e.svc.SubmitLink(ctx, late.Token, []int{1, 1, 1, 1, 1, 1, 1}, "", ""); clinic.ErrorCode(err) != clinic.Conflict ||
				!strings.Contains(clinic.ErrorMessage(err), "expired") {
				t.Errorf("expired: %v", err)
			}
			rep, err = e.svc.RunOutbox(ctx, outreach.OutboxOptions{Sender: rec})
			if err != nil || rep.Expired != 2 {
				t.Errorf("expiry run: %v %+v", err, rep)
			}
		})
	}
}

func TestPortalAnswerClosesOpenLink(t *testing.T) {
	t.Parallel()
	e := newMEnv(t, store.SQLite)
	ctx := t.Context()
	issued, err := e.svc.CreateLink(ctx, e.nurse, measurement.NewLink{PatientID: e.patient, Instrument: "phq9"})
	if err != nil {
		t.Fatal(err)
	}
	pat := service.Actor{ClinicID: e.clinic, Role: clinic.RolePatient, PatientID: e.patient}
	rec, err := e.svc.RecordAssessment(ctx, pat, measurement.NewAssessment{PatientID: e.patient, Instrument: "phq9",
		Answers: phqNoRisk, Source: measurement.SourceStaff})
	if err != nil || rec.Assessment.Source != measurement.SourcePortal || len(rec.ClosedLinks) != 1 {
		t.Fatalf("portal: %v %+v", err, rec)
	}
	if _, err := e.svc.SubmitLink(ctx, issued.Token, phqNoRisk, "", ""); clinic.ErrorCode(err) != clinic.Conflict {
		t.Errorf("link after portal answer: %v", err)
	}
}

func TestSafetyAlerts(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newMEnv(t, engine)
			ctx := t.Context()
			rec, err := e.svc.RecordAssessment(ctx, e.nurse, measurement.NewAssessment{PatientID: e.patient, Instrument: "phq9",
				Answers: phqRisk, Source: measurement.SourceStaff})
			if err != nil {
				t.Fatal(err)
			}
			id := rec.Alerts[0].ID
			open, err := e.svc.OpenAlerts(ctx, e.nurse)
			if err != nil || len(open) != 1 || open[0].PatientName != "Robin Example" {
				t.Fatalf("open: %v %+v", err, open)
			}
			desk := service.Actor{ClinicID: e.clinic, Role: clinic.RoleFrontDesk, UserID: 99}
			if _, err := e.svc.AcknowledgeAlert(ctx, desk, id, "seen"); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("front desk: %v", err)
			}
			if _, err := e.svc.AcknowledgeAlert(ctx, e.nurse, id, "   "); clinic.ErrorCode(err) != clinic.Invalid {
				t.Errorf("empty note: %v", err)
			}
			other := service.Actor{ClinicID: e.clinic + 1, Role: clinic.RoleNurse, UserID: e.nurse.UserID}
			if _, err := e.svc.AcknowledgeAlert(ctx, other, id, "x"); clinic.ErrorCode(err) != clinic.NotFound {
				t.Errorf("other clinic: %v", err)
			}
			before := e.auditCount(t, "alert.acknowledge")
			al, err := e.svc.AcknowledgeAlert(ctx, e.nurse, id, "Called the patient; safe, seen tomorrow.")
			if err != nil || al.Open() || al.Note == "" {
				t.Fatalf("ack: %v %+v", err, al)
			}
			if got := e.auditCount(t, "alert.acknowledge"); got != before+1 {
				t.Errorf("audit rows %d → %d", before, got)
			}
			if _, err := e.svc.AcknowledgeAlert(ctx, e.nurse, id, "again"); clinic.ErrorCode(err) != clinic.Conflict {
				t.Errorf("second ack: %v", err)
			}
			open, _ = e.svc.OpenAlerts(ctx, e.nurse)
			all, err := e.svc.PatientAlerts(ctx, e.nurse, e.patient)
			if len(open) != 0 || err != nil || len(all) != 1 || all[0].Open() || all[0].AcknowledgerName != "Nurse N" ||
				all[0].Note != "Called the patient; safe, seen tomorrow." {
				t.Errorf("after ack: open %d, record %+v (%v)", len(open), all, err)
			}
		})
	}
}

func (e menv) auditCount(t testing.TB, action string) int {
	t.Helper()
	au, err := e.db.Reader().Audit(t.Context(), clinic.AuditFilter{ClinicID: e.clinic, Action: action, Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	return len(au)
}

func TestScheduleRuns(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newMEnv(t, engine) // the session was 24 h ago: the post-session questionnaire is due
			ctx := t.Context()
			rec := &recorder{}
			rep, err := e.svc.RunOutbox(ctx, outreach.OutboxOptions{BaseURL: "http://x", Sender: rec})
			if err != nil || rep.Scheduled != 1 || rep.Sent != 1 {
				t.Fatalf("first run: %v %+v", err, rep)
			}
			links, err := e.svc.PatientLinks(ctx, e.nurse, e.patient)
			if err != nil || len(links) != 1 || links[0].Instrument != scales.PHQ9 || !strings.Contains(links[0].ScheduleKey, ":post:") {
				t.Fatalf("links %+v (%v)", links, err)
			}
			rep, err = e.svc.RunOutbox(ctx, outreach.OutboxOptions{BaseURL: "http://x", Sender: rec})
			if err != nil || rep != (outreach.OutboxReport{}) {
				t.Errorf("second run did something: %v %+v", err, rep)
			}
			// A failing gateway keeps the reminder pending and retries later.
			e.clock.Advance(scales.LinkLifetime - 23*time.Hour)
			rec.fail = true
			rep, err = e.svc.RunOutbox(ctx, outreach.OutboxOptions{BaseURL: "http://x", Sender: rec})
			if err != nil || rep.Failed != 1 || rep.Sent != 0 {
				t.Errorf("failing run: %v %+v", err, rep)
			}
			rec.fail = false
			e.clock.Advance(20 * time.Minute)
			rep, err = e.svc.RunOutbox(ctx, outreach.OutboxOptions{BaseURL: "http://x", Sender: rec})
			if err != nil || rep.Sent != 1 || !strings.HasPrefix(rec.msgs[1].Subject, "Reminder") {
				t.Errorf("retry run: %v %+v", err, rep)
			}
		})
	}
}

func TestTrajectoryOf(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	day := func(d int) time.Time { return t0.AddDate(0, 0, d) }
	rec := record.PatientRecord{
		Courses: []clinic.Course{{ID: 2, Condition: clinic.Anxiety, StartedAt: day(60)}, {ID: 1, Condition: clinic.Depression, StartedAt: t0}},
		Administrations: []clinic.Administration{{CourseID: 1, GivenAt: t0, Route: clinic.RouteIV, DoseMg: 35},
			{CourseID: 2, GivenAt: day(60), Route: clinic.RouteEsketamine, DoseMg: 56}},
		Assessments: []clinic.Assessment{{Instrument: "phq9", TakenAt: day(-1), Total: 20}, {Instrument: "phq9", TakenAt: day(2), Total: 9},
			{Instrument: "gad7", TakenAt: day(59), Total: 15}, {Instrument: "gad7", TakenAt: day(61), Total: 7}},
	}
	// No instrument: the current course's primary one (anxiety: GAD-7).
	tr, ok, err := measurement.TrajectoryOf(rec, "")
	if err != nil || !ok || tr.Instrument != "gad7" || tr.Baseline != 15 || len(tr.Sessions) != 1 || tr.Sessions[0].Route != clinic.RouteEsketamine {
		t.Fatalf("default: %v %v %+v", ok, err, tr)
	}
	// PHQ-9 was only measured in the first course: that course is shown.
	tr, ok, err = measurement.TrajectoryOf(rec, "phq9")
	if err != nil || !ok || tr.Baseline != 20 || !tr.Response.Reached || len(tr.Points) != 2 || tr.Sessions[0].Route != clinic.RouteIV {
		t.Fatalf("phq9: %v %v %+v", ok, err, tr)
	}
	if _, _, err := measurement.TrajectoryOf(rec, "nope"); clinic.ErrorCode(err) != clinic.Invalid {
		t.Errorf("unknown instrument: %v", err)
	}
	if _, ok, _ := measurement.TrajectoryOf(record.PatientRecord{}, "phq9"); ok {
		t.Error("a patient without a course has no trajectory")
	}
}

func TestMeasurementRead(t *testing.T) {
	t.Parallel()
	e := newMEnv(t, store.SQLite)
	ctx := t.Context()
	if _, err := e.svc.RecordAssessment(ctx, e.nurse, measurement.NewAssessment{PatientID: e.patient, Instrument: "phq9",
		Answers: phqRisk, Source: measurement.SourceStaff}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CreateLink(ctx, e.nurse, measurement.NewLink{PatientID: e.patient, Instrument: "gad7"}); err != nil {
		t.Fatal(err)
	}
	before := e.auditCount(t, "measurement.read")
	m, err := e.svc.PatientMeasurement(ctx, e.nurse, e.patient)
	if err != nil || !m.AlertsShown || len(m.Alerts) != 1 || len(m.Links) != 1 {
		t.Fatalf("nurse: %v %+v", err, m)
	}
	if e.auditCount(t, "measurement.read") != before+1 {
		t.Error("read not audited")
	}
	pat := service.Actor{ClinicID: e.clinic, Role: clinic.RolePatient, PatientID: e.patient}
	m, err = e.svc.PatientMeasurement(ctx, pat, e.patient)
	if err != nil || m.AlertsShown || m.Alerts != nil || len(m.Links) != 1 {
		t.Errorf("patient: %v %+v", err, m)
	}
	if _, err := e.svc.PatientMeasurement(ctx, service.Actor{ClinicID: e.clinic, Role: clinic.RolePatient, PatientID: e.patient + 1}, e.patient); clinic.ErrorCode(err) != clinic.Forbidden {
		t.Errorf("another patient: %v", err)
	}
}
