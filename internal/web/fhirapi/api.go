// Package fhirapi serves Onset's FHIR R4 API under /fhir. Handlers parse,
// ask the interop capability for Onset's records (or the capability that
// records what is posted), map them with package fhir and answer
// application/fhir+json. What it serves is stated by GET /fhir/metadata,
// read off Routes (metadata.go).
//
// Package web mounts these routes behind its own wrapper, which
// authenticates (Authorization: Bearer <token>, or a signed-in session),
// applies the policy table's action of each route and answers any error
// through WriteError as an OperationOutcome.
package fhirapi

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"onset/internal/app"
	"onset/internal/clinic"
	"onset/internal/fhir"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/service/backend"
	"onset/internal/service/interop"
)

// ContentType is what every FHIR answer is.
const ContentType = "application/fhir+json; charset=utf-8"

// Handler serves one route for an authenticated caller (nil on a public
// route).
type Handler func(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error

// Route is one interaction the API serves: its pattern, the policy
// table's action that decides who may call it ("" for a public route).
type Route struct {
	Pattern string
	Public  bool
	Action  service.Action
	H       Handler
}

// API is the FHIR API's handlers over Onset's use cases.
type API struct {
	svc     *app.App
	now     func() time.Time
	secure  bool // behind a TLS proxy: links say https
	started time.Time
	routes  []Route
	bulk    bulkJobs // the $export jobs (bulk.go)
}

// New makes the API. secure says Onset runs behind a TLS-terminating
// proxy, so the links it writes are https.
func New(svc *app.App, now func() time.Time, secure bool) *API {
	api := &API{svc: svc, now: now, secure: secure, started: now(), bulk: bulkJobs{jobs: map[string]*bulkJob{}}}
	api.routes = api.routeTable()
	return api
}

// Routes are the interactions served, in the order metadata lists them.
func (api *API) Routes() []Route { return api.routes }

func (api *API) routeTable() []Route {
	full := func(pattern string, act service.Action, h Handler) Route {
		return Route{Pattern: pattern, Action: act, H: h}
	}
	return []Route{
		{Pattern: "GET /fhir/metadata", Public: true, H: api.fhirMetadata},
		full("GET /fhir/Patient", service.ActPatientRead, api.fhirSearch("Patient")),
		full("GET /fhir/Patient/{id}", service.ActPatientRead, api.fhirRead("Patient")),
		full("GET /fhir/Patient/{id}/_history", service.ActPatientRead, api.fhirPatientHistory),
		full("GET /fhir/Patient/{id}/_history/{vid}", service.ActPatientRead, api.fhirPatientVersion),
		full("GET /fhir/Patient/{id}/$everything", service.ActPatientRead, api.fhirEverything),
		full("POST /fhir/Patient", service.ActPatientCreate, api.fhirPatientCreate),
		full("PUT /fhir/Patient/{id}", service.ActPatientUpdate, api.fhirPatientUpdate), // If-Match: the version read
		full("GET /fhir/Observation", service.ActPatientRead, api.fhirSearch("Observation")),
		full("GET /fhir/Observation/{id}", service.ActPatientRead, api.fhirRead("Observation")),
		full("GET /fhir/Observation/{id}/_history", service.ActPatientRead, api.onceHistory("Observation")),
		full("GET /fhir/Observation/{id}/_history/{vid}", service.ActPatientRead, api.onceVersion("Observation")),
		full("POST /fhir/Observation", service.ActAssessmentRecord, api.fhirObservationCreate),
		full("GET /fhir/QuestionnaireResponse", service.ActPatientRead, api.fhirSearch("QuestionnaireResponse")),
		full("GET /fhir/QuestionnaireResponse/{id}", service.ActPatientRead, api.fhirRead("QuestionnaireResponse")),
		full("GET /fhir/QuestionnaireResponse/{id}/_history", service.ActPatientRead, api.onceHistory("QuestionnaireResponse")),
		full("GET /fhir/QuestionnaireResponse/{id}/_history/{vid}", service.ActPatientRead, api.onceVersion("QuestionnaireResponse")),
		full("POST /fhir/QuestionnaireResponse", service.ActAssessmentRecord, api.fhirResponseCreate),
		full("GET /fhir/Encounter", service.ActSessionRead, api.fhirSearch("Encounter")),
		full("GET /fhir/Encounter/{id}", service.ActSessionRead, api.fhirRead("Encounter")),
		full("GET /fhir/MedicationAdministration", service.ActSessionRead, api.fhirSearch("MedicationAdministration")),
		full("GET /fhir/MedicationAdministration/{id}", service.ActSessionRead, api.fhirRead("MedicationAdministration")),
		full("GET /fhir/MedicationAdministration/{id}/_history", service.ActSessionRead, api.onceHistory("MedicationAdministration")),
		full("GET /fhir/MedicationAdministration/{id}/_history/{vid}", service.ActSessionRead, api.onceVersion("MedicationAdministration")),
		full("GET /fhir/Medication/{id}", service.ActSessionRead, api.fhirRead("Medication")),
		full("GET /fhir/CarePlan", service.ActPlanRead, api.fhirSearch("CarePlan")),
		full("GET /fhir/CarePlan/{id}", service.ActPlanRead, api.fhirRead("CarePlan")),
		full("GET /fhir/Appointment", service.ActAppointmentRead, api.fhirSearch("Appointment")),
		full("GET /fhir/Appointment/{id}", service.ActAppointmentRead, api.fhirRead("Appointment")),
		full("GET /fhir/Condition", service.ActPatientRead, api.fhirSearch("Condition")),
		full("GET /fhir/Condition/{id}", service.ActPatientRead, api.fhirRead("Condition")),
		full("GET /fhir/Consent", service.ActPatientRead, api.fhirSearch("Consent")),
		full("GET /fhir/Consent/{id}", service.ActPatientRead, api.fhirRead("Consent")),
		// The clinic's own resources and its audit trail (directory.go).
		full("GET /fhir/Questionnaire", service.ActPatientRead, api.directorySearch("Questionnaire")),
		full("GET /fhir/Questionnaire/{id}", service.ActPatientRead, api.directoryRead("Questionnaire")),
		full("GET /fhir/Organization/{id}", service.ActPatientList, api.directoryRead("Organization")),
		full("GET /fhir/Location", service.ActPatientList, api.directorySearch("Location")),
		full("GET /fhir/Location/{id}", service.ActPatientList, api.directoryRead("Location")),
		full("GET /fhir/Practitioner", service.ActPatientList, api.directorySearch("Practitioner")),
		full("GET /fhir/Practitioner/{id}", service.ActPatientList, api.directoryRead("Practitioner")),
		full("GET /fhir/AuditEvent", service.ActAuditRead, api.auditSearch),
		// Bulk Data (bulk.go) and SMART Backend Services' discovery (smart.go).
		full("GET /fhir/$export", service.ActBulkExport, api.exportKickoff("system")),
		full("GET /fhir/Patient/$export", service.ActBulkExport, api.exportKickoff("Patient")),
		full("GET /fhir/Group/{id}/$export", service.ActBulkExport, api.exportKickoff("Group")),
		full("GET /fhir/bulkstatus/{job}", service.ActBulkExport, api.exportStatus),
		full("DELETE /fhir/bulkstatus/{job}", service.ActBulkExport, api.exportDelete),
		full("GET /fhir/bulkfiles/{job}/{file}", service.ActBulkExport, api.exportFile),
		{Pattern: "GET /fhir/.well-known/smart-configuration", Public: true, H: api.smartConfiguration},
	}
}

// fhirTypes are the resource types the API serves and the part of a
// patient's record each comes from (interop.Parts: the part's action
// decides who may read it).
var fhirTypes = map[string]interop.Parts{
	"Patient": 0, "Observation": interop.Assessments | interop.Sessions | interop.Intakes,
	"QuestionnaireResponse": interop.Assessments, "Encounter": interop.Sessions,
	"MedicationAdministration": interop.Sessions, "Medication": interop.Sessions, "CarePlan": interop.Plans,
	"Appointment": interop.Appointments, "Condition": 0, "Consent": interop.Consents,
	// Not a patient's: served by directory.go, listed here for the
	// CapabilityStatement.
	"Questionnaire": 0, "Organization": 0, "Location": 0, "Practitioner": 0, "AuditEvent": 0,
}

// NotFound answers a /fhir address the API does not serve.
func (api *API) NotFound(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	return clinic.Errorf(clinic.NotFound, "Onset serves no FHIR interaction at this address; GET /fhir/metadata lists those it serves.")
}

// WriteError answers err as an OperationOutcome with the status its code
// maps to (status), made 422 for a resource read but refused by Onset's
// rules and 412 for an If-Match naming a version that is no longer the
// resource's.
func WriteError(w http.ResponseWriter, status int, err error) {
	code := clinic.ErrorCode(err)
	switch {
	case code == clinic.Invalid && errors.As(err, new(unprocessable)):
		status = http.StatusUnprocessableEntity
	case code == clinic.Conflict && errors.As(err, new(preconditionFailed)):
		status = http.StatusPreconditionFailed
	}
	w.Header().Set("Content-Type", ContentType)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(fhir.Outcome(err))
}

// unprocessable marks an error about a resource that was read correctly
// but that Onset cannot keep (a business rule): 422 rather than 400.
type unprocessable struct{ error }

func (u unprocessable) Unwrap() error { return u.error }

// atPath says err (keeping its code) as a problem at a FHIR path, so the
// OperationOutcome names the element.
func atPath(path string, err error) error {
	return &clinic.Error{Code: clinic.ErrorCode(err), Message: path + ": " + clinic.ErrorMessage(err),
		Err: fhir.Issues{{Path: path, Problem: clinic.ErrorMessage(err)}}}
}

func writeFHIR(w http.ResponseWriter, status int, r fhir.Resource) error {
	w.Header().Set("Content-Type", ContentType)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(r)
}

// base is the absolute URL of the API, for fullUrl, links and Location:
// the request's host, https when the request came over TLS or Onset runs
// behind a TLS proxy.
func (api *API) base(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || api.secure {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/fhir"
}

// inScope refuses a backend client a type its token's scope does not
// cover (everyone else is decided by the policy table alone).
func inScope(p *accounts.Principal, typ string) error {
	if p.Role == service.RoleBackend && !backend.Covers(p.Scope, typ) {
		return clinic.Errorf(clinic.Forbidden, "The token's scope (%s) does not cover %s.", p.Scope, typ)
	}
	return nil
}

var errNoResource = clinic.Errorf(clinic.NotFound, "There is no such resource.")

// pathID reads a positive record number from the path; anything else
// names no resource.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNoResource
	}
	return id, nil
}
