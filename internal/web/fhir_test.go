package web_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"onset/internal/clinic"
	"onset/internal/fhir/fhirschema"
	"onset/internal/record"
	"onset/internal/service/interop"
	"onset/internal/service/measurement"
	"onset/internal/store/storetest"
)

// checkFHIR validates a FHIR JSON body against the official schema of its
// resourceType and returns it decoded.
func checkFHIR(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var head struct {
		ResourceType string `json:"resourceType"`
	}
	if err := json.Unmarshal(body, &head); err != nil || head.ResourceType == "" {
		t.Fatalf("not a FHIR resource: %v\n%s", err, body)
	}
	if err := fhirschema.Validate(head.ResourceType, body); err != nil {
		var invalid *jsonschema.ValidationError
		if !errors.As(err, &invalid) {
			t.Fatalf("the %s schema: %v", head.ResourceType, err)
		}
		t.Errorf("%s is not valid R4: %v\n%s", head.ResourceType, err, body)
	}
	var out map[string]any
	json.Unmarshal(body, &out)
	return out
}

// fhirCall sends a request to the FHIR API with a bearer token ("" for
// none) and returns the response, its body checked against the schema.
func (f *fixture) fhirCall(method, path, token, body string, header ...string) (*http.Response, map[string]any) {
	f.t.Helper()
	req, _ := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/fhir+json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res := f.anonymous().do(req)
	b, _ := io.ReadAll(res.Body)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/fhir+json") {
		f.t.Errorf("%s %s: Content-Type %q\n%s", method, path, ct, b)
		return res, nil
	}
	return res, checkFHIR(f.t, b)
}

