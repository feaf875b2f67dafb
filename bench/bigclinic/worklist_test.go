package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"onset/bench/internal/synth"
	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/service/custody"
	"onset/internal/service/measurement"
	"onset/internal/service/plans"
	"onset/internal/store"
	"onset/internal/web"
)

// BenchmarkWorklist renders a clinician's worklist page (GET /worklist
// through the web server: authentication, every section's queries, the
// menu's counts, the template) in the 100,000-patient clinic that
// `go run ./bench/bigclinic` builds, with a month of the clinic's day on
// top of it: 1,200 sessions of the last 30 days (the last two days'
// unsigned), 56 esketamine sessions with their REMS forms open, open
// safety alerts, plan drafts, 2,000 questionnaire links of the last 14
// days, a waitlist with a free calendar, and stock near expiry.
//
//	ONSET_BIGCLINIC_DB=big.db go test -run x -bench Worklist -benchtime 50x ./bench/bigclinic
//
// Without ONSET_BIGCLINIC_DB the clinic is built first in a temporary
// directory (a few minutes); with it, a file `go run ./bench/bigclinic -db
// big.db` built is used (and the day added to it once).
func BenchmarkWorklist(b *testing.B) {
	ctx := b.Context()
	path := os.Getenv("ONSET_BIGCLINIC_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "big.db")
	}
	_, statErr := os.Stat(path)
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	now := time.Now().UTC()
	svc := app.New(db.Ports(), service.Config{Passwords: auth.TestParams})
	c, err := svc.EnsureClinic(ctx, "Big clinic")
	if err != nil {
		b.Fatal(err)
	}
	if statErr != nil {
		b.Logf("building a clinic of 100,000 patients in %s", path)
		if _, err := synth.Build(ctx, db, synth.Options{Clinics: []int64{c.ID}, Patients: 100_000, Assessments: 2_000_000,
			MRN: "B%07d", Now: now.AddDate(0, -1, 0)}); err != nil {
			b.Fatal(err)
		}
	}
	clin, secret, err := seedDay(ctx, db, svc, c.ID, now)
	if err != nil {
		b.Fatal(err)
	}
	srv, err := web.New(svc, web.Options{})
	if err != nil {
		b.Fatal(err)
	}
	token := sessions[path]
	if token == "" { // one sign-in per process: -count runs reuse it
		if token, err = signIn(ctx, svc, clin, secret); err != nil {
			b.Fatal(err)
		}
		sessions[path] = token
	}
	get := func() string {
		req := httptest.NewRequest(http.MethodGet, "/worklist", nil)
		req.AddCookie(&http.Cookie{Name: "onset_session", Value: token})
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET /worklist: %d %s", rec.Code, rec.Body.String())
		}
		return rec.Body.String()
	}
	body := get()
	for _, kind := range []string{"safety alert", "sign session", "REMS form", "sign plan", "questionnaire overdue", "waitlist offer",
		"lot near expiry", "count due"} {
		if !strings.Contains(body, ">"+kind+"<") {
			b.Fatalf("the worklist has no %q item", kind)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		get()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/page")
}

const benchEmail = "worklist-clinician@big.example"

// sessions are the clinician's session tokens by database file.
var sessions = map[string]string{}

// seedDay adds the clinic's month of activity once (a clinician marks
// it) and returns the clinician and their TOTP secret.
func seedDay(ctx context.Context, db *store.DB, svc *app.App, clinicID int64, now time.Time) (clinic.User, string, error) {
	sys := service.System(clinicID)
	if u, err := db.Reader().UserByEmail(ctx, benchEmail); err == nil {
		return u, u.TOTPSecret, nil
	}
	mk := func(email string, role clinic.Role) (clinic.User, error) {
		if u, err := db.Reader().UserByEmail(ctx, email); err == nil { // a run stopped half way
			return u, nil
		}
		return svc.CreateUser(ctx, sys, record.NewUser{Email: email, Name: string(role) + " (bench)", Role: role, Password: "a long password"})
	}
	adminU, err := mk("worklist-admin@big.example", clinic.RoleAdmin)
	if err != nil {
		return clinic.User{}, "", err
	}
	nurseU, err := mk("worklist-nurse@big.example", clinic.RoleNurse)
	if err != nil {
		return clinic.User{}, "", err
	}
	admin := service.Actor{UserID: adminU.ID, ClinicID: clinicID, Role: clinic.RoleAdmin, Name: "Admin"}
	nurse := service.Actor{UserID: nurseU.ID, ClinicID: clinicID, Role: clinic.RoleNurse, Name: "Nurse"}
	page, err := db.Reader().SearchPatients(ctx, clinicID, "", 5000, 0)
	if err != nil {
		return clinic.User{}, "", err
	}
	pts := page.Patients
	if len(pts) < 3000 {
		return clinic.User{}, "", fmt.Errorf("only %d patients", len(pts))
	}
	courses, err := db.Reader().ClinicCourses(ctx, clinicID)
	if err != nil {
		return clinic.User{}, "", err
	}
	courseOf := map[int64]int64{}
	for _, co := range courses {
		courseOf[co.PatientID] = co.ID
	}
	err = db.WithTx(ctx, func(q *store.Queries) error {
		// A month of sessions: 40 a day, signed but for the last two days'.
		for d := 30; d >= 1; d-- {
			for i := range 40 {
				p := pts[(d*40+i)%len(pts)]
				at := now.AddDate(0, 0, -d).Add(time.Duration(i) * 10 * time.Minute)
				ts := record.TreatmentSession{ClinicID: clinicID, PatientID: p.ID, Route: clinic.RouteIV, Drug: "racemic",
					PlannedDoseMg: 35, CeilingMg: 40, WeightKg: 70, AgeYears: 40, Status: record.SessionDischarged,
					CheckedInBy: nurse.UserID, CheckedInByName: "Nurse", CheckedInAt: at}
				if i%10 == 0 && d <= 14 { // esketamine: a REMS form to complete
					ts.Route, ts.Drug = clinic.RouteEsketamine, "esketamine"
				}
				id, err := q.CreateTreatmentSession(ctx, ts)
				if err != nil {
					return err
				}
				if d > 2 && ts.Drug == "racemic" {
					if err := q.SignTreatmentSession(ctx, clinicID, id, nurse.UserID, "Clinician", at.Add(3*time.Hour)); err != nil {
						return err
					}
				}
			}
		}
		// 3,000 patients in an active course (dosed in the last 28 days), and
		// 2,000 questionnaire links of the last 14 days sent to them.
		for i := range 3000 {
			p := pts[1000+i%(len(pts)-1000)]
			if _, err := q.CreateAdministration(ctx, clinic.Administration{ClinicID: clinicID, CourseID: courseOf[p.ID], PatientID: p.ID,
				GivenAt: now.AddDate(0, 0, -1-i%27), Route: clinic.RouteIV, DoseMg: 35, WeightKg: 70}); err != nil {
				return err
			}
		}
		for i := range 2000 {
			p := pts[1000+i]
			if _, err := q.CreateLink(ctx, record.QuestionnaireLink{ClinicID: clinicID, PatientID: p.ID, CourseID: courseOf[p.ID],
				Instrument: "phq9", TokenHash: fmt.Sprintf("bench-worklist-%d", i), Reason: "scheduled",
				ScheduleKey: fmt.Sprintf("bench-%d", i), CreatedAt: now.Add(-time.Duration(i%336) * time.Hour),
				ExpiresAt: now.AddDate(0, 0, 7)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return clinic.User{}, "", err
	}
	for i := range 15 { // PHQ-9 item 9 above 0: an open safety alert
		if _, err := svc.RecordAssessment(ctx, nurse, measurement.NewAssessment{PatientID: pts[i].ID, Instrument: "phq9",
			Answers: []int{2, 2, 2, 1, 1, 1, 1, 1, 1}, Source: measurement.SourceStaff}); err != nil {
			return clinic.User{}, "", err
		}
	}
	for i := range 10 {
		if _, err := svc.CreatePlan(ctx, nurse, pts[100+i].ID, plans.PlanInput{TemplateID: "iv-ketamine-induction", WeightKg: 70,
			Start: now.AddDate(0, 0, 3).Format(time.DateOnly), Weekdays: []time.Weekday{time.Monday, time.Wednesday, time.Friday},
			ConcentrationMgPerML: 10, DiluentML: 100}); err != nil {
			return clinic.User{}, "", err
		}
	}
	if _, err := svc.AddResource(ctx, admin, record.BookingResource{Name: "Room 1", Kind: schedule.Room}); err != nil {
		return clinic.User{}, "", err
	}
	clinU, err := mk(benchEmail, clinic.RoleClinician)
	if err != nil {
		return clinic.User{}, "", err
	}
	if _, err := svc.AddProvider(ctx, admin, record.BookingProvider{UserID: clinU.ID}); err != nil {
		return clinic.User{}, "", err
	}
	for i := range 30 {
		if _, err := svc.AddToWaitlist(ctx, admin, record.WaitlistEntry{PatientID: pts[200+i].ID, Kind: schedule.Consultation}); err != nil {
			return clinic.User{}, "", err
		}
	}
	clinician := service.Actor{UserID: clinU.ID, ClinicID: clinicID, Role: clinic.RoleClinician, Name: "Clinician"}
	// Received ten days ago and not counted since: a count is due.
	past := app.New(db.Ports(), service.Config{Passwords: auth.TestParams, Now: func() time.Time { return now.AddDate(0, 0, -10) }})
	if _, err := past.ReceiveStock(ctx, clinician, custody.LedgerReceiveInput{Drug: "ketamine", Form: "vial", NDC: "42023-113-10",
		Lot: "BENCH1", Expires: now.AddDate(0, 0, 20).Format(time.DateOnly), ConcentrationMgPerML: 50, ML: 10, Invoice: "INV-1",
		Supplier: "Bench supply"}); err != nil {
		return clinic.User{}, "", err
	}
	secret, _, err := auth.NewTOTP("Onset bench", benchEmail)
	if err != nil {
		return clinic.User{}, "", err
	}
	if err := db.WithTx(ctx, func(q *store.Queries) error { return q.SetTOTP(ctx, clinU.ID, secret, true) }); err != nil {
		return clinic.User{}, "", err
	}
	return clinU, secret, nil
}

// signIn opens a clinician's session with their password and TOTP code,
// as the sign-in pages do, and returns the session's cookie value.
func signIn(ctx context.Context, svc *app.App, u clinic.User, secret string) (string, error) {
	res, err := svc.SignIn(ctx, u.Email, "a long password", "127.0.0.1")
	if err != nil {
		return "", err
	}
	if res.Step == accounts.StepDone {
		return res.Token, nil
	}
	p, err := svc.Authenticate(ctx, res.Token, "127.0.0.1", "")
	if err != nil {
		return "", err
	}
	// Each code works once: a run soon after another takes the next step's
	// code (accepted one step either side), or waits for a fresh step.
	try := func(at time.Time) (string, bool) {
		code, err := auth.TOTPCode(secret, at)
		if err != nil {
			return "", false
		}
		r, err := svc.VerifyMFA(ctx, p, code)
		return r.Token, err == nil
	}
	for _, step := range []time.Duration{0, 30 * time.Second, -30 * time.Second} {
		if tok, ok := try(time.Now().Add(step)); ok {
			return tok, nil
		}
	}
	time.Sleep(time.Until(time.Now().Truncate(30 * time.Second).Add(61 * time.Second)))
	if tok, ok := try(time.Now()); ok {
		return tok, nil
	}
	return "", fmt.Errorf("no TOTP code accepted")
}
