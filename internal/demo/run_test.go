package demo_test

import (
	"context"
	"testing"
	"time"

	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/demo"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// runNow is the demo's today in these tests: a Wednesday at noon, so
// today has sessions done and sessions still booked.
var runNow = time.Date(2026, 6, 10, 12, 0, 0, 0, time.UTC)

// demoClinic is a demo clinic made by Run and what the tests read it with.
type demoClinic struct {
	res   demo.Result
	db    *store.DB
	svc   *app.App
	sys   service.Actor
	nurse service.Actor
}

// runDemo makes a demo clinic of n patients in a fresh database.
func runDemo(t *testing.T, engine store.Engine, seed int64, n int) demoClinic {
	t.Helper()
	// As `onset demo` opens it: throw-away (PostgreSQL ignores the option).
	db, err := store.Open(t.Context(), storetest.DSN(t, engine), store.Throwaway())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	res, err := demo.Run(t.Context(), db.Ports(), demo.Options{Seed: seed, Patients: n, Now: runNow})
	if err != nil {
		t.Fatal(err)
	}
	svc := app.New(db.Ports(), service.Config{Passwords: auth.TestParams, Now: func() time.Time { return runNow }})
	d := demoClinic{res: res, db: db, svc: svc, sys: service.System(res.ClinicID)}
	users, err := svc.Users(t.Context(), d.sys)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Role == clinic.RoleNurse && d.nurse.UserID == 0 {
			d.nurse = service.Actor{UserID: u.ID, ClinicID: u.ClinicID, Role: u.Role, Name: u.Name}
		}
	}
	return d
}

// The simulation keeps every rule of the product: nothing it tried was
// refused. (A refused step would be left out; the product decides.)
func TestRunIsRefusedNothing(t *testing.T) {
	t.Parallel()
	for _, seed := range []int64{1, 2, 5} {
		d := runDemo(t, store.SQLite, seed, 60)
		for _, r := range d.res.Refusals {
			t.Errorf("seed %d: %s at %s refused: %s", seed, r.What, r.At.Format(time.DateTime), r.Err)
		}
	}
}

// The accounts `onset demo` prints: the staff of the README and the tests,
// the same names, emails and roles, and three portal patients; TOTP for
// admins and clinicians, who can sign in with it.
func TestRunAccounts(t *testing.T) {
	t.Parallel()
	d := runDemo(t, store.SQLite, 1, 30)
	want := []struct {
		email string
		role  clinic.Role
	}{
		{"morgan.hale@example.org", clinic.RoleAdmin}, {"imogen.castellan@example.org", clinic.RoleClinician},
		{"ravi.thornbury@example.org", clinic.RoleClinician}, {"lena.okonjo@example.org", clinic.RoleClinician},
		{"priya.ashcombe@example.org", clinic.RoleNurse}, {"tomas.wexford@example.org", clinic.RoleNurse},
		{"greta.halvorsen@example.org", clinic.RoleNurse}, {"desmond.pryor@example.org", clinic.RoleNurse},
		{"yara.kestrel@example.org", clinic.RoleFrontDesk}, {"owen.marchbank@example.org", clinic.RoleFrontDesk},
		{"noor.ellison@example.org", clinic.RoleTherapist},
	}
	acc := d.res.Accounts
	if len(acc) != len(want)+3 {
		t.Fatalf("%d accounts, want %d", len(acc), len(want)+3)
	}
	for i, w := range want {
		if acc[i].Email != w.email || acc[i].Role != w.role || acc[i].Password != demo.Password ||
			(acc[i].TOTPSecret != "") != service.MFARequired(w.role) {
			t.Errorf("account %d: %+v, want %s %s", i, acc[i], w.email, w.role)
		}
	}
	for _, a := range acc[len(want):] {
		if a.Role != clinic.RolePatient || a.TOTPSecret != "" {
			t.Errorf("portal account %+v", a)
		}
	}
	// Sign in as the clinician with a code from the printed secret, now.
	ctx := context.Background()
	res, err := d.svc.SignIn(ctx, acc[1].Email, demo.Password, "127.0.0.1")
	if err != nil || res.Step != accounts.StepMFA {
		t.Fatalf("clinician sign-in: %+v %v", res, err)
	}
	p, err := d.svc.Authenticate(ctx, res.Token, "127.0.0.1", "")
	if err != nil {
		t.Fatal(err)
	}
	code, _ := auth.TOTPCode(acc[1].TOTPSecret, runNow)
	if _, err := d.svc.VerifyMFA(ctx, p, code); err != nil {
		t.Errorf("the printed TOTP secret does not sign in: %v", err)
	}
}

// The demo's therapist has a caseload and signed integration notes (some
// later ones are left as drafts, on her worklist).
func TestDemoTherapistHasNotes(t *testing.T) {
	t.Parallel()
	d := runDemo(t, store.SQLite, 1, 30)
	ctx := t.Context()
	res, err := d.svc.SignIn(ctx, "noor.ellison@example.org", demo.Password, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	p, err := d.svc.Authenticate(ctx, res.Token, "127.0.0.1", "") // loads her caseload, as each request does
	if err != nil {
		t.Fatal(err)
	}
	th := p.Actor
	page, err := d.svc.ListPatients(ctx, th, "", 1)
	if err != nil || page.Total == 0 {
		t.Fatalf("the therapist's caseload: %d %v", page.Total, err)
	}
	signed, drafts := 0, 0
	for _, pt := range page.Patients {
		ns, err := d.svc.PatientNotes(ctx, th, pt.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range ns {
			if n.Signed() {
				signed++
			} else {
				drafts++
			}
		}
	}
	if signed == 0 {
		t.Errorf("%d signed and %d draft notes, want signed notes", signed, drafts)
	}
}