// put sends a form with PUT and the session's CSRF token, as post does.
func (c *client) put(path string, form url.Values) *http.Response {
	if _, ok := form["csrf"]; !ok && c.csrf != "" {
		form.Set("csrf", c.csrf)
	}
	req, _ := http.NewRequest(http.MethodPut, c.f.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// fhirToken is an API token of role's user.
func (f *fixture) fhirToken(role clinic.Role) string {
	f.t.Helper()
	tok, err := f.svc.CreateAPIToken(f.t.Context(), actorOf(f.users[role]), "fhir")
	if err != nil {
		f.t.Fatal(err)
	}
	return tok
}

// entries are a Bundle's resources of typ, with their search modes.
func entries(b map[string]any, typ string) (ids, modes []string) {
	es, _ := b["entry"].([]any)
	for _, e := range es {
		e := e.(map[string]any)
		r := e["resource"].(map[string]any)
		if r["resourceType"] != typ {
			continue
		}
		ids = append(ids, r["id"].(string))
		if s, ok := e["search"].(map[string]any); ok {
			modes = append(modes, s["mode"].(string))
		}
	}
	return ids, modes
}

// link is a Bundle's link of relation rel, as a path on the test server.
func link(t *testing.T, b map[string]any, rel string) string {
	ls, _ := b["link"].([]any)
	for _, l := range ls {
		l := l.(map[string]any)
		if l["relation"] == rel {
			u, err := url.Parse(l["url"].(string))
			if err != nil {
				t.Fatal(err)
			}
			return u.RequestURI()
		}
	}
	return ""
}

// outcome checks an OperationOutcome and returns its issues' expressions
// and diagnostics.
func outcome(t *testing.T, res *http.Response, b map[string]any, status int) (paths []string, text string) {
	t.Helper()
	if res.StatusCode != status || b["resourceType"] != "OperationOutcome" {
		t.Fatalf("status %d (want %d), %v", res.StatusCode, status, b)
	}
	for _, is := range b["issue"].([]any) {
		is := is.(map[string]any)
		for _, e := range asSlice(is["expression"]) {
			paths = append(paths, e.(string))
		}
		text += fmt.Sprint(is["diagnostics"]) + "\n"
	}
	return paths, text
}

func asSlice(v any) []any { s, _ := v.([]any); return s }

func total(b map[string]any) int { n, _ := b["total"].(float64); return int(n) }

// GET /fhir/metadata is public, valid R4, and lists exactly the FHIR
// routes the server registers, with the search parameters it takes.
func TestFHIRMetadata(t *testing.T) {
	t.Parallel()
	f := newFixture(t, storetest.Engines()[0])
	res, cs := f.fhirCall("GET", "/fhir/metadata", "", "")
	if res.StatusCode != http.StatusOK || cs["fhirVersion"] != "4.0.1" || cs["kind"] != "instance" {
		t.Fatalf("metadata: %d %v", res.StatusCode, cs)
	}
	listed := map[string]bool{}
	rest := cs["rest"].([]any)[0].(map[string]any)
	params := map[string][]string{}
	for _, op := range asSlice(rest["operation"]) {
		listed["system $"+op.(map[string]any)["name"].(string)] = true
	}
	for _, r := range rest["resource"].([]any) {
		r := r.(map[string]any)
		typ := r["type"].(string)
		for _, in := range asSlice(r["interaction"]) {
			listed[typ+" "+in.(map[string]any)["code"].(string)] = true
		}
		for _, op := range asSlice(r["operation"]) {
			listed[typ+" $"+op.(map[string]any)["name"].(string)] = true
		}
		for _, p := range asSlice(r["searchParam"]) {
			params[typ] = append(params[typ], p.(map[string]any)["name"].(string))
		}
		if typ == "Patient" && (r["conditionalCreate"] != true || r["versioning"] != "versioned-update" || r["readHistory"] != true) {
			t.Errorf("Patient: %v", r)
		}
	}
	// Each registered /fhir route is listed, and nothing else is.
	served := map[string]bool{}
	for _, rt := range f.web.Routes() {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		rest, ok := strings.CutPrefix(path, "/fhir/")
		if !ok || rest == "metadata" || strings.HasPrefix(rest, "bulk") || strings.HasPrefix(rest, ".well-known/") {
			continue // Bulk Data's status and files, SMART's discovery: not interactions of a type
		}
		if rest == "$export" {
			served["system $export"] = true
			continue
		}
		parts := strings.Split(rest, "/")
		what := map[string]string{"POST 1": "create", "GET 1": "search-type", "GET 2": "read", "GET 3": "history-instance",
			"GET 4": "vread", "PUT 2": "update"}[method+" "+strconv.Itoa(len(parts))]
		if strings.HasPrefix(parts[len(parts)-1], "$") {
			what = parts[len(parts)-1]
		}
		served[parts[0]+" "+what] = true
	}
	for k := range served {
		if !listed[k] {
			t.Errorf("served but not in the CapabilityStatement: %s", k)
		}
	}
	for k := range listed {
		if !served[k] {
			t.Errorf("in the CapabilityStatement but not served: %s", k)
		}
	}
	for _, want := range []string{"patient", "subject", "code", "date", "status", "_id", "category"} {
		if !slices.Contains(params["Observation"], want) {
			t.Errorf("Observation search parameters %v lack %s", params["Observation"], want)
		}
	}
	if !slices.Contains(params["Patient"], "_lastUpdated") || !slices.Contains(params["Patient"], "identifier") {
		t.Errorf("Patient search parameters %v", params["Patient"])
	}
	// An address the API does not serve answers an OperationOutcome.
	res, b := f.fhirCall("GET", "/fhir/Basic/1", "", "")
	outcome(t, res, b, http.StatusNotFound)
}

// A patient's token reads that patient's resources and nobody else's: the
// other patient's Patient, Observations and $everything are not found,
// and a search for them finds nothing.
func TestFHIRPatientReadsOnlyOwn(t *testing.T) {
	t.Parallel()
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, e)
			ctx := t.Context()
			nurse := actorOf(f.users[clinic.RoleNurse])
			own, err := f.svc.RecordAssessment(ctx, nurse, measurement.NewAssessment{PatientID: f.patient, Instrument: "phq9",
				Answers: []int{1, 1, 1, 1, 1, 1, 1, 1, 0}, Source: measurement.SourceStaff})
			if err != nil {
				t.Fatal(err)
			}
			theirs, err := f.svc.RecordAssessment(ctx, nurse, measurement.NewAssessment{PatientID: f.other, Instrument: "phq9",
				Answers: []int{2, 2, 2, 2, 2, 2, 2, 2, 0}, Source: measurement.SourceStaff})
			if err != nil {
				t.Fatal(err)
			}
			tok := f.fhirToken(clinic.RolePatient)
			pid, other := strconv.FormatInt(f.patient, 10), strconv.FormatInt(f.other, 10)
			ownObs, otherObs := "phq9-"+strconv.FormatInt(own.Assessment.ID, 10), "phq9-"+strconv.FormatInt(theirs.Assessment.ID, 10)

			res, p := f.fhirCall("GET", "/fhir/Patient/"+pid, tok, "")
			if res.StatusCode != http.StatusOK || p["id"] != pid || res.Header.Get("ETag") != `W/"1"` {
				t.Errorf("own Patient: %d %v ETag %q", res.StatusCode, p["id"], res.Header.Get("ETag"))
			}
			res, b := f.fhirCall("GET", "/fhir/Observation?patient="+pid, tok, "")
			if ids, _ := entries(b, "Observation"); res.StatusCode != http.StatusOK || !slices.Equal(ids, []string{ownObs}) {
				t.Errorf("own Observations: %d %v", res.StatusCode, ids)
			}
			res, b = f.fhirCall("GET", "/fhir/Observation", tok, "") // no patient: the token's own
			if ids, _ := entries(b, "Observation"); res.StatusCode != http.StatusOK || !slices.Equal(ids, []string{ownObs}) {
				t.Errorf("Observations without patient=: %d %v", res.StatusCode, ids)
			}
			res, b = f.fhirCall("GET", "/fhir/Observation/"+ownObs, tok, "")
			if res.StatusCode != http.StatusOK || b["id"] != ownObs || res.Header.Get("ETag") != `W/"1"` {
				t.Errorf("own Observation: %d %v ETag %q", res.StatusCode, b, res.Header.Get("ETag"))
			}
			// A total is never changed once written: one version, "1".
			res, b = f.fhirCall("GET", "/fhir/Observation/"+ownObs+"/_history", tok, "")
			if ids, _ := entries(b, "Observation"); res.StatusCode != http.StatusOK || b["type"] != "history" || !slices.Equal(ids, []string{ownObs}) {
				t.Errorf("own Observation's history: %d %v %v", res.StatusCode, b["type"], ids)
			}
			res, b = f.fhirCall("GET", "/fhir/Observation/"+ownObs+"/_history/1", tok, "")
			if meta, _ := b["meta"].(map[string]any); res.StatusCode != http.StatusOK || b["id"] != ownObs || meta["versionId"] != "1" {
				t.Errorf("own Observation, version 1: %d %v", res.StatusCode, b)
			}
			res, b = f.fhirCall("GET", "/fhir/Observation/"+ownObs+"/_history/2", tok, "")
			outcome(t, res, b, http.StatusNotFound)
			for _, path := range []string{"/fhir/Patient/" + other, "/fhir/Observation/" + otherObs,
				"/fhir/Patient/" + other + "/$everything", "/fhir/Patient/" + other + "/_history",
				"/fhir/Observation/" + otherObs + "/_history", "/fhir/Observation/" + otherObs + "/_history/1",
				"/fhir/QuestionnaireResponse/" + strconv.FormatInt(theirs.Assessment.ID, 10) + "/_history",
				"/fhir/QuestionnaireResponse/" + strconv.FormatInt(theirs.Assessment.ID, 10),
				"/fhir/Patient/" + strconv.FormatInt(f.foreign, 10)} {
				res, b := f.fhirCall("GET", path, tok, "")
				outcome(t, res, b, http.StatusNotFound)
			}
			for _, path := range []string{"/fhir/Observation?patient=" + other, "/fhir/Patient?_id=" + other,
				"/fhir/QuestionnaireResponse?subject=Patient/" + other} {
				res, b := f.fhirCall("GET", path, tok, "")
				if res.StatusCode != http.StatusOK || total(b) != 0 {
					t.Errorf("%s: %d, total %d; want an empty searchset", path, res.StatusCode, total(b))
				}
			}
			res, b = f.fhirCall("GET", "/fhir/Patient", tok, "")
			if ids, _ := entries(b, "Patient"); res.StatusCode != http.StatusOK || !slices.Equal(ids, []string{pid}) {
				t.Errorf("Patient search: %v", ids)
			}
			res, b = f.fhirCall("GET", "/fhir/Patient/"+pid+"/$everything", tok, "")
			if res.StatusCode != http.StatusOK {
				t.Fatalf("$everything: %d", res.StatusCode)
			}
			for _, typ := range []string{"Patient", "Observation", "QuestionnaireResponse"} {
				if ids, _ := entries(b, typ); len(ids) != 1 {
					t.Errorf("$everything: %d %s", len(ids), typ)
				}
			}
			if strings.Contains(fmt.Sprint(b), "Patient/"+other) {
				t.Error("$everything mentions the other patient")
			}
			// Sessions are for clinical staff: a patient's token is refused.
			res, b = f.fhirCall("GET", "/fhir/Encounter?patient="+pid, tok, "")
			outcome(t, res, b, http.StatusForbidden)
			// No token: 401, as an OperationOutcome.
			res, b = f.fhirCall("GET", "/fhir/Patient/"+pid, "", "")
			outcome(t, res, b, http.StatusUnauthorized)
			res, b = f.fhirCall("GET", "/fhir/Patient/"+pid, "not-a-token", "")
			outcome(t, res, b, http.StatusUnauthorized)
			if f.auditCount("patient.read", f.patient) == 0 {
				t.Error("FHIR reads are not audited")
			}
		})
	}
}

