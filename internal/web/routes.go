package web

import (
	"net/http"
	"strings"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/service/backend"
	"onset/internal/web/fhirapi"
)

// access says who may reach a route before the policy table is asked.
type access int

const (
	public  access = iota // anyone
	partial               // a session that has not finished two-step sign-in
	full                  // a complete sign-in (or API token), then the route's action
)

func (a access) String() string { return [...]string{"public", "partial", "full"}[a] }

type handler func(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error

type route struct {
	pattern string
	access  access
	action  service.Action // for full routes: the policy table's action
	h       handler
}

func (r route) isAPI() bool { return strings.Contains(r.pattern, " /api/") }

// isFHIR reports the FHIR API (package fhirapi), the catch-all "/fhir/" too: like
// the JSON API it takes bearer tokens; its errors are OperationOutcomes.
func (r route) isFHIR() bool {
	return strings.Contains(r.pattern, " /fhir/") || strings.HasPrefix(r.pattern, "/fhir/")
}

// signIn reports the sign-in steps: they open sessions and record nothing.
func (r route) signIn() bool { return r.access == partial || r.pattern == "POST /login" }

// routeTable is every route Onset serves. A route added here must also be
// added to the route × role test, or that test fails.
func (s *Server) routeTable() []route {
	return append([]route{
		{"GET /healthz", public, "", s.healthz},
		{"GET /metrics", public, "", s.serveMetrics},
		{"GET /login", public, "", s.loginPage},
		{"POST /login", public, "", s.login},
		{"GET /login/mfa", partial, "", s.mfaPage},
		{"POST /login/mfa", partial, "", s.mfa},
		{"GET /mfa/setup", partial, "", s.mfaSetupPage},
		{"POST /mfa/setup", partial, "", s.mfaSetup},
		{"POST /logout", partial, "", s.logout},
		{"POST " + fhirapi.TokenPath, public, "", s.backendToken}, // SMART Backend Services (fhirapi/smart.go)
		{"GET /{$}", full, service.ActHome, s.home},
		{"GET /patients", full, service.ActPatientList, s.patientList},
		{"POST /patients", full, service.ActPatientCreate, s.patientCreate},
		{"GET /patients/{id}", full, service.ActPatientRead, s.patientPage},
		{"GET /patients/{id}/edit", full, service.ActPatientUpdate, s.patientEditPage}, // (patient_edit.go)
		{"POST /patients/{id}/edit", full, service.ActPatientUpdate, s.patientEdit},
		{"POST /patients/{id}/therapists", full, service.ActCaseloadManage, s.caseloadAssign}, // (caseload.go)
		{"POST /patients/{id}/therapists/{uid}/end", full, service.ActCaseloadManage, s.caseloadEnd},
		{"GET /worklist", full, service.ActWorklist, s.worklistPage},         // (worklist.go)
		{"GET /patients/{id}/notes", full, service.ActNoteRead, s.notesPage}, // clinical notes (notes.go)
		{"POST /patients/{id}/notes", full, service.ActNoteWrite, s.noteCreate},
		{"GET /notes/{nid}", full, service.ActNoteRead, s.notePage},
		{"POST /notes/{nid}", full, service.ActNoteWrite, s.noteSave},
		{"POST /notes/{nid}/sign", full, service.ActNoteWrite, s.noteSign},
		{"POST /notes/{nid}/addenda", full, service.ActNoteWrite, s.noteAddendum},
		{"GET /admin/note-templates", full, service.ActNoteTemplates, s.noteTemplatesPage}, // (note_templates.go)
		{"POST /admin/note-templates", full, service.ActNoteTemplates, s.noteTemplateSave},
		{"POST /admin/note-templates/{ntid}/delete", full, service.ActNoteTemplates, s.noteTemplateDelete},
		{"GET /audit", full, service.ActAuditRead, s.auditPage},
		{"GET /audit.csv", full, service.ActAuditRead, s.auditCSV},
		{"GET /admin/clinic", full, service.ActClinicSettings, s.clinicSettingsPage}, // (clinic_settings.go)
		{"POST /clinic", full, service.ActClinicSwitch, s.clinicSwitch},              // a clinic group (organization.go)
		{"GET /org", full, service.ActOrgManage, s.organizationPage},
		{"POST /org/clinics", full, service.ActOrgManage, s.organizationAddClinic},
		{"POST /org/clinics/{id}", full, service.ActOrgManage, s.organizationRenameClinic},
		{"POST /org/staff/{id}", full, service.ActOrgManage, s.organizationStaff},
		{"POST /patients/{id}/transfer", full, service.ActOrgManage, s.patientTransfer},
		{"POST /admin/clinic", full, service.ActClinicSettings, s.clinicSettingsSave},
		{"GET /admin/export.zip", full, service.ActClinicExport, s.clinicExport}, // the whole clinic as CSV (clinic_export.go)
		{"GET /admin/users", full, service.ActUserManage, s.usersPage},
		{"POST /admin/users", full, service.ActUserManage, s.userCreate},
		{"POST /admin/users/{id}/disable", full, service.ActUserManage, s.userDisable},
		{"POST /admin/users/{id}/enable", full, service.ActUserManage, s.userEnable},
		{"GET /account", full, service.ActOwnAccount, s.accountPage},
		{"POST /account/tokens", full, service.ActOwnTokens, s.tokenCreate},
		{"POST /account/tokens/{id}/revoke", full, service.ActOwnTokens, s.tokenRevoke},
		{"GET /api/v1/me", full, service.ActOwnAccount, s.apiMe},
		{"GET /api/v1/patients", full, service.ActPatientList, s.apiPatients},
		{"POST /api/v1/patients", full, service.ActPatientCreate, s.apiPatientCreate},
		{"GET /api/v1/patients/{id}", full, service.ActPatientRead, s.apiPatient},
		{"GET /api/v1/openapi.json", public, "", s.apiOpenAPI}, // the API described, OpenAPI 3.1 (openapi.go)
		// Measurement-based care (assessments.go, links.go, alerts.go, trajectory.go).
		{"GET /patients/{id}/assessments/new", full, service.ActAssessmentRecord, s.assessmentForm},
		{"POST /patients/{id}/assessments", full, service.ActAssessmentRecord, s.assessmentCreate},
		{"POST /patients/{id}/links", full, service.ActLinkCreate, s.linkCreate},
		{"POST /patients/{id}/contact", full, service.ActContactSet, s.contactSet},    // how the patient is reached (contact.go)
		{"POST /patients/{id}/invite", full, service.ActPortalInvite, s.portalInvite}, // (password_email.go)
		{"GET /password/forgot", public, "", s.passwordForgotPage},
		{"POST /password/forgot", public, "", s.passwordForgot},
		{"GET /password/set", public, "", s.passwordSetPage},
		{"POST /password/set", public, "", s.passwordSet},
		{"POST /alerts/{id}/acknowledge", full, service.ActAlertAck, s.alertAcknowledge},
		{"GET /q/{token}", public, "", s.questionnairePage},
		{"POST /q/{token}", public, "", s.questionnaireSubmit},
		// Public consultation booking for new patients (public.go).
		{"GET /book", public, "", s.publicBookPage},
		{"POST /book", public, "", s.publicBook},
		{"POST /sms/inbound", public, "", s.smsInbound}, // the SMS provider's webhook, signed (sms.go)
		{"POST /api/v1/patients/{id}/assessments", full, service.ActAssessmentRecord, s.apiAssessmentCreate},
		{"GET /api/v1/patients/{id}/trajectory", full, service.ActPatientRead, s.apiTrajectory},
		// Treatment plans and expected concentrations (plans.go, pk.go).
		{"GET /patients/{id}/plans", full, service.ActPlanRead, s.plansPage},
		{"POST /patients/{id}/plans", full, service.ActPlanDraft, s.planCreate},
		{"GET /patients/{id}/plans/{plan}", full, service.ActPlanRead, s.planPage},
		{"POST /patients/{id}/plans/{plan}/edit", full, service.ActPlanDraft, s.planEdit},
		{"POST /patients/{id}/plans/{plan}/sign", full, service.ActPlanSign, s.planSign},
		{"POST /patients/{id}/plans/{plan}/amend", full, service.ActPlanDraft, s.planAmend},
		{"GET /patients/{id}/pk/compare", full, service.ActPKCompare, s.pkCompare},
		{"GET /patients/{id}/expect", full, service.ActExpect, s.expectPage},
		{"GET /api/v1/patients/{id}/plan", full, service.ActExpect, s.apiSignedPlan},
		// Outcome analytics (outcomes.go).
		{"GET /outcomes", full, service.ActOutcomesRead, s.outcomesPage},
		{"GET /outcomes/courses.csv", full, service.ActOutcomesRead, s.outcomesCSV},
		{"GET /outcomes/model.csv", full, service.ActOutcomesRead, s.outcomesModelCSV},
		{"GET /outcomes/report.pdf", full, service.ActOutcomesRead, s.outcomesPDF},
		{"GET /protocols", full, service.ActPlanRead, s.protocolsPage},
		{"GET /admin/session-settings", full, service.ActSessionRead, s.sessionSettingsPage},
		{"POST /admin/session-settings", full, service.ActSessionSettings, s.sessionSettingsSave},
		{"POST /protocols", full, service.ActProtocolEdit, s.protocolSave},
		{"GET /api/v1/outcomes", full, service.ActOutcomesRead, s.apiOutcomes},
		{"GET /api/v1/outcomes/bands", full, service.ActOutcomeBands, s.apiOutcomeBands},
		{"GET /api/v1/outcomes/model", full, service.ActOutcomesRead, s.apiOutcomeModel},
		// Treatment sessions in the room (treatment.go).
		{"GET /patients/{id}/treatment", full, service.ActSessionRead, s.treatmentPatientPage},
		{"POST /patients/{id}/treatment", full, service.ActSessionCheckIn, s.treatmentCheckIn},
		{"GET /treatment/{sid}", full, service.ActSessionRead, s.treatmentPage},
		{"POST /treatment/{sid}/hold", full, service.ActSessionHold, s.treatmentHold},
		{"POST /treatment/{sid}/dose", full, service.ActSessionDose, s.treatmentDose},
		{"POST /treatment/{sid}/vitals", full, service.ActSessionChart, s.treatmentVitals},
		{"POST /treatment/{sid}/alerts/{alert}/acknowledge", full, service.ActSessionChart, s.treatmentAlertAck},
		{"POST /treatment/{sid}/effects", full, service.ActSessionChart, s.treatmentEffect},
		{"POST /treatment/{sid}/environment", full, service.ActSessionChart, s.treatmentEnvironment},
		{"POST /treatment/{sid}/discharge", full, service.ActSessionDischarge, s.treatmentDischarge},
		{"GET /treatment/{sid}/rems", full, service.ActSessionRead, s.remsPage},
		{"GET /treatment/{sid}/rems.pdf", full, service.ActSessionRead, s.remsPDF},
		{"POST /treatment/{sid}/rems", full, service.ActSessionChart, s.remsSave},
		{"POST /treatment/{sid}/rems/sign", full, service.ActREMSSign, s.remsSign},
		{"GET /rems", full, service.ActSessionRead, s.remsQueue},
		{"GET /events/room", full, service.ActRoomWatch, s.roomEvents}, // the room's problems, live (room.go)
		{"GET /outbox", full, service.ActOutboxRead, s.outboxPage},     // messages to patients (outbox.go)
		{"POST /outbox/{id}/retry", full, service.ActOutboxRetry, s.outboxSendNow},
		{"GET /today", full, service.ActBoardRead, s.todayPage}, // the Today board (today.go)
		// Session sign-off, addenda and REMS enrolment (treatment_signoff.go).
		{"POST /treatment/{sid}/sign", full, service.ActSessionSign, s.treatmentSign},
		{"POST /treatment/{sid}/addenda", full, service.ActSessionAddendum, s.treatmentAddendum},
		{"POST /patients/{id}/rems-enrolment", full, service.ActREMSEnrol, s.remsEnrol},
		// Booking and the clinic calendar (booking.go, calendar.go).
		{"GET /calendar", full, service.ActCalendarRead, s.calendarPage},
		{"GET /calendar/book", full, service.ActCalendarRead, s.calendarBookPage}, // a free quarter hour of the grid (calendar_book.go)
		{"POST /calendar/book", full, service.ActCalendarRead, s.calendarBook},
		{"GET /calendar.ics", full, service.ActCalendarRead, s.calendarICS},
		{"GET /patients/{id}/appointments", full, service.ActAppointmentRead, s.appointmentsPage},
		{"GET /patients/{id}/appointments.ics", full, service.ActAppointmentRead, s.appointmentsICS},
		{"POST /patients/{id}/appointments", full, service.ActAppointmentBook, s.appointmentBook},
		{"POST /patients/{id}/appointments/series", full, service.ActAppointmentBook, s.appointmentSeries},
		{"POST /patients/{id}/waitlist", full, service.ActWaitlistManage, s.waitlistAdd},
		{"POST /appointments/{aid}/cancel", full, service.ActAppointmentBook, s.appointmentCancel},
		{"POST /appointments/{aid}/move", full, service.ActAppointmentBook, s.appointmentMove},
		{"POST /appointments/{aid}/arrive", full, service.ActArrival, s.appointmentArrive}, // the Today board (today.go)
		{"GET /api/v1/patients/{id}/appointments", full, service.ActAppointmentRead, s.apiAppointments},
		{"GET /admin/booking", full, service.ActBookingSetup, s.bookingSetupPage},
		{"POST /admin/booking/settings", full, service.ActBookingSetup, s.bookingSettingsSave},
		{"POST /admin/booking/resources", full, service.ActBookingSetup, s.bookingResourceAdd},
		{"POST /admin/booking/providers", full, service.ActBookingSetup, s.bookingProviderAdd},
		// Intake and eligibility screening (intake.go).
		{"GET /patients/{id}/intake", full, service.ActIntakeRead, s.intakePage},
		{"POST /patients/{id}/intake", full, service.ActIntakeRecord, s.intakeSave},
		{"POST /patients/{id}/screening/override", full, service.ActScreeningOverride, s.screeningOverride},
		// Controlled-substance ledger (ledger.go).
		{"GET /ledger", full, service.ActLedgerRead, s.ledgerPage},
		{"POST /ledger/receive", full, service.ActLedgerRecord, s.ledgerReceive},
		{"POST /ledger/count", full, service.ActLedgerRecord, s.ledgerCount},
		{"POST /ledger/waste", full, service.ActLedgerRecord, s.ledgerWaste},
		{"POST /ledger/correct", full, service.ActLedgerRecord, s.ledgerCorrect},
		{"POST /ledger/move", full, service.ActLedgerRecord, s.ledgerMove},
		{"GET /ledger/inventory", full, service.ActLedgerRead, s.ledgerInventory},
		// Secure messages between a patient and their care team (messages.go).
		{"GET /messages", full, service.ActMessageRead, s.messagesPage}, // the clinic's conversations; a patient is sent to theirs
		{"GET /patients/{id}/messages", full, service.ActMessageRead, s.patientMessagesPage},
		{"POST /patients/{id}/messages", full, service.ActMessageSend, s.threadStart},
		{"GET /messages/{tid}", full, service.ActMessageRead, s.threadPage},
		{"POST /messages/{tid}/reply", full, service.ActMessageSend, s.threadReply},
		{"POST /messages/{tid}/assign", full, service.ActMessageAssign, s.threadAssign},
		{"POST /messages/{tid}/read", full, service.ActMessageRead, s.threadMarkRead},
	}, s.fhirRoutes()...)
}

// backendToken is the token endpoint of SMART Backend Services; its
// answers, refusals included, are OAuth JSON.
func (s *Server) backendToken(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	s.fhir.Token(w, r, clientAddress(r), requestID(r))
	return nil
}

// fhirRoutes are the FHIR R4 API's interactions (package fhirapi), behind
// the same wrapper: authentication, the policy table, audit.
func (s *Server) fhirRoutes() []route {
	var out []route
	for _, fr := range s.fhir.Routes() {
		rt := route{pattern: fr.Pattern, access: full, action: fr.Action, h: handler(fr.H)}
		if fr.Public {
			rt.access = public
		}
		out = append(out, rt)
	}
	return out
}

// wrap authenticates, applies the access rule and the policy table, checks
// the CSRF token on browser writes, and maps any error to a response.
func (s *Server) wrap(rt route) http.Handler {
	if rt.access == full && !service.Known(rt.action) {
		panic("web: route " + rt.pattern + " has no action in the policy table")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setRoute(r, rt.pattern)
		if rt.isAPI() || rt.isFHIR() {
			r = r.WithContext(withAPI(r.Context()))
		}
		if rt.isFHIR() {
			r = r.WithContext(withFHIR(r.Context()))
		}
		var p *accounts.Principal
		if rt.access != public {
			var err error
			if p, err = s.authenticate(r, rt); err != nil {
				s.renderError(w, r, p, err)
				return
			}
		}
		if r.Method == http.MethodPost || r.Method == http.MethodPut {
			r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
			// Forms are parsed once, here; JSON bodies are left to the API handlers.
			if err := r.ParseForm(); err != nil {
				s.renderError(w, r, p, errUnreadableForm(err))
				return
			}
			if p != nil && p.SessionHash != "" && !validCSRF(r, p.CSRF) {
				s.renderError(w, r, p, errCSRF)
				return
			}
			var err error
			if r, err = withFormToken(r, rt, p); err != nil {
				s.renderError(w, r, p, err)
				return
			}
		}
		w, r, aw := s.withAuditBatch(w, r)
		if err := rt.h(w, r, p); err != nil {
			s.renderError(w, r, p, err)
		}
		if aw != nil {
			aw.start() // a handler that wrote nothing still has its reads on the record
		}
	})
}

