package app_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/store/storetest"
)

// auditCount counts the clinic's audit rows for action.
func (e env) auditCount(t testing.TB, action string) int {
	t.Helper()
	rows, err := e.svc.AuditLog(t.Context(), service.System(e.clinic), clinic.AuditFilter{Action: action, Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	return len(rows)
}

// burst runs n calls of fn at once and counts the answers by message.
func burst(n int, fn func(i int) error) map[string]int {
	var mu sync.Mutex
	got := map[string]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			err := fn(i)
			msg := "ok"
			if err != nil {
				msg = clinic.ErrorMessage(err)
			}
			mu.Lock()
			got[msg]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	return got
}

const wrongCredentials = "Wrong email or password."

// TestSignInThrottleHoldsUnderConcurrency: a burst of wrong passwords to
// one account reaches the password check at most as often as the limit
// allows, and so does a burst of unknown emails from one address.
func TestSignInThrottleHoldsUnderConcurrency(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, engine)
			ctx := t.Context()
			e.addUser(t, clinic.RoleNurse, "n@example.org", 0)
			got := burst(40, func(i int) error {
				_, err := e.svc.SignIn(ctx, "n@example.org", "not the password", fmt.Sprintf("10.1.0.%d", i))
				return err
			})
			// Each answer "wrong password" is one password check, and each
			// check of a known account leaves an audit row.
			// Reservations of a key take turns, so exactly the limit's
			// number are checked whatever the timing.
			if n := got[wrongCredentials]; n != 5 {
				t.Errorf("40 concurrent wrong passwords: %d reached the password check, want 5 (answers %v)", n, got)
			}
			if n := e.auditCount(t, "auth.signin_failed"); n != 5 {
				t.Errorf("%d failed checks audited, want 5", n)
			}
			if _, err := e.svc.SignIn(ctx, "n@example.org", "a long password", "10.1.1.1"); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("right password after the burst: %v, want locked out", err)
			}
			got = burst(60, func(i int) error {
				_, err := e.svc.SignIn(ctx, fmt.Sprintf("nobody%d@example.org", i), "not the password", "10.2.0.1")
				return err
			})
			if n := got[wrongCredentials]; n != 30 {
				t.Errorf("60 concurrent unknown emails from one address: %d reached the check, want 30 (answers %v)", n, got)
			}
		})
	}
}

// enrolTOTP signs email in and turns on two-step sign-in at the clock's
// time; it returns the secret.
func (e env) enrolTOTP(t testing.TB, email string) string {
	t.Helper()
	ctx := t.Context()
	res, err := e.svc.SignIn(ctx, email, "a long password", "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.svc.Authenticate(ctx, res.Token, "10.0.0.1", "")
	if err != nil {
		t.Fatal(err)
	}
	setup, err := e.svc.BeginMFAEnrolment(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	code, _ := auth.TOTPCode(setup.Secret, e.clock.Now())
	if _, _, err := e.svc.ConfirmMFAEnrolment(ctx, p, code); err != nil {
		t.Fatal(err)
	}
	return setup.Secret
}

// TestTOTPCodesAreSingleUse: a code accepted once (at enrolment or at
// sign-in) is refused when replayed in its window, as is an older one.
func TestTOTPCodesAreSingleUse(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, engine)
			ctx := t.Context()
			e.addUser(t, clinic.RoleClinician, "c@example.org", 0)
			secret := e.enrolTOTP(t, "c@example.org")
			t0 := e.clock.Now()
			code := func(at time.Time) string { c, _ := auth.TOTPCode(secret, at); return c }
			verify := func(c string) error {
				res, err := e.svc.SignIn(ctx, "c@example.org", "a long password", "10.0.0.1")
				if err != nil || res.Step != accounts.StepMFA {
					t.Fatalf("sign-in: %+v %v", res, err)
				}
				p, err := e.svc.Authenticate(ctx, res.Token, "10.0.0.1", "")
				if err != nil {
					t.Fatal(err)
				}
				_, err = e.svc.VerifyMFA(ctx, p, c)
				return err
			}
			for _, tc := range []struct {
				name    string
				advance time.Duration
				code    string
				ok      bool
			}{
				{"the enrolment code replayed", 0, code(t0), false},
				{"the next step's code", 30 * time.Second, code(t0.Add(30 * time.Second)), true},
				{"that code replayed", 0, code(t0.Add(30 * time.Second)), false},
				{"an older code still inside the skew", 0, code(t0), false},
				{"a fresh code", 30 * time.Second, code(t0.Add(60 * time.Second)), true},
			} {
				e.clock.Advance(tc.advance)
				if err := verify(tc.code); (err == nil) != tc.ok {
					t.Errorf("%s: %v, want accepted=%v", tc.name, err, tc.ok)
				}
			}
		})
	}
}

// TestPasswordChangeAndDisableEndEveryCredential: web sessions and API
// tokens alike stop working, and stay stopped after re-enabling.
func TestPasswordChangeAndDisableEndEveryCredential(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, engine)
			ctx := t.Context()
			sys := service.System(e.clinic)
			e.addUser(t, clinic.RoleNurse, "n@example.org", 0)
			password := "a long password"
			credentials := func() (string, string) {
				t.Helper()
				res, err := e.svc.SignIn(ctx, "n@example.org", password, "10.0.0.1")
				if err != nil {
					t.Fatal(err)
				}
				p, err := e.svc.Authenticate(ctx, res.Token, "10.0.0.1", "")
				if err != nil {
					t.Fatal(err)
				}
				tok, err := e.svc.CreateAPIToken(ctx, p.Actor, "script")
				if err != nil {
					t.Fatal(err)
				}
				return res.Token, tok
			}
			for _, tc := range []struct {
				name string
				end  func(userID int64) error
			}{
				{"password change", func(int64) error {
					password = "a new long password"
					return e.svc.SetPassword(ctx, sys, "n@example.org", password)
				}},
				{"disable and enable again", func(id int64) error {
					if err := e.svc.SetUserDisabled(ctx, sys, id, true); err != nil {
						return err
					}
					return e.svc.SetUserDisabled(ctx, sys, id, false)
				}},
			} {
				session, token := credentials()
				p, err := e.svc.AuthenticateAPIToken(ctx, token, "10.0.0.1", "")
				if err != nil {
					t.Fatal(err)
				}
				if err := tc.end(p.UserID); err != nil {
					t.Fatal(err)
				}
				if _, err := e.svc.Authenticate(ctx, session, "10.0.0.1", ""); clinic.ErrorCode(err) != clinic.Unauthenticated {
					t.Errorf("%s: web session still works (%v)", tc.name, err)
				}
				if _, err := e.svc.AuthenticateAPIToken(ctx, token, "10.0.0.1", ""); clinic.ErrorCode(err) != clinic.Unauthenticated {
					t.Errorf("%s: API token still works (%v)", tc.name, err)
				}
			}
		})
	}
}