// observationJSON is a PHQ-9 total as another system sends it.
func observationJSON(patientID int64, total, when string) string {
	return `{"resourceType":"Observation","status":"final","category":[{"coding":[{"system":` +
		`"http://terminology.hl7.org/CodeSystem/observation-category","code":"survey"}]}],"code":{"coding":[{"system":` +
		`"http://loinc.org","code":"44261-6"}]},"subject":{"reference":"Patient/` + strconv.FormatInt(patientID, 10) +
		`"},"effectiveDateTime":"` + when + `","valueQuantity":{"value":` + total + `,"unit":"{score}","system":` +
		`"http://unitsofmeasure.org","code":"{score}"}}`
}

// An invalid Observation is refused with an OperationOutcome naming the
// path and nothing is stored; a valid PHQ-9 total is created (201,
// Location), read back, and found by code and date, a page at a time.
func TestFHIRObservationCreate(t *testing.T) {
	t.Parallel()
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, e)
			tok := f.fhirToken(clinic.RoleNurse)
			day := time.Now().UTC().Add(-48 * time.Hour).Format(time.DateOnly)
			valid := observationJSON(f.patient, "14", day+"T09:30:00Z")
			count := func() int { return f.assessmentCount(f.patient) }
			before := count()
			for _, c := range []struct {
				name, body string
				status     int
				path       string
			}{
				{"missing status", strings.Replace(valid, `"status":"final",`, "", 1), 400, "Observation.status"},
				{"value NaN", strings.Replace(valid, `"value":14`, `"value":"NaN"`, 1), 400, "Observation.valueQuantity.value"},
				{"no such day", strings.Replace(valid, day+"T09:30:00Z", "2023-02-31T09:30:00Z", 1), 400,
					"Observation.effectiveDateTime"},
				{"unknown code", strings.Replace(valid, "44261-6", "99999-9", 1), 400, "Observation.code"},
				{"out of range", strings.Replace(valid, `"value":14`, `"value":28`, 1), 400, "Observation.valueQuantity.value"},
				{"unknown element", strings.Replace(valid, `"status":"final"`, `"status":"final","colour":"red"`, 1), 400,
					"Observation.colour"},
				{"a vital sign", `{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org",` +
					`"code":"8867-4"}]},"subject":{"reference":"Patient/` + strconv.FormatInt(f.patient, 10) + `"},` +
					`"effectiveDateTime":"` + day + `T09:30:00Z","valueQuantity":{"value":72,"unit":"beats/minute",` +
					`"system":"http://unitsofmeasure.org","code":"/min"}}`, 422, "Observation.code"},
				{"in the future", observationJSON(f.patient, "14", time.Now().UTC().Add(2*time.Hour).Format(time.RFC3339)), 422,
					"Observation.effectiveDateTime"},
				{"another clinic's patient", observationJSON(f.foreign, "14", day+"T09:30:00Z"), 422, "Observation.subject"},
			} {
				res, b := f.fhirCall("POST", "/fhir/Observation", tok, c.body)
				paths, text := outcome(t, res, b, c.status)
				if !slices.Contains(paths, c.path) {
					t.Errorf("%s: paths %v, want %s\n%s", c.name, paths, c.path, text)
				}
			}
			if n := count(); n != before {
				t.Fatalf("refused Observations stored %d assessments", n-before)
			}
			res, b := f.fhirCall("POST", "/fhir/Observation", tok, valid)
			if res.StatusCode != http.StatusCreated || b["id"] == nil {
				t.Fatalf("create: %d %v", res.StatusCode, b)
			}
			loc, _ := url.Parse(res.Header.Get("Location"))
			if count() != before+1 || loc == nil || loc.Path != "/fhir/Observation/"+b["id"].(string) {
				t.Fatalf("stored %d, Location %q", count()-before, res.Header.Get("Location"))
			}
			if res, got := f.fhirCall("GET", loc.Path, tok, ""); res.StatusCode != http.StatusOK || got["id"] != b["id"] {
				t.Errorf("read back: %d %v", res.StatusCode, got)
			}
			// A second total a day later, then search by code and date.
			later := time.Now().UTC().Add(-24 * time.Hour).Format(time.DateOnly)
			if res, _ := f.fhirCall("POST", "/fhir/Observation", tok, observationJSON(f.patient, "9", later+"T09:30:00Z")); res.StatusCode != 201 {
				t.Fatalf("second create: %d", res.StatusCode)
			}
			pid := strconv.FormatInt(f.patient, 10)
			q := "/fhir/Observation?subject=Patient/" + pid + "&code=" + url.QueryEscape("http://loinc.org|44261-6") + "&date=ge" + day
			res, b = f.fhirCall("GET", q, tok, "")
			if ids, _ := entries(b, "Observation"); res.StatusCode != 200 || total(b) != 2 || len(ids) != 2 || ids[0] != loc.Path[len("/fhir/Observation/"):] {
				t.Errorf("search: %d, total %d, %v", res.StatusCode, total(b), ids)
			}
			for _, miss := range []string{"&date=gt" + later, "&date=lt" + day, "&code=" + url.QueryEscape("http://loinc.org|70274-6")} {
				if _, b := f.fhirCall("GET", q+miss, tok, ""); total(b) != 0 {
					t.Errorf("%s: total %d, want 0", miss, total(b))
				}
			}
			// One per page: the next link gives the second and no further page.
			res, b = f.fhirCall("GET", q+"&_count=1&_include=Observation:patient", tok, "")
			ids, modes := entries(b, "Observation")
			pids, pmodes := entries(b, "Patient")
			next := link(t, b, "next")
			if res.StatusCode != 200 || total(b) != 2 || len(ids) != 1 || next == "" || !slices.Equal(pids, []string{pid}) || !slices.Equal(modes, []string{"match"}) ||
				!slices.Equal(pmodes, []string{"include"}) {
				t.Fatalf("page 1: total %d, %v %v, patients %v %v, next %q", total(b), ids, modes, pids, pmodes, next)
			}
			res, b2 := f.fhirCall("GET", next, tok, "")
			ids2, _ := entries(b2, "Observation")
			if res.StatusCode != 200 || len(ids2) != 1 || ids2[0] == ids[0] || link(t, b2, "next") != "" {
				t.Errorf("page 2: %d %v, next %q", res.StatusCode, ids2, link(t, b2, "next"))
			}
			// Refused searches say why.
			for _, bad := range []string{"/fhir/Observation?patient=" + pid + "&colour=red", "/fhir/Observation?patient=" + pid + "&date=ne" + day,
				"/fhir/Observation?code=44261-6"} {
				res, b := f.fhirCall("GET", bad, tok, "")
				outcome(t, res, b, http.StatusBadRequest)
			}
			// A patient's own total goes as answers, not a total.
			res, b = f.fhirCall("POST", "/fhir/Observation", f.fhirToken(clinic.RolePatient), valid)
			outcome(t, res, b, http.StatusForbidden)
			// If-None-Exist is taken only where Onset honours it.
			res, b = f.fhirCall("POST", "/fhir/Observation", tok, valid, "If-None-Exist", "code=44261-6")
			outcome(t, res, b, http.StatusBadRequest)
			if count() != before+2 {
				t.Errorf("%d stored, want 2", count()-before)
			}
		})
	}
}

