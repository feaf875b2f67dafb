package fhirapi

import (
	"net/http"
	"strings"

	"onset/internal/fhir"
	"onset/internal/service/accounts"
)

// The CapabilityStatement is read off Routes: each /fhir route is an
// interaction of its type, the search parameters are those ParseSearch
// takes (fhir.SearchParams) and the includes those it accepts, so the
// statement says exactly what is served.

// fhirInteraction reads a /fhir route's pattern: its resource type and
// what it does (an R4 interaction code, or "$everything"); "" for the
// routes that are none (metadata).
func fhirInteraction(pattern string) (typ, what string) {
	method, path, _ := strings.Cut(pattern, " ")
	parts := strings.Split(strings.TrimPrefix(path, "/fhir/"), "/")
	switch {
	case method != http.MethodGet || parts[len(parts)-1] != "$export":
	case len(parts) == 1:
		return "", "$export" // system level
	case parts[0] == "Patient" || parts[0] == "Group":
		return parts[0], "$export"
	}
	if _, ok := fhirTypes[parts[0]]; !ok {
		return "", ""
	}
	typ = parts[0]
	switch {
	case method == http.MethodPost && len(parts) == 1:
		return typ, "create"
	case method == http.MethodPut && len(parts) == 2:
		return typ, "update"
	case method != http.MethodGet:
		return typ, ""
	case len(parts) == 1:
		return typ, "search-type"
	case len(parts) == 2:
		return typ, "read"
	case len(parts) == 3 && parts[2] == "_history":
		return typ, "history-instance"
	case len(parts) == 4 && parts[2] == "_history":
		return typ, "vread"
	case len(parts) == 3 && strings.HasPrefix(parts[2], "$"):
		return typ, parts[2]
	}
	return typ, ""
}

// fhirTypeDocs say what each type holds in Onset.
var fhirTypeDocs = map[string]string{
	"Patient":                  "The clinic's patients; versioned by staff edits (the registration's details until the first edit). A patient's token reaches only its own. Update needs If-Match with the version read; it keeps the conditions, allergies and gender identity the resource does not carry.",
	"Observation":              "Questionnaire totals (LOINC for PHQ-9, GAD-7, pain) and vital signs (sessions, intakes). Create takes a questionnaire total from staff; vital signs are refused.",
	"QuestionnaireResponse":    "Questionnaires with their item answers; create scores them and checks the safety items.",
	"Encounter":                "Treatment sessions, check-in to discharge.",
	"MedicationAdministration": "The dose of a treatment session.",
	"Medication":               "The product and batch of one dose (dose-<id>).",
	"CarePlan":                 "Treatment plan versions with their planned sessions.",
	"Appointment":              "Appointments of the clinic's calendar.",
	"Condition":                "The conditions a patient is treated for (SNOMED CT where verified, else text).",
	"Consent":                  "A patient's choices of how to be reached (email, text, both, none), every choice; the newest is active.",
	"Questionnaire":            "Onset's instruments (PHQ-9, GAD-7, …), one per instrument, with item codes where published.",
	"Organization":             "The clinic (its own id only), from its settings.",
	"Location":                 "The clinic's treatment chairs and consulting rooms.",
	"Practitioner":             "The clinic's staff accounts (names and roles only).",
	"AuditEvent":               "The clinic's audit trail, one patient at a time (patient=), for admins.",
	"Group":                    "Only for $export: \"all\" (every patient of the clinic) and caseload-<user id> (a therapist's caseload).",
}

// everythingDefinition is the R4 OperationDefinition of Patient $everything.
const everythingDefinition = "http://hl7.org/fhir/OperationDefinition/Patient-everything"

// The Bulk Data Access IG's canonical URLs (v2.0.0).
const (
	bulkCapability = "http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data"
	bulkExportDef  = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export"
	bulkPatientDef = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export"
	bulkGroupDef   = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export"
	// oauthURIs is SMART's extension naming the token endpoint.
	oauthURIs = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris"
)

