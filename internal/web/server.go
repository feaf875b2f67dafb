// Package web serves Onset's pages, its JSON API under /api/v1 and the
// operational endpoints. It parses and authenticates requests, calls
// package service, and renders results; it never touches storage.
package web

import (
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"onset/internal/app"
	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/web/admin"
	"onset/internal/web/calendar"
	"onset/internal/web/fhirapi"
	"onset/internal/web/intake"
	"onset/internal/web/ledger"
	"onset/internal/web/measurement"
	"onset/internal/web/messages"
	"onset/internal/web/notes"
	"onset/internal/web/outcomes"
	"onset/internal/web/page"
	"onset/internal/web/plans"
	"onset/internal/web/treatment"
	"onset/ui"
)

// Options configure the handler.
type Options struct {
	Logger *slog.Logger
	// SecureCookies marks cookies Secure even when the request did not
	// arrive over TLS (Onset behind a TLS-terminating proxy).
	SecureCookies bool
	Now           func() time.Time
	// LiveRefresh is how often a session page refreshes its live parts
	// (vital signs, alerts, discharge readiness) in the background; 30 s
	// when zero.
	LiveRefresh time.Duration
	// Mailbox, set by onset demo, shows on the outbox page what the demo
	// clinic's in-process mail and SMS servers received.
	Mailbox *Mailbox
	// SMSWebhook, when the clinic texts patients, takes their replies
	// (STOP, START, HELP) at POST /sms/inbound.
	SMSWebhook *SMSWebhook
}

// Server is Onset's HTTP handler.
type Server struct {
	*page.Kit   // the use cases, templates, notices and zones every page uses (package page)
	opts        Options
	metrics     *metrics
	handler     http.Handler
	routes      []page.Route
	ledger      *ledger.Pages
	calendar    *calendar.Pages
	outcomes    *outcomes.Pages
	treatment   *treatment.Pages
	plans       *plans.Pages
	measurement *measurement.Pages
	admin       *admin.Pages
	notes       *notes.Pages
	intake      *intake.Pages
	messages    *messages.Pages
	fhir        *fhirapi.API // the FHIR R4 API under /fhir
}

// New builds the handler; it fails if a template does not parse.
func New(svc *app.App, opts Options) (*Server, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.LiveRefresh <= 0 {
		opts.LiveRefresh = 30 * time.Second
	}
	kit, err := page.New(svc, page.Config{Logger: opts.Logger, Now: opts.Now, SecureCookies: opts.SecureCookies,
		LiveRefresh: opts.LiveRefresh, FHIRError: fhirapi.WriteError})
	if err != nil {
		return nil, err
	}
	s := &Server{Kit: kit, opts: opts, metrics: newMetrics(), fhir: fhirapi.New(svc, opts.Now, opts.SecureCookies)}
	s.mountCapabilities()
	s.routes = s.routeTable()
	mux := http.NewServeMux()
	static, _ := fs.Sub(ui.Static, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))
	for _, rt := range s.routes {
		mux.Handle(rt.Pattern, s.wrap(rt))
	}
	mux.Handle("/", s.wrap(page.Public("/", s.notFound)))
	mux.Handle("/fhir/", s.wrap(page.Public("/fhir/", s.fhir.NotFound))) // an OperationOutcome
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.RenderError(w, r, nil, page.ErrCrossOrigin)
	}))
	s.handler = s.observe(securityHeaders(cop.Handler(mux)))
	return s, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes lists every registered route's pattern and access rule, for the
// route × role test.
func (s *Server) Routes() []RouteInfo {
	out := make([]RouteInfo, len(s.routes))
	for i, rt := range s.routes {
		out[i] = RouteInfo{Pattern: rt.Pattern, Action: rt.Action, Access: rt.Access.String()}
	}
	return out
}

// RouteInfo describes one route.
type RouteInfo struct {
	Pattern string
	Action  service.Action
	Access  string
}

func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

// Close releases what the handler holds beyond a request: running bulk
// exports stop and every export's files are removed.
func (s *Server) Close() { s.fhir.Close() }

func (s *Server) notFound(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	return clinic.Errorf(clinic.NotFound, "There is no page at this address.")
}

// mountCapabilities makes the capability packages' handlers over the Kit.
func (s *Server) mountCapabilities() {
	s.admin, s.calendar, s.intake, s.ledger = admin.New(s.Kit), calendar.New(s.Kit), intake.New(s.Kit), ledger.New(s.Kit)
	s.measurement, s.messages, s.notes = measurement.New(s.Kit), messages.New(s.Kit), notes.New(s.Kit)
	s.outcomes, s.plans, s.treatment = outcomes.New(s.Kit), plans.New(s.Kit), treatment.New(s.Kit)
}