// A patient answers a PHQ-9 as a QuestionnaireResponse: scored by Onset,
// found as a QuestionnaireResponse and as its total.
func TestFHIRQuestionnaireResponseCreate(t *testing.T) {
	t.Parallel()
	f := newFixture(t, storetest.Engines()[0])
	tok := f.fhirToken(clinic.RolePatient)
	qr := func(authored string) string {
		var items []string
		for i := 1; i <= 9; i++ {
			code := map[bool]string{true: "LA6568-5", false: "LA6569-3"}[i == 9] // not at all; several days
			items = append(items, fmt.Sprintf(`{"linkId":"%d","answer":[{"valueCoding":{"system":"http://loinc.org","code":"%s"}}]}`, i, code))
		}
		return `{"resourceType":"QuestionnaireResponse","questionnaire":"urn:onset:questionnaire:phq9","status":"completed",` +
			`"subject":{"reference":"Patient/` + strconv.FormatInt(f.patient, 10) + `"},"authored":"` + authored + `","item":[` +
			strings.Join(items, ",") + `]}`
	}
	before := f.assessmentCount(f.patient)
	res, b := f.fhirCall("POST", "/fhir/QuestionnaireResponse", tok, qr(time.Now().UTC().Add(-3*time.Hour).Format(time.RFC3339)))
	if paths, _ := outcome(t, res, b, 422); !slices.Contains(paths, "QuestionnaireResponse.authored") {
		t.Errorf("an hour-old answer from a patient: %v", paths)
	}
	res, b = f.fhirCall("POST", "/fhir/QuestionnaireResponse", tok, strings.Replace(qr(time.Now().UTC().Format(time.RFC3339)),
		`"linkId":"3"`, `"linkId":"12"`, 1))
	if paths, _ := outcome(t, res, b, 400); !slices.Contains(paths, "QuestionnaireResponse.item[2].linkId") {
		t.Errorf("unknown item: %v", paths)
	}
	if f.assessmentCount(f.patient) != before {
		t.Fatal("a refused QuestionnaireResponse was stored")
	}
	res, b = f.fhirCall("POST", "/fhir/QuestionnaireResponse", tok, qr(time.Now().UTC().Format(time.RFC3339)))
	if res.StatusCode != http.StatusCreated || !strings.HasSuffix(res.Header.Get("Location"), "/fhir/QuestionnaireResponse/"+fmt.Sprint(b["id"])) {
		t.Fatalf("create: %d %v", res.StatusCode, b)
	}
	_, s := f.fhirCall("GET", "/fhir/Observation?code="+url.QueryEscape("http://loinc.org|44261-6"), tok, "")
	if total(s) != 1 || !strings.Contains(fmt.Sprint(s), "value:8") {
		t.Errorf("the total (8) is not found: %v", s)
	}
	_, s = f.fhirCall("GET", "/fhir/QuestionnaireResponse?status=completed&questionnaire=urn:onset:questionnaire:phq9", tok, "")
	if ids, _ := entries(s, "QuestionnaireResponse"); len(ids) != 1 || ids[0] != b["id"] {
		t.Errorf("QuestionnaireResponse search: %v", ids)
	}
}