// authenticate finds the caller (bearer token for the API, the session
// cookie otherwise) and applies the route's access rule.
func (s *Server) authenticate(r *http.Request, rt route) (*accounts.Principal, error) {
	ctx, addr, rid := r.Context(), clientAddress(r), requestID(r)
	var p accounts.Principal
	var err error
	if h := r.Header.Get("Authorization"); (rt.isAPI() || rt.isFHIR()) && h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil, clinic.Errorf(clinic.Unauthenticated, "Use Authorization: Bearer <token>.")
		}
		token = strings.TrimSpace(token)
		switch {
		case strings.HasPrefix(token, backend.TokenPrefix) && !rt.isFHIR():
			return nil, clinic.Errorf(clinic.Unauthenticated, "A backend client's token is for the FHIR API (/fhir) only.")
		case strings.HasPrefix(token, backend.TokenPrefix):
			p.Actor, err = s.svc.AuthenticateBackendToken(ctx, token, addr, rid)
			p.MFAPassed = true // the signed assertion stands in for a sign-in
		default:
			p, err = s.svc.AuthenticateAPIToken(ctx, token, addr, rid)
		}
	} else {
		c, cerr := r.Cookie(sessionCookie)
		if cerr != nil || c.Value == "" {
			return nil, clinic.Errorf(clinic.Unauthenticated, "Please sign in.")
		}
		if isBackground(r) {
			p, err = s.svc.AuthenticateBackground(ctx, c.Value, addr, rid)
		} else {
			p, err = s.svc.Authenticate(ctx, c.Value, addr, rid)
		}
	}
	if err != nil {
		return nil, err
	}
	if rt.access == full {
		if !p.MFAPassed {
			return &p, errNeedMFA
		}
		if !service.Allowed(p.Role, rt.action) {
			return &p, clinic.Errorf(clinic.Forbidden, "You do not have permission to open this page.")
		}
	}
	return &p, nil
}
