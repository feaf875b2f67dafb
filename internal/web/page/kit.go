// Package page holds what every page of Onset's web adapter needs: the
// Kit (the use cases, the parsed templates, the notices that wait for the
// page after a form, each clinic's time zone), rendering a page or an
// error, the signed-in principal's request helpers (request ID, client
// address, CSRF and form tokens), reading forms and JSON bodies, and the
// route type the capability packages (web/calendar, web/ledger, …) list
// their routes in. Package web mounts those routes behind its wrapper;
// this package imports none of them, nor web.
package page

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"onset/internal/app"
)

// Config configures the Kit.
type Config struct {
	Logger *slog.Logger
	Now    func() time.Time
	// SecureCookies: Onset runs behind a TLS-terminating proxy, so cookies
	// are Secure and the links it writes are https.
	SecureCookies bool
	// LiveRefresh is how often a page refreshes its live parts.
	LiveRefresh time.Duration
	// FHIRError answers an error of a FHIR API request (an OperationOutcome).
	FHIRError func(w http.ResponseWriter, status int, err error)
}

// Kit is what every handler uses: the use cases and the page machinery.
// A capability package's handlers are methods of a type that embeds it.
type Kit struct {
	Svc           *app.App
	Log           *slog.Logger
	Now           func() time.Time
	SecureCookies bool
	LiveRefresh   time.Duration

	fhirError func(w http.ResponseWriter, status int, err error)
	pages     map[string]*template.Template
	notices   *noticeBoard // what the page after a form's redirect shows (notices.go)
	zones     zoneCache    // each clinic's time zone (zones.go)
}

// New parses the templates; it fails if one does not parse.
func New(svc *app.App, cfg Config) (*Kit, error) {
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	return &Kit{Svc: svc, Log: cfg.Logger, Now: cfg.Now, SecureCookies: cfg.SecureCookies, LiveRefresh: cfg.LiveRefresh,
		fhirError: cfg.FHIRError, pages: pages, notices: newNoticeBoard(cfg.Now)}, nil
}

// Zone is the clinic's time zone (kept a minute, zones.go).
func (k *Kit) Zone(ctx context.Context, clinicID int64) *time.Location {
	return k.zones.of(ctx, clinicID, k.Svc.ClinicZone)
}

// ForgetZone drops a clinic's zone, after its settings change.
func (k *Kit) ForgetZone(clinicID int64) { k.zones.forget(clinicID) }

// CrisisText is what a patient is shown after a questionnaire, on a
// closed link's page, in the portal and beside messages: the clinic's own
// crisis text (its settings), else the deployment's default
// (settings.DefaultCrisisText). clinicID 0 (a link that names no clinic)
// gets the default.
func (k *Kit) CrisisText(r *http.Request, clinicID int64) []string {
	return k.Svc.CrisisText(r.Context(), clinicID)
}
