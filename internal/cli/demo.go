package cli

import (
	"context"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"onset/internal/demo"
	"onset/internal/service"
)

func runDemo(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "demo")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	seed := fs.Int64("seed", 1, "seed of the generated clinic (same seed, same clinic)")
	patients := fs.Int("patients", demo.DefaultPatients, "number of demo patients")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *patients < 1 || *patients > 100000 {
		return fail(e, exitUsage, "--patients must be between 1 and 100000")
	}
	dir, err := os.MkdirTemp("", "onset-demo-")
	if err != nil {
		return fail(e, exitFailure, "%v", err)
	}
	defer os.RemoveAll(dir)
	started := time.Now()
	a, err := openApp(ctx, filepath.Join(dir, "onset.db"), service.Config{})
	if err != nil {
		return fail(e, exitFailure, "open database: %v", err)
	}
	defer a.db.Close()
	accounts, err := a.svc.LoadDemo(ctx, "Onset Demo Clinic", demo.Generate(*seed, time.Now(), *patients))
	if err != nil {
		return fail(e, exitFailure, "%v", err)
	}
	return serve(ctx, e, a, *addr, false, func(url string) {
		printf(e, "Onset demo clinic at %s  (ready in %s; database %s, deleted on exit)\n\n",
			url, time.Since(started).Round(time.Millisecond), dir)
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		tw.Write([]byte("ROLE\tEMAIL\tPASSWORD\tTOTP SECRET\n"))
		for _, acc := range accounts {
			secret := acc.TOTPSecret
			if secret == "" {
				secret = "-"
			}
			tw.Write([]byte(string(acc.Role) + "\t" + acc.Email + "\t" + acc.Password + "\t" + secret + "\n"))
		}
		tw.Flush()
		printf(e, "\nAdmins and clinicians sign in with a TOTP code: add the secret to an authenticator app.\nPress Ctrl-C to stop.\n")
	})
}