// Patient create registers through CreatePatient; If-None-Exist answers
// the patient that exists instead of registering a second; versions.
func TestFHIRPatientCreate(t *testing.T) {
	t.Parallel()
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, e)
			tok := f.fhirToken(clinic.RoleFrontDesk)
			body := `{"resourceType":"Patient","identifier":[{"system":"urn:onset:mrn","value":"FH-7"}],"name":[{"family":"Quill",` +
				`"given":["Ada"]}],"gender":"female","birthDate":"1990-05-06","telecom":[{"system":"phone","value":"+1 503 555 0101"}],` +
				`"contact":[{"relationship":[{"text":"Emergency contact"}],"name":{"text":"Bo Quill"},"telecom":[{"system":"phone","value":"+1 503 555 0102"}]}]}`
			patients := func() int {
				chs, err := f.svc.FindPatients(t.Context(), systemActor(f.clinicID), interop.PatientQuery{})
				if err != nil {
					t.Fatal(err)
				}
				return len(chs)
			}
			before := patients()
			res, b := f.fhirCall("POST", "/fhir/Patient", tok, strings.Replace(body, "1990-05-06", "1990-02-31", 1))
			if paths, _ := outcome(t, res, b, 400); !slices.Contains(paths, "Patient.birthDate") {
				t.Errorf("no such day: %v", paths)
			}
			res, b = f.fhirCall("POST", "/fhir/Patient", tok, body, "If-None-Exist", "identifier=urn:onset:mrn|FH-7")
			if res.StatusCode != http.StatusCreated || res.Header.Get("ETag") != `W/"1"` {
				t.Fatalf("create: %d %v", res.StatusCode, b)
			}
			id := b["id"].(string)
			if !strings.HasSuffix(res.Header.Get("Location"), "/fhir/Patient/"+id+"/_history/1") || !strings.Contains(fmt.Sprint(b), "Bo Quill") {
				t.Errorf("Location %q, %v", res.Header.Get("Location"), b)
			}
			res, b = f.fhirCall("POST", "/fhir/Patient", tok, body, "If-None-Exist", "identifier=urn:onset:mrn|fh-7")
			if res.StatusCode != http.StatusOK || b["id"] != id {
				t.Errorf("conditional create again: %d %v, want 200 and %s", res.StatusCode, b["id"], id)
			}
			res, b = f.fhirCall("POST", "/fhir/Patient", tok, body) // unconditional: the MRN is taken
			outcome(t, res, b, http.StatusConflict)
			res, b = f.fhirCall("POST", "/fhir/Patient", tok, body, "If-None-Exist", "name=Quill")
			outcome(t, res, b, http.StatusBadRequest)
			if n := patients(); n != before+1 {
				t.Errorf("%d patients registered, want 1", n-before)
			}
			// Staff edit the details: version 2, the history, vread.
			pid, _ := strconv.ParseInt(id, 10, 64)
			if _, err := f.svc.UpdatePatient(t.Context(), actorOf(f.users[clinic.RoleNurse]), pid, record.NewPatient{MRN: "FH-7",
				GivenName: "Ada", FamilyName: "Quill-Smith", Sex: "female", BirthDate: "1990-05-06"}); err != nil {
				t.Fatal(err)
			}
			res, b = f.fhirCall("GET", "/fhir/Patient/"+id, tok, "")
			if res.Header.Get("ETag") != `W/"2"` || !strings.Contains(fmt.Sprint(b), "Quill-Smith") {
				t.Errorf("after an edit: ETag %q, %v", res.Header.Get("ETag"), b)
			}
			_, h := f.fhirCall("GET", "/fhir/Patient/"+id+"/_history", tok, "")
			if h["type"] != "history" || total(h) != 1 {
				t.Errorf("history: %v", h)
			}
			if res, v := f.fhirCall("GET", "/fhir/Patient/"+id+"/_history/2", tok, ""); res.StatusCode != 200 || res.Header.Get("ETag") != `W/"2"` {
				t.Errorf("vread 2: %d %v", res.StatusCode, v)
			}
			res, b = f.fhirCall("GET", "/fhir/Patient/"+id+"/_history/1", tok, "")
			outcome(t, res, b, http.StatusNotFound)
			// Search by identifier, name and birth date.
			for _, q := range []string{"identifier=" + url.QueryEscape("urn:onset:mrn|FH-7"), "name=quill", "family=Quill-S",
				"birthdate=1990-05-06&gender=female", "_lastUpdated=ge2000-01-01&name=Ada"} {
				_, s := f.fhirCall("GET", "/fhir/Patient?"+q, tok, "")
				if ids, _ := entries(s, "Patient"); !slices.Equal(ids, []string{id}) {
					t.Errorf("Patient?%s: %v", q, ids)
				}
			}
		})
	}
}

