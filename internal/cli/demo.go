package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"onset/internal/app"
	"onset/internal/clinic"
	"onset/internal/delivery"
	"onset/internal/demo"
	"onset/internal/service"
	"onset/internal/service/outreach"
	"onset/internal/store"
	"onset/internal/web"
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
	// A throw-away database: nothing in it outlives the demo, so commits
	// need not wait for the disk.
	db, err := store.Open(ctx, filepath.Join(dir, "onset.db"), store.Throwaway())
	if err != nil {
		return fail(e, exitFailure, "open database: %v", err)
	}
	defer db.Close()
	res, err := demo.Run(ctx, db.Ports(), demo.Options{Seed: *seed, Patients: *patients, Now: started,
		Progress: progress(e, started)})
	if err != nil {
		return fail(e, exitFailure, "%v", err)
	}
	east, err := secondLocation(ctx, db, *seed, *patients, started, res)
	if err != nil {
		return fail(e, exitFailure, "%v", err)
	}
	a := &opened{db: db, svc: app.New(db.Ports(), service.Config{})}
	mailbox, router, err := demoMailbox()
	if err != nil {
		return fail(e, exitFailure, "%v", err)
	}
	defer mailbox.Email.Close()
	defer mailbox.SMS.Close()
	return serve(ctx, e, a, serveOptions{addr: *addr, outbox: &outreach.OutboxOptions{Sender: router}, mailbox: mailbox, ready: func(url string) {
		printf(e, "Onset demo clinic at %s  (ready in %s; database %s, deleted on exit)\n\n",
			url, time.Since(started).Round(time.Millisecond), dir)
		printAccounts(e, res.Accounts)
		printf(e, "\n%s, the organization's second clinic (the first administrator manages both; %s works at both):\n",
			demo.LocationName, firstClinician(res.Accounts))
		printAccounts(e, east.Accounts)
		printf(e, "\nAdmins and clinicians sign in with a TOTP code: add the secret to an authenticator app.\n")
		printf(e, "The demo's email and text messages go to servers inside this process: see them at %s/outbox.\nPress Ctrl-C to stop.\n", url)
	}})
}

// secondLocation lives the organization's second clinic through the
// product, smaller than the first, and gives the first clinic's first
// clinician a place on its staff too.
func secondLocation(ctx context.Context, db *store.DB, seed int64, patients int, started time.Time, first demo.Result) (demo.Result, error) {
	east, err := demo.Run(ctx, db.Ports(), demo.Options{Seed: seed + 1, Patients: max(8, patients/5), Now: started,
		Location: demo.LocationName})
	if err != nil {
		return east, err
	}
	svc := app.New(db.Ports(), service.Config{})
	sys := service.System(first.ClinicID)
	users, err := svc.Users(ctx, sys)
	if err != nil {
		return east, err
	}
	if c := firstClinician(first.Accounts); c != "" {
		for _, u := range users {
			if u.Email == c {
				return east, svc.SetStaffClinics(ctx, sys, u.ID, []int64{east.ClinicID})
			}
		}
	}
	return east, fmt.Errorf("demo: the first clinic has no clinician")
}

func firstClinician(accounts []demo.Account) string {
	for _, a := range accounts {
		if a.Role == clinic.RoleClinician {
			return a.Email
		}
	}
	return ""
}

// printAccounts writes the demo's sign-ins as a table.
func printAccounts(e *env, accounts []demo.Account) {
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
}

// demoMailbox starts the demo's own SMTP server and SMS sink, so its
// messages go out through the real senders and a newcomer can read them.
func demoMailbox() (*web.Mailbox, delivery.Router, error) {
	mail, err := delivery.StartSink(delivery.SinkOptions{Refuse: demo.Bounces}) // one patient's address has a typo
	if err != nil {
		return nil, delivery.Router{}, fmt.Errorf("demo mail server: %w", err)
	}
	texts, err := delivery.StartSMSSink()
	if err != nil {
		mail.Close()
		return nil, delivery.Router{}, fmt.Errorf("demo SMS sink: %w", err)
	}
	email, err := delivery.ParseSMTPURL(fmt.Sprintf("smtp://127.0.0.1:%d?from=clinic@demo.example&tls=none", mail.Port()))
	if err == nil {
		var sms *delivery.SMS
		if sms, err = delivery.ParseSMSURL(texts.URL("+15550100000")); err == nil {
			return &web.Mailbox{Email: mail, SMS: texts}, delivery.Router{Email: email, SMS: sms}, nil
		}
	}
	mail.Close()
	texts.Close()
	return nil, delivery.Router{}, err
}

// progress reports on stderr, once the demo has taken more than a second
// and then at most twice a second, how far the simulation has come.
func progress(e *env, started time.Time) func(day, days int) {
	var last time.Time
	return func(day, days int) {
		now := time.Now()
		if now.Sub(started) < time.Second || now.Sub(last) < 500*time.Millisecond && day < days {
			return
		}
		last = now
		fmt.Fprintf(e.stderr, "onset demo: living the demo clinic's weeks on Onset: day %d of %d\n", day, days)
	}
}
