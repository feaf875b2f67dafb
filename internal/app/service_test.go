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
	"onset/internal/service/accounts"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func (c *clock) Set(t time.Time)         { c.mu.Lock(); c.t = t; c.mu.Unlock() }

type env struct {
	svc    *app.App
	clock  *clock
	clinic int64
}

func newEnv(t testing.TB, engine store.Engine) env {
	t.Helper()
	c := &clock{t: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}
	svc := app.New(storetest.Open(t, engine).Ports(), service.Config{Passwords: auth.TestParams, Now: c.Now,
		SessionIdle: 30 * time.Minute, SessionMax: 12 * time.Hour})
	cl, err := svc.EnsureClinic(t.Context(), "Test")
	if err != nil {
		t.Fatal(err)
	}
	return env{svc: svc, clock: c, clinic: cl.ID}
}

func (e env) addUser(t testing.TB, role clinic.Role, email string, patientID int64) {
	t.Helper()
	if _, err := e.svc.CreateUser(t.Context(), service.System(e.clinic), record.NewUser{Email: email, Role: role,
		Password: "a long password", PatientID: patientID}); err != nil {
		t.Fatal(err)
	}
}

func TestSessionExpiry(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			e := newEnv(t, engine)
			ctx := t.Context()
			e.addUser(t, clinic.RoleNurse, "n@example.org", 0)
			signIn := func() string {
				res, err := e.svc.SignIn(ctx, "n@example.org", "a long password", "10.0.0.1")
				if err != nil || res.Step != accounts.StepDone {
					t.Fatalf("sign in: %+v %v", res, err)
				}
				return res.Token
			}
			// Idle: activity every 20 minutes keeps a session alive; 31 idle minutes end it.
			tok := signIn()
			for range 3 {
				e.clock.Advance(20 * time.Minute)
				if _, err := e.svc.Authenticate(ctx, tok, "10.0.0.1", ""); err != nil {
					t.Fatalf("active session ended: %v", err)
				}
			}
			e.clock.Advance(31 * time.Minute)
			_, err := e.svc.Authenticate(ctx, tok, "10.0.0.1", "")
			if clinic.ErrorCode(err) != clinic.Unauthenticated || clinic.ErrorMessage(err) != "Your session has expired. Please sign in again." {
				t.Errorf("idle session: %v", err)
			}
			if _, err := e.svc.Authenticate(ctx, tok, "10.0.0.1", ""); clinic.ErrorMessage(err) != "Please sign in." {
				t.Errorf("expired session was not deleted: %v", err)
			}
			// Absolute: even a busy session ends 12 hours after sign-in.
			tok = signIn()
			for elapsed := time.Duration(0); elapsed < 12*time.Hour; elapsed += 25 * time.Minute {
				e.clock.Advance(25 * time.Minute)
				_, err := e.svc.Authenticate(ctx, tok, "10.0.0.1", "")
				if elapsed+25*time.Minute <= 12*time.Hour && err != nil {
					t.Fatalf("session ended after %v: %v", elapsed, err)
				}
				if elapsed+25*time.Minute > 12*time.Hour && err == nil {
					t.Fatalf("session alive after %v", elapsed+25*time.Minute)
				}
			}
		})
	}
}

func TestSignInRotatesSessionAtMFA(t *testing.T) {
	t.Parallel()
	e := newEnv(t, store.SQLite)
	ctx := t.Context()
	e.addUser(t, clinic.RoleClinician, "c@example.org", 0)
	res, err := e.svc.SignIn(ctx, "c@example.org", "a long password", "10.0.0.1")
	if err != nil || res.Step != accounts.StepEnrolMFA {
		t.Fatalf("%+v %v", res, err)
	}
	p, err := e.svc.Authenticate(ctx, res.Token, "10.0.0.1", "")
	if err != nil || p.MFAPassed {
		t.Fatalf("pre-MFA session: %+v %v", p, err)
	}
	setup, err := e.svc.BeginMFAEnrolment(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	code, _ := auth.TOTPCode(setup.Secret, e.clock.Now())
	res2, codes, err := e.svc.ConfirmMFAEnrolment(ctx, p, code)
	if err != nil || len(codes) != 10 {
		t.Fatalf("confirm: %v %d", err, len(codes))
	}
	if res2.Token == res.Token {
		t.Error("session token not rotated after MFA")
	}
	if _, err := e.svc.Authenticate(ctx, res.Token, "10.0.0.1", ""); err == nil {
		t.Error("pre-MFA token still valid")
	}
	p2, err := e.svc.Authenticate(ctx, res2.Token, "10.0.0.1", "")
	if err != nil || !p2.MFAPassed || !p2.MFAEnabled {
		t.Errorf("post-MFA session: %+v %v", p2, err)
	}
}

func TestCreateUserValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t, store.SQLite)
	sys := service.System(e.clinic)
	for _, tc := range []struct {
		name string
		in   record.NewUser
		want string
	}{
		{"bad email", record.NewUser{Email: "not-an-email", Role: clinic.RoleNurse, Password: "a long password"}, "not an email address"},
		{"bad role", record.NewUser{Email: "a@b.org", Role: "doctor", Password: "a long password"}, "Unknown role"},
		{"short password", record.NewUser{Email: "a@b.org", Role: clinic.RoleNurse, Password: "short"}, "at least 10 characters"},
		{"patient without record", record.NewUser{Email: "a@b.org", Role: clinic.RolePatient, Password: "a long password"}, "linked to a patient record"},
		{"patient record missing", record.NewUser{Email: "a@b.org", Role: clinic.RolePatient, Password: "a long password", PatientID: 999}, "patient not found"},
	} {
		_, err := e.svc.CreateUser(t.Context(), sys, tc.in)
		if err == nil || !strings.Contains(clinic.ErrorMessage(err), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	// A nurse may not create accounts at all.
	_, err := e.svc.CreateUser(t.Context(), service.Actor{ClinicID: e.clinic, Role: clinic.RoleNurse},
		record.NewUser{Email: "x@b.org", Role: clinic.RoleAdmin, Password: "a long password"})
	if clinic.ErrorCode(err) != clinic.Forbidden {
		t.Errorf("nurse created a user: %v", err)
	}
}
