package cli

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/url"
	"time"

	"onset/internal/service"
	"onset/internal/service/outreach"
)

// runOutbox drives measurement-based care's schedule and outbox: it makes
// the questionnaire links that courses are due for, expires old messages
// and delivers due ones by email (--smtp-url) and text message (--sms-url).
func runOutbox(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "outbox")
	dsn := fs.String("db", "onset.db", "SQLite file path or postgres:// URL")
	base := fs.String("base-url", "http://127.0.0.1:8080", "the address patients open links at (https://... in production)")
	once := fs.Bool("once", false, "run once and exit (otherwise run every --every until stopped)")
	every := fs.Duration("every", time.Minute, "time between runs when not --once")
	asJSON := fs.Bool("json", false, "print each run's counts as one JSON object")
	senders := addSenderFlags(fs)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if u, err := url.Parse(*base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fail(e, exitUsage, "--base-url must be an http:// or https:// address, got %q", *base)
	}
	if *every < time.Second {
		return fail(e, exitUsage, "--every must be at least 1s, got %s", *every)
	}
	router, _, err := senders.router(ctx, slog.New(slog.NewJSONHandler(e.stderr, nil)))
	if err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	a, err := openApp(ctx, *dsn, service.Config{})
	if err != nil {
		return fail(e, exitFailure, "open database: %v", err)
	}
	defer a.db.Close()
	opts := outreach.OutboxOptions{BaseURL: *base, Sender: router}
	for {
		rep, err := a.svc.RunOutbox(ctx, opts)
		if err != nil {
			if ctx.Err() != nil {
				return exitOK
			}
			return fail(e, exitFailure, "outbox: %v", err)
		}
		if *asJSON {
			json.NewEncoder(e.stdout).Encode(rep)
		} else {
			printf(e, "scheduled %d links, expired %d messages, sent %d, failed %d\n", rep.Scheduled, rep.Expired, rep.Sent, rep.Failed)
		}
		if *once {
			return exitOK
		}
		select {
		case <-ctx.Done():
			return exitOK
		case <-time.After(*every):
		}
	}
}
