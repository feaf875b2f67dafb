package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

var (
	everyone = []clinic.Role{clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist, clinic.RoleFrontDesk, clinic.RolePatient}
	staff    = []clinic.Role{clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk}
	admins   = []clinic.Role{clinic.RoleAdmin}
	// Therapists read their caseload's records and record questionnaires,
	// but neither book, screen, dose nor sign.
	caseload     = append(slices.Clone(staff), clinic.RoleTherapist)
	notTherapist = slices.DeleteFunc(slices.Clone(everyone), func(r clinic.Role) bool { return r == clinic.RoleTherapist })
)

// allowedRoles is the access specification, written independently of the
// policy table: every route the server registers must appear here, so a new
// route without a decision fails this test. nil means public.
var allowedRoles = map[string][]clinic.Role{
	"GET /healthz":                   nil,
	"GET /metrics":                   nil,
	"GET /login":                     nil,
	"POST /login":                    nil,
	"GET /login/mfa":                 everyone,
	"POST /login/mfa":                everyone,
	"GET /mfa/setup":                 everyone,
	"POST /mfa/setup":                everyone,
	"POST /logout":                   everyone,
	"GET /{$}":                       everyone,
	"GET /patients":                  caseload,
	"POST /patients":                 staff,
	"GET /patients/{id}":             everyone, // patients: their own record only (tested below)
	"GET /patients/{id}/edit":        staff,
	"POST /patients/{id}/edit":       staff,
	"POST /patients/{id}/therapists": admins,
	"POST /patients/{id}/therapists/{uid}/end": admins,
	"GET /worklist":             {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist, clinic.RoleFrontDesk},
	"GET /patients/{id}/notes":  {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist},
	"POST /patients/{id}/notes": {clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist},
	"GET /notes/{nid}":          {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist},
	"POST /notes/{nid}":         {clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist},
	"POST /notes/{nid}/sign":    {clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist},
	"POST /notes/{nid}/addenda": {clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist},
	// The clinic's note templates: its admins and prescribers.
	"GET /admin/note-templates":                {clinic.RoleAdmin, clinic.RoleClinician},
	"POST /admin/note-templates":               {clinic.RoleAdmin, clinic.RoleClinician},
	"POST /admin/note-templates/{ntid}/delete": {clinic.RoleAdmin, clinic.RoleClinician},
	"GET /audit.csv":                           admins,
	"GET /audit":                               admins,
	"GET /admin/clinic":                        {clinic.RoleAdmin},
	// A clinic group: staff switch among the clinics they work at; only an
	// organization admin manages the clinics (organization_test.go shows a
	// clinic's own admin refused).
	"POST /clinic":                     {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleTherapist, clinic.RoleFrontDesk},
	"GET /org":                         admins,
	"POST /org/clinics":                admins,
	"POST /org/clinics/{id}":           admins,
	"POST /org/staff/{id}":             admins,
	"POST /patients/{id}/transfer":     admins,
	"POST /admin/clinic":               {clinic.RoleAdmin},
	"GET /admin/export.zip":            admins,
	"GET /admin/users":                 admins,
	"POST /admin/users":                admins,
	"POST /admin/users/{id}/disable":   admins,
	"POST /admin/users/{id}/enable":    admins,
	"GET /account":                     everyone,
	"POST /account/tokens":             everyone,
	"POST /account/tokens/{id}/revoke": everyone,
	"GET /api/v1/me":                   everyone,
	"GET /api/v1/patients":             caseload,
	"POST /api/v1/patients":            staff,
	"GET /api/v1/patients/{id}":        everyone,
	"GET /api/v1/openapi.json":         nil, // the API's description: no patient data
	// Measurement-based care.
	"GET /patients/{id}/assessments/new":     everyone, // patients: their own record only (portal)
	"POST /patients/{id}/assessments":        everyone,
	"POST /patients/{id}/links":              staff,
	"POST /patients/{id}/contact":            {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk, clinic.RolePatient},
	"POST /patients/{id}/invite":             {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk},
	"GET /password/forgot":                   nil,
	"POST /password/forgot":                  nil,
	"GET /password/set":                      nil,
	"POST /password/set":                     nil,
	"POST /alerts/{id}/acknowledge":          {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"GET /q/{token}":                         nil, // the link's token is the credential
	"POST /q/{token}":                        nil,
	"GET /book":                              nil, // public consultation booking for new patients
	"POST /book":                             nil,
	"POST /sms/inbound":                      nil,
	"POST /api/v1/patients/{id}/assessments": everyone,
	"GET /api/v1/patients/{id}/trajectory":   everyone,
	// Treatment plans and expected concentrations.
	"GET /patients/{id}/plans":               staff,
	"POST /patients/{id}/plans":              {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"GET /patients/{id}/plans/{plan}":        staff,
	"POST /patients/{id}/plans/{plan}/edit":  {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"POST /patients/{id}/plans/{plan}/sign":  {clinic.RoleClinician}, // only a prescriber signs
	"POST /patients/{id}/plans/{plan}/amend": {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"GET /patients/{id}/pk/compare":          {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"GET /patients/{id}/expect":              everyone, // patients: their own only
	"GET /api/v1/patients/{id}/plan":         everyone, // the signed plan; patients: their own only

	// Outcome analytics: the clinic's aggregate results are for prescribers
	// and administrators; the trajectory bands (aggregates of at least 10
	// courses per bin) are for everyone, so patients see "patients like you".
	"GET /outcomes":                {clinic.RoleAdmin, clinic.RoleClinician},
	"GET /outcomes/courses.csv":    {clinic.RoleAdmin, clinic.RoleClinician},
	"GET /outcomes/model.csv":      {clinic.RoleAdmin, clinic.RoleClinician},
	"GET /admin/session-settings":  {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"POST /admin/session-settings": {clinic.RoleAdmin, clinic.RoleClinician},
	"GET /protocols":               staff,
	"POST /protocols":              {clinic.RoleAdmin, clinic.RoleClinician},
	"GET /outcomes/report.pdf":     {clinic.RoleAdmin, clinic.RoleClinician},
	"GET /api/v1/outcomes":         {clinic.RoleAdmin, clinic.RoleClinician},
	"GET /api/v1/outcomes/bands":   everyone,
	"GET /api/v1/outcomes/model":   {clinic.RoleAdmin, clinic.RoleClinician},

	// Treatment sessions: clinical staff only (not the front desk, not
	// patients); dosing and discharge by licensed staff (clinician, nurse);
	// the BP-hold decision and the REMS sign-off by prescribers.
	"GET /patients/{id}/treatment":                     {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"POST /patients/{id}/treatment":                    {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"GET /treatment/{sid}":                             {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"POST /treatment/{sid}/hold":                       {clinic.RoleClinician},
	"POST /treatment/{sid}/dose":                       {clinic.RoleClinician, clinic.RoleNurse},
	"POST /treatment/{sid}/vitals":                     {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"POST /treatment/{sid}/alerts/{alert}/acknowledge": {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"POST /treatment/{sid}/effects":                    {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"POST /treatment/{sid}/environment":                {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"POST /treatment/{sid}/discharge":                  {clinic.RoleClinician, clinic.RoleNurse},
	"GET /treatment/{sid}/rems":                        {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"GET /treatment/{sid}/rems.pdf":                    {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"POST /treatment/{sid}/rems":                       {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"POST /treatment/{sid}/rems/sign":                  {clinic.RoleClinician},
	"GET /rems":                                        {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"GET /events/room":                                 {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"GET /today":                                       {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk},
	"GET /outbox":                                      {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk},
	"POST /outbox/{id}/retry":                          {clinic.RoleAdmin, clinic.RoleFrontDesk},
	"POST /treatment/{sid}/sign":                       {clinic.RoleClinician},
	"POST /treatment/{sid}/addenda":                    {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"POST /patients/{id}/rems-enrolment":               {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"GET /calendar":                                    staff,
	"GET /calendar.ics":                                staff,
	"GET /calendar/book":                               staff, // staff book from the grid; the service checks the booking
	"POST /calendar/book":                              staff,
	"GET /patients/{id}/appointments":                  everyone,
	"GET /patients/{id}/appointments.ics":              everyone,
	"POST /patients/{id}/appointments":                 notTherapist,
	"POST /patients/{id}/appointments/series":          notTherapist,
	"POST /patients/{id}/waitlist":                     staff,
	"POST /appointments/{aid}/cancel":                  notTherapist,
	"POST /appointments/{aid}/move":                    notTherapist,
	"POST /appointments/{aid}/arrive":                  staff,
	"GET /api/v1/patients/{id}/appointments":           everyone,
	"GET /admin/booking":                               {clinic.RoleAdmin},
	"POST /admin/booking/settings":                     {clinic.RoleAdmin},
	"POST /admin/booking/resources":                    {clinic.RoleAdmin},
	"POST /admin/booking/providers":                    {clinic.RoleAdmin},
	// Intake and screening: everyone reads (patients their own; the front
	// desk needs the booking state), clinical staff and the patient (own,
	// in the portal) record, and only a prescriber overrides a failed screen.
	"GET /patients/{id}/intake":              notTherapist,
	"POST /patients/{id}/intake":             {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RolePatient},
	"POST /patients/{id}/screening/override": {clinic.RoleClinician},
	// Controlled-substance ledger: clinical staff and admins (not the front
	// desk, not patients); the ledger's rules keep draws and waste to
	// licensed staff.
	"GET /ledger":           {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"GET /ledger/inventory": {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"POST /ledger/receive":  {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"POST /ledger/count":    {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"POST /ledger/waste":    {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"POST /ledger/correct":  {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"POST /ledger/move":     {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	// Secure messages: the clinic's staff and the patient (their own
	// conversations; another patient's is not found, messages_test.go);
	// only staff assign. Therapists read and answer their caseload's
	// (the fixture's patient is on it; another's is refused, messages_test.go).
	"GET /messages":                everyone,
	"GET /patients/{id}/messages":  everyone,
	"POST /patients/{id}/messages": everyone,
	"GET /messages/{tid}":          everyone,
	"POST /messages/{tid}/reply":   everyone,
	"POST /messages/{tid}/assign":  staff,
	"POST /messages/{tid}/read":    everyone,
	// The FHIR R4 API: what each type comes from decides who reads it (a
	// patient only their own record, tested in fhir_test.go); the
	// capability statement is public, as R4 expects.
	"GET /fhir/metadata":                                     nil,
	"GET /fhir/Patient":                                      everyone,
	"GET /fhir/Patient/{id}":                                 everyone,
	"GET /fhir/Patient/{id}/_history":                        everyone,
	"GET /fhir/Patient/{id}/_history/{vid}":                  everyone,
	"GET /fhir/Patient/{id}/$everything":                     everyone,
	"POST /fhir/Patient":                                     staff,
	"PUT /fhir/Patient/{id}":                                 staff,
	"GET /fhir/Observation":                                  everyone,
	"GET /fhir/Observation/{id}":                             everyone,
	"GET /fhir/Observation/{id}/_history":                    everyone,
	"GET /fhir/Observation/{id}/_history/{vid}":              everyone,
	"POST /fhir/Observation":                                 everyone, // patients: refused by RecordTotal (they send their answers)
	"GET /fhir/QuestionnaireResponse":                        everyone,
	"GET /fhir/QuestionnaireResponse/{id}":                   everyone,
	"GET /fhir/QuestionnaireResponse/{id}/_history":          everyone,
	"GET /fhir/QuestionnaireResponse/{id}/_history/{vid}":    everyone,
	"POST /fhir/QuestionnaireResponse":                       everyone,
	"GET /fhir/Encounter":                                    {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"GET /fhir/Encounter/{id}":                               {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"GET /fhir/MedicationAdministration":                     {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"GET /fhir/MedicationAdministration/{id}":                {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"GET /fhir/MedicationAdministration/{id}/_history":       {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"GET /fhir/MedicationAdministration/{id}/_history/{vid}": {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"GET /fhir/Medication/{id}":                              {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse},
	"GET /fhir/CarePlan":                                     staff,
	"GET /fhir/CarePlan/{id}":                                staff,
	"GET /fhir/Appointment":                                  everyone,
	"GET /fhir/Appointment/{id}":                             everyone,
	"GET /fhir/Condition":                                    everyone,
	"GET /fhir/Condition/{id}":                               everyone,
	"GET /fhir/Consent":                                      everyone,
	"GET /fhir/Consent/{id}":                                 everyone,
	"GET /fhir/Questionnaire":                                everyone,
	"GET /fhir/Questionnaire/{id}":                           everyone,
	"GET /fhir/Organization/{id}":                            caseload, // the clinic's directory: staff (patient.list)
	"GET /fhir/Location":                                     caseload,
	"GET /fhir/Location/{id}":                                caseload,
	"GET /fhir/Practitioner":                                 caseload,
	"GET /fhir/Practitioner/{id}":                            caseload,
	"GET /fhir/AuditEvent":                                   admins,
	// Bulk Data and SMART Backend Services (fhirapi/bulk.go, smart.go):
	// admins export; backend clients too (TestBulkExportBackendClient).
	"GET /fhir/$export":                         {clinic.RoleAdmin},
	"GET /fhir/Patient/$export":                 {clinic.RoleAdmin},
	"GET /fhir/Group/{id}/$export":              {clinic.RoleAdmin},
	"GET /fhir/bulkstatus/{job}":                {clinic.RoleAdmin},
	"DELETE /fhir/bulkstatus/{job}":             {clinic.RoleAdmin},
	"GET /fhir/bulkfiles/{job}/{file}":          {clinic.RoleAdmin},
	"GET /fhir/.well-known/smart-configuration": nil,
	"POST /auth/token":                          nil, // OAuth: the signed assertion is the credential
}

func contains(rs []clinic.Role, r clinic.Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// TestEveryRouteForEveryRole requests every route as every role (and as
// nobody) and checks that exactly the specified roles get past
// authorization.
func TestEveryRouteForEveryRole(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	routes := f.web.Routes()
	seen := map[string]bool{}
	for _, rt := range routes {
		seen[rt.Pattern] = true
		if _, ok := allowedRoles[rt.Pattern]; !ok {
			t.Errorf("route %s has no entry in the access specification", rt.Pattern)
		}
	}
	for p := range allowedRoles {
		if !seen[p] {
			t.Errorf("specification lists %s, which the server does not register", p)
		}
	}
	sessions := map[clinic.Role]*client{}
	for _, role := range everyone {
		sessions[role] = f.signIn(role)
	}
	for _, rt := range routes {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		path = strings.TrimSuffix(path, "{$}")
		want := allowedRoles[rt.Pattern]
		for _, role := range append([]clinic.Role{""}, everyone...) {
			target := strings.ReplaceAll(path, "{id}", idFor(f, path, role))
			// Sign-out ends the session, so it gets a session of its own.
			c := sessions[role]
			if role == "" {
				c = f.anonymous()
			} else if rt.Pattern == "POST /logout" {
				c = f.signIn(role)
			}
			var res *http.Response
			switch {
			case strings.HasPrefix(target, "/events/"):
				res = c.stream(target)
			case method == http.MethodGet:
				res = c.get(target)
			case method == http.MethodPut:
				res = c.put(target, url.Values{"name": {"x"}})
			case method == http.MethodDelete:
				res = c.delete(target)
			default:
				res = c.post(target, url.Values{"name": {"x"}})
			}
			passed := res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusUnauthorized &&
				!strings.HasPrefix(res.Header.Get("Location"), "/login?next=")
			switch {
			case want == nil && !passed:
				t.Errorf("%s as %q: status %d, want access (public route)", rt.Pattern, role, res.StatusCode)
			case want != nil && role == "" && passed:
				t.Errorf("%s anonymous: status %d, want sign-in required", rt.Pattern, res.StatusCode)
			case want != nil && role != "" && passed != contains(want, role):
				t.Errorf("%s as %s: status %d, allowed=%v, want allowed=%v", rt.Pattern, role, res.StatusCode, passed, contains(want, role))
			}
		}
	}
}

// idFor picks a path ID a role may legitimately address, so that only the
// role decides the outcome.
func idFor(f *fixture, path string, role clinic.Role) string {
	switch {
	case strings.HasPrefix(path, "/admin/users/"):
		return strconv.FormatInt(f.spare, 10)
	case strings.Contains(path, "/patients/"):
		return strconv.FormatInt(f.patient, 10)
	default:
		return "999999" // tokens: not found for everyone allowed, still past authorization
	}
}

// TestObjectLevelAccess: a patient reaches only their own record; staff
// only their own clinic's patients.
func TestObjectLevelAccess(t *testing.T) {
	t.Parallel()
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			f := newFixture(t, e)
			pat := f.signIn(clinic.RolePatient)
			nurse := f.signIn(clinic.RoleNurse)
			therapist := f.signIn(clinic.RoleTherapist)
			cases := []struct {
				c    *client
				path string
				want int
			}{
				{pat, "/patients/" + strconv.FormatInt(f.patient, 10), http.StatusOK},
				{pat, "/patients/" + strconv.FormatInt(f.other, 10), http.StatusForbidden},
				{pat, "/api/v1/patients/" + strconv.FormatInt(f.other, 10), http.StatusForbidden},
				{nurse, "/patients/" + strconv.FormatInt(f.other, 10), http.StatusOK},
				{nurse, "/patients/" + strconv.FormatInt(f.foreign, 10), http.StatusNotFound},
				{nurse, "/api/v1/patients/" + strconv.FormatInt(f.foreign, 10), http.StatusNotFound},
				{nurse, "/patients/abc", http.StatusNotFound},
				// A therapist: their caseload's records only.
				{therapist, "/patients/" + strconv.FormatInt(f.patient, 10), http.StatusOK},
				{therapist, "/patients/" + strconv.FormatInt(f.other, 10), http.StatusForbidden},
				{therapist, "/api/v1/patients/" + strconv.FormatInt(f.other, 10), http.StatusForbidden},
				{therapist, "/api/v1/patients/" + strconv.FormatInt(f.other, 10) + "/trajectory", http.StatusForbidden},
				{therapist, "/patients/" + strconv.FormatInt(f.other, 10) + "/appointments", http.StatusForbidden},
			}
			for _, tc := range cases {
				if res := tc.c.get(tc.path); res.StatusCode != tc.want {
					t.Errorf("GET %s: %d, want %d", tc.path, res.StatusCode, tc.want)
				}
			}
			if strings.Contains(body(nurse.get("/patients?q=Far")), "Away") {
				t.Error("patient list shows another clinic's patient")
			}
		})
	}
}
