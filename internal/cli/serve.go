package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"onset/internal/app"
	"onset/internal/delivery"
	"onset/internal/service"
	"onset/internal/service/outreach"
	"onset/internal/store"
	"onset/internal/web"
)

// opened is a database with the use cases over it.
type opened struct {
	db  *store.DB
	svc *app.App
}

func openApp(ctx context.Context, dsn string, cfg service.Config, opts ...store.Option) (*opened, error) {
	db, err := store.Open(ctx, dsn, opts...)
	if err != nil {
		return nil, err
	}
	return &opened{db: db, svc: app.New(db.Ports(), cfg)}, nil
}

func runServe(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "serve")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	dsn := fs.String("db", "onset.db", "SQLite file path or postgres:// URL")
	secure := fs.Bool("secure-cookies", false, "mark cookies Secure (set when a TLS proxy is in front)")
	base := fs.String("base-url", "", "the address patients open questionnaire links at (https://... behind a proxy); default http://ADDR")
	senders := addSenderFlags(fs)
	dbf := addDBFlags(fs)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	dbOpts, err := dbf.options(*dsn)
	if err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	if *base == "" {
		*base = "http://" + *addr
	}
	if u, err := url.Parse(*base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fail(e, exitUsage, "--base-url must be an http:// or https:// address, got %q", *base)
	}
	router, sms, err := senders.router(ctx, slog.New(slog.NewJSONHandler(e.stderr, nil)))
	if err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	a, err := openApp(ctx, *dsn, service.Config{}, dbOpts...)
	if err != nil {
		return fail(e, exitFailure, "open database: %v", err)
	}
	defer a.db.Close()
	if h := a.db.ReplicaHealth(ctx); h.Configured && h.Status != store.ReplicaOK {
		why := "not caught up yet"
		if h.Err != nil {
			why = h.Err.Error()
		}
		fmt.Fprintf(e.stderr, "onset serve: the read replica is %s (%s); the primary serves analytics until it is ok\n", h.Status, why)
	}
	if _, err := a.svc.EnsureClinic(ctx, "My clinic"); err != nil {
		return fail(e, exitFailure, "%v", err)
	}
	return serve(ctx, e, a, serveOptions{addr: *addr, secure: *secure, outbox: &outreach.OutboxOptions{BaseURL: *base, Sender: router}, sms: sms})
}

// serveOptions say how to serve.
type serveOptions struct {
	addr   string
	secure bool
	// outbox, when set, runs the questionnaire schedule and delivers
	// queued messages every minute beside the web server.
	outbox  *outreach.OutboxOptions
	sms     *delivery.SMS    // the SMS provider, whose replies the webhook takes
	mailbox *web.Mailbox     // onset demo: what its in-process mail and SMS servers received
	ready   func(url string) // called with the URL once the server listens
}

// smsWebhook is where the SMS provider posts replies, when texts go out:
// the provider must be configured to call BASE-URL/sms/inbound.
func (o serveOptions) smsWebhook() *web.SMSWebhook {
	if o.sms == nil || o.outbox == nil || o.outbox.BaseURL == "" {
		return nil
	}
	return &web.SMSWebhook{AuthToken: o.sms.AuthToken(), URL: strings.TrimRight(o.outbox.BaseURL, "/") + "/sms/inbound"}
}

