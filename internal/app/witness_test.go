package app_test

import (
	"sync"
	"testing"
	"time"

	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/custody"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// TestWitnessCheckIsNoOracle: every witness failure gets one answer and an
// audit row, and the witness's account locks as at sign-in, so the right
// password is refused after too many wrong ones.
func TestWitnessCheckIsNoOracle(t *testing.T) {
	t.Parallel()
	for _, eng := range storetest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			e := newLedgerEnv(t, eng)
			ctx := t.Context()
			sys := service.System(e.clinicID)
			c := e.receiveVial(t, 10)
			gone, err := e.svc.CreateUser(ctx, sys, record.NewUser{Email: "gone@example.org", Role: clinic.RoleNurse, Password: "witness password"})
			if err != nil {
				t.Fatal(err)
			}
			if err := e.svc.SetUserDisabled(ctx, sys, gone.ID, true); err != nil {
				t.Fatal(err)
			}
			waste := func(by service.Actor, w service.LedgerWitness) error {
				_, err := e.svc.WasteStock(ctx, by, custody.LedgerWasteInput{ContainerID: c.ID, Mg: 1, Reason: "dropped", Witness: w})
				return err
			}
			answers := map[string]bool{}
			for _, tc := range []struct {
				name string
				w    service.LedgerWitness
			}{
				{"unknown witness", service.LedgerWitness{UserID: 999999, Password: "witness password"}},
				{"wrong password", service.LedgerWitness{UserID: e.nurse2.UserID, Password: "wrong password"}},
				{"disabled witness", service.LedgerWitness{UserID: gone.ID, Password: "witness password"}},
				{"not a witness role", service.LedgerWitness{UserID: e.admin.UserID, Password: "witness password"}},
				{"empty password", service.LedgerWitness{UserID: e.nurse2.UserID}},
			} {
				err := waste(e.nurse, tc.w)
				if clinic.ErrorCode(err) != clinic.Invalid {
					t.Fatalf("%s: %v, want a refusal", tc.name, err)
				}
				answers[clinic.ErrorMessage(err)] = true
			}
			// nurse2 has had 2 failures; 3 more lock the account, and then
			// the right password gets the same answer as a wrong one.
			for range 3 {
				if err := waste(e.clinician, service.LedgerWitness{UserID: e.nurse2.UserID, Password: "still wrong"}); err == nil {
					t.Fatal("wrong password accepted")
				}
			}
			err = waste(e.clinician, service.LedgerWitness{UserID: e.nurse2.UserID, Password: "witness password"})
			if err == nil {
				t.Fatal("the right password was accepted for a locked-out witness")
			}
			answers[clinic.ErrorMessage(err)] = true
			if len(answers) != 1 {
				t.Errorf("witness failures answer in %d ways, want 1: %v", len(answers), answers)
			}
			// The locked-out account cannot sign in either: one lock-out.
			if _, err := e.svc.SignIn(ctx, "n2@example.org", "witness password", "10.0.0.1"); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("sign-in of the locked-out witness: %v", err)
			}
			rows, err := e.svc.AuditLog(ctx, sys, clinic.AuditFilter{Action: "ledger.witness_failed", Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 9 {
				t.Errorf("%d witness failures audited, want 9", len(rows))
			}
			// A right password for a witness who is not locked still works.
			if err := waste(e.nurse, service.LedgerWitness{UserID: e.clinician.UserID, Password: "a long password"}); err != nil {
				t.Errorf("a good witness after the failures: %v", err)
			}
		})
	}
}

// TestWitnessGuessesAreLimitedPerRequester: one user guessing across many
// witnesses is stopped too, before any one witness's account locks.
func TestWitnessGuessesAreLimitedPerRequester(t *testing.T) {
	t.Parallel()
	e := newLedgerEnv(t, store.SQLite)
	ctx := t.Context()
	sys := service.System(e.clinicID)
	c := e.receiveVial(t, 10)
	var ws []int64
	for _, email := range []string{"w1@example.org", "w2@example.org", "w3@example.org", "w4@example.org", "w5@example.org"} {
		u, err := e.svc.CreateUser(ctx, sys, record.NewUser{Email: email, Role: clinic.RoleNurse, Password: "witness password"})
		if err != nil {
			t.Fatal(err)
		}
		ws = append(ws, u.ID)
	}
	waste := func(w service.LedgerWitness) error {
		_, err := e.svc.WasteStock(ctx, e.nurse, custody.LedgerWasteInput{ContainerID: c.ID, Mg: 1, Reason: "dropped", Witness: w})
		return err
	}
	for i := range 10 { // two wrong guesses per witness: none of them is locked
		if err := waste(service.LedgerWitness{UserID: ws[i%len(ws)], Password: "a guess"}); err == nil {
			t.Fatal("a guess was accepted")
		}
	}
	if err := waste(service.LedgerWitness{UserID: e.nurse2.UserID, Password: "witness password"}); err == nil {
		t.Error("the requester went on guessing after 10 failures")
	}
	if err := waste(service.LedgerWitness{UserID: e.nurse2.UserID, Password: "witness password"}); err == nil {
		t.Error("the requester went on guessing after 10 failures")
	}
	if _, err := e.svc.WasteStock(ctx, e.clinician, custody.LedgerWasteInput{ContainerID: c.ID, Mg: 1, Reason: "dropped",
		Witness: service.LedgerWitness{UserID: ws[0], Password: "witness password"}}); err != nil {
		t.Errorf("another requester with a good witness: %v", err)
	}
}

