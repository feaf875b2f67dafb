package web

import (
	"net/http"
	"slices"
	"strings"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/service/backend"
	"onset/internal/web/fhirapi"
	"onset/internal/web/page"
)

// routeTable is every route Onset serves: web's own, each capability
// package's (their Routes) and the FHIR API's. A route added anywhere must
// also be added to the route × role test, or that test fails.
func (s *Server) routeTable() []page.Route {
	return slices.Concat(s.ownRoutes(),
		s.admin.Routes(),       // users, audit, settings, export, own account (web/admin)
		s.calendar.Routes(),    // booking and the clinic calendar (web/calendar)
		s.intake.Routes(),      // intake and eligibility screening (web/intake)
		s.ledger.Routes(),      // the controlled-substance ledger (web/ledger)
		s.measurement.Routes(), // questionnaires, links, alerts, trajectories (web/measurement)
		s.messages.Routes(),    // secure messages (web/messages)
		s.notes.Routes(),       // clinical notes and their templates (web/notes)
		s.outcomes.Routes(),    // outcome analytics (web/outcomes)
		s.plans.Routes(),       // plans, protocols, PK, what to expect (web/plans)
		s.treatment.Routes(),   // the room, REMS, sign-off, the Today board (web/treatment)
		s.fhirRoutes())
}

// ownRoutes are the routes web serves itself: sign-in and passwords, the
// home page, the patient list, record and its edits, caseloads, the
// organization, the JSON API's patients and description, the outbox, the
// portal's invitation, public booking and the SMS webhook.
func (s *Server) ownRoutes() []page.Route {
	return []page.Route{
		page.Public("GET /healthz", s.healthz),
		page.Public("GET /metrics", s.serveMetrics),
		page.Public("GET /login", s.loginPage),
		page.Public("POST /login", s.login),
		page.Partial("GET /login/mfa", s.mfaPage),
		page.Partial("POST /login/mfa", s.mfa),
		page.Partial("GET /mfa/setup", s.mfaSetupPage),
		page.Partial("POST /mfa/setup", s.mfaSetup),
		page.Partial("POST /logout", s.logout),
		page.Public("POST "+fhirapi.TokenPath, s.backendToken), // SMART Backend Services (fhirapi/smart.go)
		page.Full("GET /{$}", service.ActHome, s.home),
		page.Full("GET /patients", service.ActPatientList, s.patientList),
		page.Full("POST /patients", service.ActPatientCreate, s.patientCreate),
		page.Full("GET /patients/{id}", service.ActPatientRead, s.patientPage),
		page.Full("GET /patients/{id}/edit", service.ActPatientUpdate, s.patientEditPage), // (patient_edit.go)
		page.Full("POST /patients/{id}/edit", service.ActPatientUpdate, s.patientEdit),
		page.Full("POST /patients/{id}/therapists", service.ActCaseloadManage, s.caseloadAssign), // (caseload.go)
		page.Full("POST /patients/{id}/therapists/{uid}/end", service.ActCaseloadManage, s.caseloadEnd),
		page.Full("GET /worklist", service.ActWorklist, s.worklistPage),    // (worklist.go)
		page.Full("POST /clinic", service.ActClinicSwitch, s.clinicSwitch), // a clinic group (organization.go)
		page.Full("GET /org", service.ActOrgManage, s.organizationPage),
		page.Full("POST /org/clinics", service.ActOrgManage, s.organizationAddClinic),
		page.Full("POST /org/clinics/{id}", service.ActOrgManage, s.organizationRenameClinic),
		page.Full("POST /org/staff/{id}", service.ActOrgManage, s.organizationStaff),
		page.Full("POST /patients/{id}/transfer", service.ActOrgManage, s.patientTransfer),
		page.Full("GET /api/v1/me", service.ActOwnAccount, s.apiMe),
		page.Full("GET /api/v1/patients", service.ActPatientList, s.apiPatients),
		page.Full("POST /api/v1/patients", service.ActPatientCreate, s.apiPatientCreate),
		page.Full("GET /api/v1/patients/{id}", service.ActPatientRead, s.apiPatient),
		page.Public("GET /api/v1/openapi.json", s.apiOpenAPI),                            // the API described, OpenAPI 3.1 (openapi.go)
		page.Full("POST /patients/{id}/contact", service.ActContactSet, s.contactSet),    // how the patient is reached (contact.go)
		page.Full("POST /patients/{id}/invite", service.ActPortalInvite, s.portalInvite), // (password_email.go)
		page.Public("GET /password/forgot", s.passwordForgotPage),
		page.Public("POST /password/forgot", s.passwordForgot),
		page.Public("GET /password/set", s.passwordSetPage),
		page.Public("POST /password/set", s.passwordSet),
		// Public consultation booking for new patients (public.go).
		page.Public("GET /book", s.publicBookPage),
		page.Public("POST /book", s.publicBook),
		page.Public("POST /sms/inbound", s.smsInbound),                // the SMS provider's webhook, signed (sms.go)
		page.Full("GET /outbox", service.ActOutboxRead, s.outboxPage), // messages to patients (outbox.go)
		page.Full("POST /outbox/{id}/retry", service.ActOutboxRetry, s.outboxSendNow),
	}
}