func (api *API) capabilityStatement(r *http.Request) fhir.CapabilityStatement {
	yes := true
	rest := fhir.CapabilityRest{Mode: "server",
		Documentation: "Onset's FHIR R4 API. Every type but Patient is searched one patient at a time (patient= or subject=; " +
			"a patient's token is its own patient). Unknown search parameters are refused, not ignored. Pages: _count " +
			"(1–100, default 20) and the next link's _offset. Errors are OperationOutcomes naming the FHIRPath of each problem.",
		Security: &fhir.CapabilitySecurity{
			Extension: []fhir.SecurityExtension{{URL: oauthURIs, Extension: []fhir.SecurityExtension{
				{URL: "token", ValueURI: api.tokenURL(r)}}}},
			Service: []fhir.CodeableConcept{{Coding: []fhir.Coding{{System: "http://terminology.hl7.org/CodeSystem/restful-security-service",
				Code: "SMART-on-FHIR"}}}},
			Description: "Authorization: Bearer <token>: an Onset API token (Account → API tokens), which acts with its " +
				"owner's role (patients reach only their own record), or a SMART Backend Services access token (a client the " +
				"clinic's admin registered signs an RS384 or ES384 assertion at the token endpoint; scope system/*.read; " +
				"reads and $export only). Everything read is audited."}}
	index := map[string]int{}
	for _, rt := range api.routes {
		typ, what := fhirInteraction(rt.Pattern)
		if what == "" {
			continue
		}
		if typ == "" { // a system-level operation
			rest.Operation = append(rest.Operation, fhir.CapabilityOperation{Name: "export", Definition: bulkExportDef})
			continue
		}
		i, ok := index[typ]
		if !ok {
			i = len(rest.Resource)
			index[typ] = i
			res := fhir.CapabilityResource{Type: typ, Documentation: fhirTypeDocs[typ], Versioning: "no-version"}
			if typ == "Patient" {
				res.Versioning = "versioned"
			}
			rest.Resource = append(rest.Resource, res)
		}
		res := &rest.Resource[i]
		switch what {
		case "$everything":
			res.Operation = append(res.Operation, fhir.CapabilityOperation{Name: "everything", Definition: everythingDefinition})
			continue
		case "$export":
			def := bulkPatientDef
			if typ == "Group" {
				def = bulkGroupDef
			}
			res.Operation = append(res.Operation, fhir.CapabilityOperation{Name: "export", Definition: def})
			continue
		case "vread":
			res.ReadHistory = &yes
		case "update":
			if typ == "Patient" { // fhirPatientUpdate: If-Match required
				res.Versioning = "versioned-update"
			}
		case "create":
			if typ == "Patient" { // fhirPatientCreate: If-None-Exist identifier=urn:onset:mrn|<mrn>
				res.ConditionalCreate = &yes
			}
		case "search-type":
			for _, p := range fhir.SearchParams[typ] {
				res.SearchParam = append(res.SearchParam, fhir.CapabilitySearchParam{Name: p.Name, Type: p.Type, Documentation: p.Doc})
				if p.Name == "patient" || p.Name == "subject" {
					res.SearchInclude = append(res.SearchInclude, typ+":"+p.Name)
				}
			}
		}
		res.Interaction = append(res.Interaction, fhir.Interaction{Code: what})
	}
	return fhir.CapabilityStatement{ResourceType: "CapabilityStatement", Name: "Onset", Title: "Onset FHIR R4 API",
		Status: "active", Date: fhir.Instant(api.started), Publisher: "Onset", Kind: "instance",
		Software:       &fhir.Software{Name: "Onset"},
		Implementation: &fhir.Implementation{Description: "Onset, a ketamine clinic's record", URL: api.base(r)},
		Instantiates:   []string{bulkCapability}, FHIRVersion: "4.0.1", Format: []string{"json"}, Rest: []fhir.CapabilityRest{rest}}
}

// fhirMetadata answers GET /fhir/metadata (public, as R4 expects).
func (api *API) fhirMetadata(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	return writeFHIR(w, http.StatusOK, api.capabilityStatement(r))
}