// TestWitnessWithTwoStepGivesTheirCode: a witness who uses two-step
// sign-in confirms with their password and a current code, which works
// once; a witness without it needs no code.
func TestWitnessWithTwoStepGivesTheirCode(t *testing.T) {
	t.Parallel()
	for _, eng := range storetest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			e := newLedgerEnv(t, eng)
			ctx := t.Context()
			c := e.receiveVial(t, 10)
			secret, _, err := auth.NewTOTP("Onset", "c@example.org")
			if err != nil {
				t.Fatal(err)
			}
			if err := e.db.WithTx(ctx, func(q *store.Queries) error { return q.SetTOTP(ctx, e.clinician.UserID, secret, true) }); err != nil {
				t.Fatal(err)
			}
			code, _ := auth.TOTPCode(secret, e.clock.Now())
			wrong := "000000"
			if wrong == code {
				wrong = "111111"
			}
			for _, tc := range []struct {
				name string
				w    service.LedgerWitness
				ok   bool
			}{
				{"no code", service.LedgerWitness{UserID: e.clinician.UserID, Password: "a long password"}, false},
				{"wrong code", service.LedgerWitness{UserID: e.clinician.UserID, Password: "a long password", Code: wrong}, false},
				{"code with a wrong password", service.LedgerWitness{UserID: e.clinician.UserID, Password: "nope nope", Code: code}, false},
				{"password and code", service.LedgerWitness{UserID: e.clinician.UserID, Password: "a long password", Code: code}, true},
				{"the code replayed", service.LedgerWitness{UserID: e.clinician.UserID, Password: "a long password", Code: code}, false},
				{"a witness without two-step", service.LedgerWitness{UserID: e.nurse2.UserID, Password: "witness password"}, true},
			} {
				_, err := e.svc.WasteStock(ctx, e.nurse, custody.LedgerWasteInput{ContainerID: c.ID, Mg: 1, Reason: "dropped", Witness: tc.w})
				if (err == nil) != tc.ok {
					t.Errorf("%s: %v, want accepted=%v", tc.name, err, tc.ok)
				}
			}
		})
	}
}

// txTimer is a store whose write transactions are timed.
// TestWitnessPasswordIsHashedOutsideTheWrite: the witness's password hash
// (slow by design) never runs while a write transaction holds the
// database's writer.
func TestWitnessPasswordIsHashedOutsideTheWrite(t *testing.T) {
	t.Parallel()
	slow := auth.Params{Memory: 64, Time: 4000, Threads: 1} // about 0.2 s a hash
	hash := auth.HashPassword("witness password", slow)
	start := time.Now()
	auth.VerifyPassword(hash, "witness password")
	hashTime := time.Since(start)

	ctx := t.Context()
	now := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
	db := storetest.Open(t, store.SQLite)
	var mu sync.Mutex
	var longest time.Duration
	db.ObserveTx(func(d time.Duration) { mu.Lock(); longest = max(longest, d); mu.Unlock() })
	svc := app.New(db.Ports(), service.Config{Passwords: slow, Now: func() time.Time { return now }})
	cl, err := svc.EnsureClinic(ctx, "Test")
	if err != nil {
		t.Fatal(err)
	}
	sys := service.System(cl.ID)
	mk := func(email string) service.Actor {
		u, err := svc.CreateUser(ctx, sys, record.NewUser{Email: email, Role: clinic.RoleNurse, Password: "witness password"})
		if err != nil {
			t.Fatal(err)
		}
		return service.Actor{UserID: u.ID, ClinicID: cl.ID, Role: u.Role, Name: u.Name}
	}
	nurse, witness := mk("n1@example.org"), mk("n2@example.org")
	c, err := svc.ReceiveStock(ctx, nurse, custody.LedgerReceiveInput{Drug: "ketamine", Form: "vial", NDC: "0409-2051-05",
		Lot: "K1", Expires: "2027-06-30", ConcentrationMgPerML: 10, ML: 5, Invoice: "INV-1", Supplier: "Wholesaler"})
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	longest = 0
	mu.Unlock()
	for _, pw := range []string{"wrong password", "witness password"} {
		svc.WasteStock(ctx, nurse, custody.LedgerWasteInput{ContainerID: c.ID, Mg: 1, Reason: "dropped",
			Witness: service.LedgerWitness{UserID: witness.UserID, Password: pw}})
	}
	mu.Lock()
	defer mu.Unlock()
	if longest > hashTime/2 {
		t.Errorf("a write transaction lasted %v during witness checks; one password hash takes %v", longest, hashTime)
	}
}