// A treated patient's record through the API: the session is an
// Encounter with its MedicationAdministration, Medication and vital-sign
// Observations, the plan a CarePlan — each valid R4, each readable by id,
// and for clinical staff only.
func TestFHIRTreatedPatient(t *testing.T) {
	t.Parallel()
	f := newFixture(t, storetest.Engines()[0])
	f.signPlan("iv-ketamine-induction", 70, 10, 100)
	nurse := f.signIn(clinic.RoleNurse)
	pid := strconv.FormatInt(f.patient, 10)
	res := nurse.post("/patients/"+pid+"/treatment", checkInForm("124", "78"))
	m := sessionLocation.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("check-in: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	sid := m[1]
	if res := nurse.post("/treatment/"+sid+"/dose", url.Values{"dose_mg": {"35"}, "concentration": {"10"}, "volume_ml": {"3.5"},
		"rate": {"155.3"}, "duration_min": {"40"}, "lot": {"KET-9"}, "expiry": {nextYear()}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("dose: %d %s", res.StatusCode, body(res))
	}
	if res := nurse.post("/treatment/"+sid+"/vitals", url.Values{"systolic": {"130"}, "diastolic": {"82"}, "heart_rate": {"80"},
		"spo2": {"97"}, "resp_rate": {"14"}, "moaas": {"4"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("vitals: %d", res.StatusCode)
	}
	tok := f.fhirToken(clinic.RoleClinician)
	res, b := f.fhirCall("GET", "/fhir/Patient/"+pid+"/$everything", tok, "")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("$everything: %d", res.StatusCode)
	}
	byType := map[string][]string{}
	for _, typ := range []string{"Patient", "Encounter", "MedicationAdministration", "Medication", "Observation", "CarePlan"} {
		ids, _ := entries(b, typ)
		if len(ids) == 0 {
			t.Errorf("$everything has no %s", typ)
		}
		byType[typ] = ids
	}
	// Each is read by its id, and its id is what the bundle said.
	for typ, ids := range byType {
		for _, id := range ids {
			if res, r := f.fhirCall("GET", "/fhir/"+typ+"/"+id, tok, ""); res.StatusCode != http.StatusOK || r["id"] != id {
				t.Errorf("GET %s/%s: %d", typ, id, res.StatusCode)
			}
		}
	}
	// The session is still open, so it runs on past today: ge finds it
	// (date=<today> would need it to have ended today, as R4 reads eq).
	today := time.Now().UTC().Format(time.DateOnly)
	for _, q := range []string{"/fhir/Encounter?patient=" + pid + "&date=ge" + today + "&status=in-progress",
		"/fhir/MedicationAdministration?subject=Patient/" + pid + "&effective-time=ge" + today,
		"/fhir/Observation?patient=" + pid + "&category=vital-signs&code=" + url.QueryEscape("http://loinc.org|85354-9"),
		"/fhir/CarePlan?patient=" + pid + "&status=active"} {
		if res, s := f.fhirCall("GET", q, tok, ""); res.StatusCode != http.StatusOK || total(s) == 0 {
			t.Errorf("%s: %d, total %d", q, res.StatusCode, total(s))
		}
	}
	// The front desk reads the patient's plans and appointments, not the
	// session: $everything leaves it out, a read of it is refused.
	front := f.fhirToken(clinic.RoleFrontDesk)
	_, b = f.fhirCall("GET", "/fhir/Patient/"+pid+"/$everything", front, "")
	for _, typ := range []string{"Encounter", "MedicationAdministration", "Medication"} {
		if ids, _ := entries(b, typ); len(ids) != 0 {
			t.Errorf("the front desk's $everything has %s %v", typ, ids)
		}
	}
	if _, s := f.fhirCall("GET", "/fhir/Observation?patient="+pid+"&category=vital-signs", front, ""); total(s) != 0 {
		t.Errorf("the front desk found %d session vital signs", total(s))
	}
	res, b = f.fhirCall("GET", "/fhir/Observation/"+byType["Observation"][0], front, "")
	if !strings.HasPrefix(byType["Observation"][0], "session-") && !strings.HasPrefix(byType["Observation"][0], "vitals-") {
		t.Fatalf("first observation %s", byType["Observation"][0])
	}
	outcome(t, res, b, http.StatusForbidden)
	res, b = f.fhirCall("GET", "/fhir/Encounter/"+sid, front, "")
	outcome(t, res, b, http.StatusForbidden)
}

// Update needs If-Match with the version read: the right one saves a new
// version (ETag W/"2"), keeping what the resource does not carry; a stale
// one is 412 and saves nothing; without it, 400.
func TestFHIRPatientUpdate(t *testing.T) {
	t.Parallel()
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, e)
			tok := f.fhirToken(clinic.RoleFrontDesk)
			pid := strconv.FormatInt(f.patient, 10)
			path := "/fhir/Patient/" + pid
			res, p := f.fhirCall("GET", path, tok, "")
			if res.Header.Get("ETag") != `W/"1"` {
				t.Fatalf("ETag %q", res.Header.Get("ETag"))
			}
			edited := func(family string) string {
				p["name"] = []any{map[string]any{"use": "official", "family": family, "given": []any{"Pat"}}}
				p["telecom"] = []any{map[string]any{"system": "phone", "value": "+1 503 555 0123"}}
				delete(p, "meta")
				b, _ := json.Marshal(p)
				return string(b)
			}
			before := f.auditCount("patient.update", f.patient)
			for _, c := range []struct {
				name, body, ifMatch string
				status              int
				path                string
			}{
				{"no If-Match", edited("Rivera"), "", 400, ""},
				{"If-Match not an ETag", edited("Rivera"), "latest", 400, ""},
				{"another id", strings.Replace(edited("Rivera"), `"id":"`+pid+`"`, `"id":"`+strconv.FormatInt(f.other, 10)+`"`, 1), `W/"1"`, 400, "Patient.id"},
				{"no such day", strings.Replace(edited("Rivera"), "1980-02-03", "1980-02-30", 1), `W/"1"`, 400, "Patient.birthDate"},
			} {
				res, b := f.fhirCall("PUT", path, tok, c.body, "If-Match", c.ifMatch)
				paths, _ := outcome(t, res, b, c.status)
				if c.path != "" && !slices.Contains(paths, c.path) {
					t.Errorf("%s: %v, want %s", c.name, paths, c.path)
				}
			}
			res, b := f.fhirCall("PUT", path, tok, edited("Rivera"), "If-Match", `W/"1"`)
			if res.StatusCode != http.StatusOK || res.Header.Get("ETag") != `W/"2"` || !strings.Contains(fmt.Sprint(b), "Rivera") {
				t.Fatalf("update: %d, ETag %q, %v", res.StatusCode, res.Header.Get("ETag"), b)
			}
			res, b = f.fhirCall("PUT", path, tok, edited("Stale"), "If-Match", `W/"1"`) // another client's edit of version 1
			if _, text := outcome(t, res, b, http.StatusPreconditionFailed); !strings.Contains(text, "version 2") {
				t.Errorf("stale edit: %s", text)
			}
			rec, err := f.svc.Patient(t.Context(), systemActor(f.clinicID), f.patient)
			if err != nil {
				t.Fatal(err)
			}
			if rec.Patient.FamilyName != "Rivera" || rec.Patient.Phone != "+1 503 555 0123" || len(rec.Patient.Conditions) != 1 {
				t.Errorf("stored %+v: the edit, with the conditions kept", rec.Patient)
			}
			if n := f.auditCount("patient.update", f.patient) - before; n != 1 {
				t.Errorf("%d patient.update audit rows, want 1", n)
			}
			res, b = f.fhirCall("PUT", path, f.fhirToken(clinic.RolePatient), edited("Mine"), "If-Match", `W/"2"`)
			outcome(t, res, b, http.StatusForbidden)
			res, b = f.fhirCall("PUT", "/fhir/Patient/"+strconv.FormatInt(f.foreign, 10), tok,
				strings.Replace(edited("Far"), `"id":"`+pid+`"`, `"id":"`+strconv.FormatInt(f.foreign, 10)+`"`, 1), "If-Match", `W/"1"`)
			outcome(t, res, b, http.StatusNotFound)
		})
	}
}
