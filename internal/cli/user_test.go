package cli

import (
	"strings"
	"testing"

	"onset/internal/app"
	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// `onset user passwd` ends the user's API tokens as well as their
// browser sessions: whoever knew the old password may hold either.
func TestUserPasswdEndsTokens(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			dsn := storetest.DSN(t, engine)
			if code, _, errs := run(t, "first password 1\n", "user", "add", "--db", dsn, "--email", "n@example.org", "--role", "nurse"); code != 0 {
				t.Fatalf("user add: %d %s", code, errs)
			}
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			svc := app.New(db.Ports(), service.Config{})
			res, err := svc.SignIn(ctx, "n@example.org", "first password 1", "127.0.0.1")
			if err != nil {
				t.Fatal(err)
			}
			p, err := svc.Authenticate(ctx, res.Token, "127.0.0.1", "")
			if err != nil {
				t.Fatal(err)
			}
			token, err := svc.CreateAPIToken(ctx, p.Actor, "script")
			if err != nil {
				t.Fatal(err)
			}
			code, out, errs := run(t, "second password 2\n", "user", "passwd", "--db", dsn, "--email", "n@example.org")
			if code != 0 {
				t.Fatalf("passwd: %d %q %q", code, out, errs)
			}
			if _, err := svc.AuthenticateAPIToken(ctx, token, "127.0.0.1", ""); clinic.ErrorCode(err) != clinic.Unauthenticated {
				t.Errorf("API token after passwd: %v", err)
			}
			if _, err := svc.Authenticate(ctx, res.Token, "127.0.0.1", ""); clinic.ErrorCode(err) != clinic.Unauthenticated {
				t.Errorf("web session after passwd: %v", err)
			}
			if !strings.Contains(out, "API tokens") {
				t.Errorf("passwd does not say the API tokens ended: %q", out)
			}
		})
	}
}
