package page

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/service/floor"
	"onset/ui"
)

// Page is what every template receives.
type Page struct {
	Title     string
	Principal *accounts.Principal
	Can       permissions
	Flash     string
	Warning   string // something done that needs attention (an alert raised): a warning, never a success style
	Error     string
	Data      any
	// Zone is the clinic's time zone: pages show times in it (the "local"
	// template function) and name it (ZoneName). render fills it in.
	Zone *time.Location
	// Unread is how many of the clinic's conversations wait to be read,
	// beside Messages in the menu. render fills it in.
	Unread int
	// Work is how many worklist items wait for the member of staff, beside
	// Worklist in the menu (a per-actor count kept for 30 s, service/worklist).
	Work int
}

// ZoneName is the zone's abbreviation now (PST, CEST, UTC), for labels.
func (pg Page) ZoneName() string {
	if pg.Zone == nil {
		return "UTC"
	}
	return time.Now().In(pg.Zone).Format("MST")
}

// permissions tell the layout which links to show; the use cases enforce them.
type permissions struct {
	PatientList, PatientCreate, AuditRead, UserManage, OutcomesRead, SessionRead, CalendarRead, LedgerRead, BoardRead bool
	OutboxRead, OutboxRetry, NoteRead, PlanRead, IntakeRead                                                           bool
	Messages                                                                                                          bool // the clinic's conversations (staff)
	OrgManage                                                                                                         bool // the organization page (organization admins)
	Worklist                                                                                                          bool // the worklist (staff)
}

// plainRouteNames are the routes as patients say them (charts use short codes).
var plainRouteNames = map[clinic.Route]string{
	clinic.RouteIV:         "IV infusion",
	clinic.RouteIM:         "injection into a muscle (IM)",
	clinic.RouteEsketamine: "esketamine nasal spray",
	clinic.RouteSublingual: "under the tongue (sublingual)",
	clinic.RouteOral:       "by mouth (oral)",
}

var funcs = template.FuncMap{
	"routeName": func(r clinic.Route) string {
		if n, ok := plainRouteNames[r]; ok {
			return n
		}
		return string(r)
	},
	"minutes": func(d time.Duration) int { return int(d / time.Minute) },
	// local writes an instant in the clinic's zone: {{local $.Zone .At "15:04"}}.
	"local": func(zone *time.Location, t time.Time, layout string) string {
		if zone == nil {
			zone = time.UTC
		}
		return t.In(zone).Format(layout)
	},
	"formToken": NewFormToken, // a fresh token for each form (form_token.go)
	"telLinks":  telLinks,     // phone numbers as tap-to-call links (tel.go)
	// stateClass makes a board state a CSS class: "ready for discharge" → "ready-for-discharge".
	"stateClass": func(s floor.BoardState) string { return strings.ReplaceAll(string(s), " ", "-") },
	"perKg": func(mg, kg float64) float64 {
		if kg == 0 {
			return 0
		}
		return mg / kg
	},
}

// AddFuncs adds template functions a capability's pages use; call it from
// an init function, before New parses the templates.
func AddFuncs(fm template.FuncMap) { maps.Copy(funcs, fm) }

// parsePages parses layout.html with each page, once, at start-up, so a
// broken template stops the server from starting rather than a page.
func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(ui.Templates, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(ui.Templates, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// Render executes a page into a buffer first, so a template error becomes
// a clean 500 instead of half a page.
func (s *Kit) Render(w http.ResponseWriter, r *http.Request, status int, name string, pg Page) {
	if pg.Principal != nil {
		role := pg.Principal.Role
		pg.Can = permissions{
			PatientList:   service.Allowed(role, service.ActPatientList),
			PatientCreate: service.Allowed(role, service.ActPatientCreate),
			AuditRead:     service.Allowed(role, service.ActAuditRead),
			UserManage:    service.Allowed(role, service.ActUserManage),
			OutcomesRead:  service.Allowed(role, service.ActOutcomesRead),
			SessionRead:   service.Allowed(role, service.ActSessionRead),
			CalendarRead:  service.Allowed(role, service.ActCalendarRead),
			LedgerRead:    service.Allowed(role, service.ActLedgerRead),
			BoardRead:     service.Allowed(role, service.ActBoardRead),
			OutboxRead:    service.Allowed(role, service.ActOutboxRead),
			OutboxRetry:   service.Allowed(role, service.ActOutboxRetry),
			NoteRead:      service.Allowed(role, service.ActNoteRead),
			PlanRead:      service.Allowed(role, service.ActPlanRead),
			IntakeRead:    service.Allowed(role, service.ActIntakeRead),
			Messages:      role != clinic.RolePatient && service.Allowed(role, service.ActMessageRead),
			OrgManage:     service.AuthorizeOrg(pg.Principal.Actor) == nil,
			Worklist:      role != clinic.RolePatient && service.Allowed(role, service.ActWorklist),
		}
		if pg.Can.Worklist && !IsBackground(r) {
			pg.Work, _ = s.Svc.WorklistCount(r.Context(), pg.Principal.Actor) // a count for the menu; none shown if it fails
		}
		if pg.Can.Messages && !IsBackground(r) {
			pg.Unread, _ = s.Svc.UnreadThreads(r.Context(), pg.Principal.Actor) // a count for the menu; none shown if it fails
		}
	}
	if pg.Zone == nil {
		pg.Zone = time.UTC
		if pg.Principal != nil {
			pg.Zone = s.Zone(r.Context(), pg.Principal.ClinicID)
		}
	}
	if pg.Flash == "" && pg.Warning == "" && pg.Error == "" {
		pd := s.TakePending(r, pg.Principal)
		pg.Flash, pg.Warning, pg.Error = pd.Notice, pd.Warning, pd.Error
		if pg.Principal == nil && pg.Flash == "" {
			pg.Flash = signedOutNotices[r.URL.Query().Get("notice")]
		}
	}
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, "layout", pg); err != nil {
		s.Log.ErrorContext(r.Context(), "template failed", "request_id", RequestID(r), "page", name, "error", err)
		http.Error(w, "Internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