// serve runs the web server until ctx ends, then shuts down gracefully.
func serve(ctx context.Context, e *env, a *opened, o serveOptions) int {
	addr, secure, ready := o.addr, o.secure, o.ready
	logger := slog.New(slog.NewJSONHandler(e.stderr, nil))
	h, err := web.New(a.svc, web.Options{Logger: logger, SecureCookies: secure,
		Mailbox: o.mailbox, SMSWebhook: o.smsWebhook()})
	if err != nil {
		return fail(e, exitFailure, "%v", err)
	}
	defer h.Close() // bulk exports' files go with the server
	warmUp(ctx, a, logger)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fail(e, exitFailure, "listen on %s: %v", addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	// Event streams (the room's problems) end when shutdown begins, or
	// Shutdown would wait for them.
	base, stopStreams := context.WithCancel(context.Background())
	defer stopStreams()
	srv.BaseContext = func(net.Listener) context.Context { return base }
	srv.RegisterOnShutdown(stopStreams)
	go a.svc.WatchOverdueVitals(ctx, time.Minute)
	url := "http://" + ln.Addr().String()
	if o.outbox != nil {
		opts := *o.outbox
		if opts.BaseURL == "" {
			opts.BaseURL = url
		}
		drained := make(chan struct{})
		go func() { defer close(drained); deliverEveryMinute(ctx, a, opts, logger) }()
		defer func() { <-drained }() // shutdown waits for the delivery run in progress
	}
	logger.Info("listening", "url", url, "database", string(a.db.Engine()))
	if ready != nil {
		ready(url)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fail(e, exitFailure, "server: %v", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fail(e, exitFailure, "shutdown: %v", err)
	}
	return exitOK
}

// firstDeliveryDelay is how long after the server starts the first
// questionnaire schedule and outbox run waits.
const firstDeliveryDelay = 15 * time.Second

// warmUpLimit bounds the warm-up: past it serve listens anyway and the
// first pages fill what is left.
const warmUpLimit = 2 * time.Minute

// warmUp fills the analytics caches before the server listens, so the
// first patients' pages do not wait for each clinic's course rows, bands
// and estimates (cohort.WarmUp), and opens the pool's connections
// (store.WarmPool). A failure is logged, never fatal.
func warmUp(ctx context.Context, a *opened, logger *slog.Logger) {
	start := time.Now()
	clinics, err := a.db.Reader().AllClinics(ctx)
	if err != nil {
		logger.Warn("warm-up skipped", "error", err)
		return
	}
	ids := make([]int64, len(clinics))
	for i, c := range clinics {
		ids[i] = c.ID
	}
	wctx, cancel := context.WithTimeout(ctx, warmUpLimit)
	defer cancel()
	err = a.svc.WarmUp(wctx, ids, func(clinicID int64, took time.Duration) {
		logger.Info("warmed the analytics caches", "clinic", clinicID, "ms", took.Milliseconds())
	})
	if err != nil {
		logger.Warn("warm-up stopped; the first pages fill the rest", "error", err)
	}
	if err := a.db.WarmPool(wctx); err != nil {
		logger.Warn("could not open the database connections ahead", "error", err)
	}
	logger.Info("warm-up done", "clinics", len(ids), "ms", time.Since(start).Milliseconds())
}

func printf(e *env, format string, args ...any) { fmt.Fprintf(e.stdout, format, args...) }

// deliverEveryMinute runs the outbox (outreach.RunOutbox) until ctx ends,
// so that links and reminders go out without a cron job. Failures are
// logged and retried at the next run. A run in progress when ctx ends
// finishes (within runLimit), so a shutdown sends what it took rather
// than leaving it held.
func deliverEveryMinute(ctx context.Context, a *opened, opts outreach.OutboxOptions, logger *slog.Logger) {
	const runLimit = 2 * time.Minute
	// The first run waits a little: the staff's first pages after a start
	// do not queue behind its writes for the database's one writer.
	select {
	case <-ctx.Done():
		return
	case <-time.After(firstDeliveryDelay):
	}
	for {
		runCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), runLimit)
		rep, err := a.svc.RunOutbox(runCtx, opts)
		cancel()
		if err != nil {
			logger.Error("outbox run failed", "error", err)
		} else if rep.Sent+rep.Failed+rep.Scheduled > 0 {
			logger.Info("outbox", "scheduled", rep.Scheduled, "expired", rep.Expired, "sent", rep.Sent, "failed", rep.Failed)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Minute):
		}
	}
}