// backendToken is the token endpoint of SMART Backend Services; its
// answers, refusals included, are OAuth JSON.
func (s *Server) backendToken(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	s.fhir.Token(w, r, page.ClientAddress(r), page.RequestID(r))
	return nil
}

// fhirRoutes are the FHIR R4 API's interactions (package fhirapi), behind
// the same wrapper: authentication, the policy table, audit.
func (s *Server) fhirRoutes() []page.Route {
	var out []page.Route
	for _, fr := range s.fhir.Routes() {
		rt := page.Full(fr.Pattern, fr.Action, page.Handler(fr.H))
		if fr.Public {
			rt = page.Public(fr.Pattern, page.Handler(fr.H))
		}
		out = append(out, rt)
	}
	return out
}

// wrap authenticates, applies the access rule and the policy table, checks
// the CSRF token on browser writes, and maps any error to a response.
func (s *Server) wrap(rt page.Route) http.Handler {
	if rt.Access == page.AccessFull && !service.Known(rt.Action) {
		panic("web: route " + rt.Pattern + " has no action in the policy table")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page.SetRoute(r, rt.Pattern)
		if rt.IsAPI() || rt.IsFHIR() {
			r = r.WithContext(page.WithAPI(r.Context()))
		}
		if rt.IsFHIR() {
			r = r.WithContext(page.WithFHIR(r.Context()))
		}
		var p *accounts.Principal
		if rt.Access != page.AccessPublic {
			var err error
			if p, err = s.authenticate(r, rt); err != nil {
				s.RenderError(w, r, p, err)
				return
			}
		}
		if r.Method == http.MethodPost || r.Method == http.MethodPut {
			r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
			// Forms are parsed once, here; JSON bodies are left to the API handlers.
			if err := r.ParseForm(); err != nil {
				s.RenderError(w, r, p, page.ErrUnreadableForm(err))
				return
			}
			if p != nil && p.SessionHash != "" && !page.ValidCSRF(r, p.CSRF) {
				s.RenderError(w, r, p, page.ErrCSRF)
				return
			}
			var err error
			if r, err = page.WithFormToken(r, rt, p); err != nil {
				s.RenderError(w, r, p, err)
				return
			}
		}
		w, r, aw := s.withAuditBatch(w, r)
		if err := rt.H(w, r, p); err != nil {
			s.RenderError(w, r, p, err)
		}
		if aw != nil {
			aw.start() // a handler that wrote nothing still has its reads on the record
		}
	})
}

// authenticate finds the caller (bearer token for the API, the session
// cookie otherwise) and applies the route's access rule.
func (s *Server) authenticate(r *http.Request, rt page.Route) (*accounts.Principal, error) {
	ctx, addr, rid := r.Context(), page.ClientAddress(r), page.RequestID(r)
	var p accounts.Principal
	var err error
	if h := r.Header.Get("Authorization"); (rt.IsAPI() || rt.IsFHIR()) && h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil, clinic.Errorf(clinic.Unauthenticated, "Use Authorization: Bearer <token>.")
		}
		token = strings.TrimSpace(token)
		switch {
		case strings.HasPrefix(token, backend.TokenPrefix) && !rt.IsFHIR():
			return nil, clinic.Errorf(clinic.Unauthenticated, "A backend client's token is for the FHIR API (/fhir) only.")
		case strings.HasPrefix(token, backend.TokenPrefix):
			p.Actor, err = s.Svc.AuthenticateBackendToken(ctx, token, addr, rid)
			p.MFAPassed = true // the signed assertion stands in for a sign-in
		default:
			p, err = s.Svc.AuthenticateAPIToken(ctx, token, addr, rid)
		}
	} else {
		c, cerr := r.Cookie(sessionCookie)
		if cerr != nil || c.Value == "" {
			return nil, clinic.Errorf(clinic.Unauthenticated, "Please sign in.")
		}
		if page.IsBackground(r) {
			p, err = s.Svc.AuthenticateBackground(ctx, c.Value, addr, rid)
		} else {
			p, err = s.Svc.Authenticate(ctx, c.Value, addr, rid)
		}
	}
	if err != nil {
		return nil, err
	}
	if rt.Access == page.AccessFull {
		if !p.MFAPassed {
			return &p, page.ErrNeedMFA
		}
		if !service.Allowed(p.Role, rt.Action) {
			return &p, clinic.Errorf(clinic.Forbidden, "You do not have permission to open this page.")
		}
	}
	return &p, nil
}
