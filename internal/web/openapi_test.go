package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"onset/internal/clinic"
	"onset/internal/schedule"
	"onset/internal/service/booking"
	"onset/internal/service/imports"
	"onset/internal/web"
)

// The API's OpenAPI document (openapi.json) is checked three ways here:
// it describes exactly the API routes of routeTable (TestOpenAPIDescribesEveryAPIRoute),
// it is a sound document (TestOpenAPIDocument), and every response the
// web tests receive from /api/ is validated against the schema of its
// operation and status (checkAPIResponse, called by client.do in
// fixture_test.go), with TestAPIOperationsAgainstDocument calling every
// operation at least once with success.

// openAPIURL is where the compiler files the document; nothing is fetched.
const openAPIURL = "https://onset.invalid/api/v1/openapi.json"

// apiSpec is the document with each operation's schemas compiled.
type apiSpec struct {
	raw []byte
	doc map[string]any
	ops []*apiOp
}

// apiOp is one operation: a method and path template of the document.
type apiOp struct {
	method, path, id string
	match            *regexp.Regexp
	params           []string // path parameters, in order
	public           bool     // security: [] (no token or session)
	raw              map[string]any
	request          *jsonschema.Schema      // the JSON request body's; nil without one
	responses        map[string]*apiResponse // by status code
}

// apiResponse is one documented response: its media type ("" without a
// body) and, for JSON, its compiled schema.
type apiResponse struct {
	mediaType string
	schema    *jsonschema.Schema
}

var pathParam = regexp.MustCompile(`\{[^}]*\}`)

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// loadOpenAPI reads and compiles the document once for the whole package.
var loadOpenAPI = sync.OnceValues(func() (*apiSpec, error) {
	raw, err := os.ReadFile("openapi.json")
	if err != nil {
		return nil, err
	}
	return parseOpenAPI(raw)
})

func openAPI(t testing.TB) *apiSpec {
	t.Helper()
	s, err := loadOpenAPI()
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return s
}

// ptrToken escapes one JSON pointer token (RFC 6901).
func ptrToken(s string) string { return strings.NewReplacer("~", "~0", "/", "~1").Replace(s) }

func parseOpenAPI(raw []byte) (*apiSpec, error) {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	doc, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the document is not an object")
	}
	s := &apiSpec{raw: raw, doc: doc}
	// OpenAPI 3.1's schemas are JSON Schema 2020-12: the whole document is
	// one resource, and each schema is compiled by its pointer into it, so
	// "$ref": "#/components/schemas/X" resolves within the document.
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat() // date and date-time are checked, not only noted
	if err := c.AddResource(openAPIURL, doc); err != nil {
		return nil, err
	}
	compile := func(ptr string) (*jsonschema.Schema, error) {
		sch, err := c.Compile(openAPIURL + "#" + ptr)
		if err != nil {
			return nil, fmt.Errorf("schema at %s: %w", ptr, err)
		}
		return sch, nil
	}
	paths, ok := doc["paths"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("no paths")
	}
	for path, v := range paths {
		item, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("path %s is not an object", path)
		}
		for _, m := range methods {
			raw, ok := item[m].(map[string]any)
			if !ok {
				continue
			}
			op := &apiOp{method: strings.ToUpper(m), path: path, raw: raw, responses: map[string]*apiResponse{}}
			op.id, _ = raw["operationId"].(string)
			if sec, ok := raw["security"].([]any); ok && len(sec) == 0 {
				op.public = true
			}
			re := "^"
			for i, part := range pathParam.Split(path, -1) {
				if i > 0 {
					re += "[^/]+"
				}
				re += regexp.QuoteMeta(part)
			}
			op.match = regexp.MustCompile(re + "$")
			for _, p := range pathParam.FindAllString(path, -1) {
				op.params = append(op.params, strings.Trim(p, "{}"))
			}
			base := "/paths/" + ptrToken(path) + "/" + m
			if rb, ok := raw["requestBody"].(map[string]any); ok {
				target, ptr, err := s.deref(rb, base+"/requestBody")
				if err != nil {
					return nil, err
				}
				if content, _ := target["content"].(map[string]any); content["application/json"] != nil {
					if op.request, err = compile(ptr + "/content/application~1json/schema"); err != nil {
						return nil, err
					}
				}
			}
			responses, _ := raw["responses"].(map[string]any)
			for code, rv := range responses {
				r, _ := rv.(map[string]any)
				target, ptr, err := s.deref(r, base+"/responses/"+code)
				if err != nil {
					return nil, err
				}
				resp := &apiResponse{}
				content, _ := target["content"].(map[string]any)
				for mt := range content {
					if resp.mediaType != "" {
						return nil, fmt.Errorf("%s %s %s: more than one media type", op.method, path, code)
					}
					resp.mediaType = mt
				}
				if resp.mediaType == "application/json" {
					if resp.schema, err = compile(ptr + "/content/application~1json/schema"); err != nil {
						return nil, err
					}
				}
				op.responses[code] = resp
			}
			s.ops = append(s.ops, op)
		}
	}
	// A literal path wins over a template that also matches it.
	slices.SortStableFunc(s.ops, func(a, b *apiOp) int {
		if d := len(a.params) - len(b.params); d != 0 {
			return d
		}
		return strings.Compare(a.method+" "+a.path, b.method+" "+b.path)
	})
	return s, nil
}

// deref follows an OpenAPI "$ref" (a response or request body kept under
// components) and returns the object and its JSON pointer.
func (s *apiSpec) deref(obj map[string]any, ptr string) (map[string]any, string, error) {
	for range 10 {
		ref, ok := obj["$ref"].(string)
		if !ok {
			return obj, ptr, nil
		}
		if !strings.HasPrefix(ref, "#/") {
			return nil, "", fmt.Errorf("%s: only references within the document: %s", ptr, ref)
		}
		ptr = ref[1:]
		var cur any = s.doc
		for _, tok := range strings.Split(ptr[1:], "/") {
			tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
			m, _ := cur.(map[string]any)
			if cur = m[tok]; cur == nil {
				return nil, "", fmt.Errorf("%s: %s is not in the document", ptr, ref)
			}
		}
		if obj, ok = cur.(map[string]any); !ok {
			return nil, "", fmt.Errorf("%s is not an object", ref)
		}
	}
	return nil, "", fmt.Errorf("%s: references nest too deep", ptr)
}

// operations are the documented operations as "METHOD /path".
func (s *apiSpec) operations() []string {
	var out []string
	for _, op := range s.ops {
		out = append(out, op.method+" "+op.path)
	}
	return out
}

// find is the operation that answers method and path, or nil.
func (s *apiSpec) find(method, path string) *apiOp {
	for _, op := range s.ops {
		if op.method == method && op.match.MatchString(path) {
			return op
		}
	}
	return nil
}

// check validates one API response against the document: its status must
// be documented for the operation, its media type the documented one, and
// its body valid against the documented schema. It returns the
// operation's ID, or "" when no operation has this method and path (the
// drift test keeps routes and operations in step; the mux's own 404 and
// 405 answers are no operation's).
func (s *apiSpec) check(method, path string, status int, header http.Header, body []byte) (string, error) {
	op := s.find(method, path)
	if op == nil {
		return "", nil
	}
	where := fmt.Sprintf("%s %s → %d (%s)", method, path, status, op.id)
	resp, ok := op.responses[strconv.Itoa(status)]
	if !ok {
		var codes []string
		for c := range op.responses {
			codes = append(codes, c)
		}
		slices.Sort(codes)
		return op.id, fmt.Errorf("%s: status %d is not documented (the document has %s)\n%s", where, status, strings.Join(codes, ", "), body)
	}
	if resp.mediaType == "" {
		if len(body) > 0 {
			return op.id, fmt.Errorf("%s: a body where the document has none", where)
		}
		return op.id, nil
	}
	if mt, _, _ := mime.ParseMediaType(header.Get("Content-Type")); mt != resp.mediaType {
		return op.id, fmt.Errorf("%s: Content-Type %q, documented %s", where, header.Get("Content-Type"), resp.mediaType)
	}
	if resp.schema == nil {
		return op.id, nil
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return op.id, fmt.Errorf("%s: the body is not JSON: %v\n%s", where, err, body)
	}
	if err := resp.schema.Validate(v); err != nil {
		return op.id, fmt.Errorf("%s: the body does not match the document: %v\n%s", where, err, body)
	}
	return op.id, nil
}

// checkRequest validates a request body the server accepted against the
// operation's request schema, so the document never refuses what the
// handler takes.
func (s *apiSpec) checkRequest(method, path, body string) error {
	op := s.find(method, path)
	if op == nil || op.request == nil {
		return nil
	}
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
	if err != nil {
		return fmt.Errorf("%s %s: request body: %v", method, path, err)
	}
	if err := op.request.Validate(v); err != nil {
		return fmt.Errorf("%s %s: the document refuses a body the server accepted: %v\n%s", method, path, err, body)
	}
	return nil
}

// checkAPIResponse validates a response from /api/ against the document;
// client.do calls it for every request the web tests make.
func checkAPIResponse(t testing.TB, method, path string, status int, header http.Header, body []byte) {
	if !strings.HasPrefix(path, "/api/") {
		return
	}
	t.Helper()
	if _, err := openAPI(t).check(method, path, status, header, body); err != nil {
		t.Error(err)
	}
}

// apiDrift compares the API routes ("GET /api/v1/patients/{id}") with the
// documented operations, path parameters by position rather than name. It
// returns the routes that have no operation and the operations that have
// no route.
func apiDrift(routes, operations []string) (noOperation, noRoute []string) {
	norm := func(p string) string { return pathParam.ReplaceAllString(p, "{}") }
	documented, routed := map[string]bool{}, map[string]bool{}
	for _, o := range operations {
		documented[norm(o)] = true
	}
	for _, r := range routes {
		routed[norm(r)] = true
		if !documented[norm(r)] {
			noOperation = append(noOperation, r)
		}
	}
	for _, o := range operations {
		if !routed[norm(o)] {
			noRoute = append(noRoute, o)
		}
	}
	slices.Sort(noOperation)
	slices.Sort(noRoute)
	return noOperation, noRoute
}

func TestOpenAPIDescribesEveryAPIRoute(t *testing.T) {
	t.Parallel()
	spec := openAPI(t)
	routes := web.APIRoutes()
	if len(routes) < 10 {
		t.Fatalf("only %d API routes: %v", len(routes), routes)
	}
	for _, r := range routes {
		if m, _, ok := strings.Cut(r, " "); !ok || m != strings.ToUpper(m) || !slices.Contains(methods, strings.ToLower(m)) {
			t.Errorf("API route %q has no method: the document needs one per operation", r)
		}
	}
	noOp, noRoute := apiDrift(routes, spec.operations())
	for _, r := range noOp {
		t.Errorf("route %s has no operation in openapi.json", r)
	}
	for _, o := range noRoute {
		t.Errorf("openapi.json documents %s, which routeTable does not serve", o)
	}

	// The comparison itself finds what is missing on either side, by
	// method and by path, whatever the path parameters are named.
	ops := spec.operations()
	for _, tc := range []struct {
		name              string
		routes, ops       []string
		wantNoOp, wantNoR []string
	}{
		{"route added", append(slices.Clone(routes), "DELETE /api/v1/patients/{id}"), ops,
			[]string{"DELETE /api/v1/patients/{id}"}, nil},
		{"operation dropped", routes, slices.DeleteFunc(slices.Clone(ops), func(o string) bool { return o == "GET /api/v1/patients/{id}" }),
			[]string{"GET /api/v1/patients/{id}"}, nil},
		{"route dropped", slices.DeleteFunc(slices.Clone(routes), func(r string) bool { return r == "GET /api/v1/me" }), ops,
			nil, []string{"GET /api/v1/me"}},
		{"other method", []string{"POST /api/v1/me"}, []string{"GET /api/v1/me"},
			[]string{"POST /api/v1/me"}, []string{"GET /api/v1/me"}},
		{"parameter renamed", []string{"GET /api/v1/patients/{pid}/plan"}, []string{"GET /api/v1/patients/{id}/plan"}, nil, nil},
		{"parameter for a literal", []string{"GET /api/v1/patients/{id}"}, []string{"GET /api/v1/patients/me"},
			[]string{"GET /api/v1/patients/{id}"}, []string{"GET /api/v1/patients/me"}},
	} {
		noOp, noRoute := apiDrift(tc.routes, tc.ops)
		if !slices.Equal(noOp, tc.wantNoOp) || !slices.Equal(noRoute, tc.wantNoR) {
			t.Errorf("%s: without operation %v, want %v; without route %v, want %v", tc.name, noOp, tc.wantNoOp, noRoute, tc.wantNoR)
		}
	}
}

// errorCodes is the code errors.go writes for each status.
var errorCodes = map[string]string{"400": "invalid", "401": "unauthenticated", "403": "forbidden",
	"404": "not_found", "409": "conflict", "500": "internal"}

func TestOpenAPIDocument(t *testing.T) {
	t.Parallel()
	spec := openAPI(t)
	if v, _ := spec.doc["openapi"].(string); !regexp.MustCompile(`^3\.1\.\d+$`).MatchString(v) {
		t.Errorf("openapi is %q, want 3.1.x", v)
	}
	info, _ := spec.doc["info"].(map[string]any)
	if info["title"] != "Onset" || info["version"] == nil || info["version"] == "" {
		t.Errorf("info: %v", info)
	}
	components, _ := spec.doc["components"].(map[string]any)
	schemes, _ := components["securitySchemes"].(map[string]any)
	checkSecurity := func(where string, v any) {
		reqs, ok := v.([]any)
		if !ok {
			t.Errorf("%s: security is not a list", where)
			return
		}
		for _, r := range reqs {
			for name := range r.(map[string]any) {
				if schemes[name] == nil {
					t.Errorf("%s: security scheme %s is not defined", where, name)
				}
			}
		}
	}
	checkSecurity("document", spec.doc["security"])
	ids := map[string]string{}
	for _, op := range spec.ops {
		where := op.method + " " + op.path
		if sec, ok := op.raw["security"]; ok {
			checkSecurity(where, sec)
		}
		if !regexp.MustCompile(`^[a-z][A-Za-z]+$`).MatchString(op.id) {
			t.Errorf("%s: operationId %q", where, op.id)
		} else if other, dup := ids[op.id]; dup {
			t.Errorf("%s: operationId %s is also %s's", where, op.id, other)
		}
		ids[op.id] = where
		if !strings.HasPrefix(op.path, "/api/v1/") {
			t.Errorf("%s: outside /api/v1", where)
		}
		// Every path parameter is declared, required, and nothing else is.
		var declared []string
		params, _ := op.raw["parameters"].([]any)
		for i, pv := range params {
			p, _, err := spec.deref(pv.(map[string]any), fmt.Sprintf("%s parameter %d", where, i))
			if err != nil {
				t.Error(err)
				continue
			}
			if p["in"] == "path" {
				declared = append(declared, p["name"].(string))
				if p["required"] != true {
					t.Errorf("%s: path parameter %s is not required", where, p["name"])
				}
			}
			if p["schema"] == nil {
				t.Errorf("%s: parameter %s has no schema", where, p["name"])
			}
		}
		if !slices.Equal(declared, op.params) {
			t.Errorf("%s: path parameters declared %v, in the path %v", where, declared, op.params)
		}
		if op.method == http.MethodPost && op.request == nil {
			t.Errorf("%s: a POST without a JSON request body", where)
		}
		success := false
		for code, resp := range op.responses {
			if !regexp.MustCompile(`^[1-5]\d\d$`).MatchString(code) {
				t.Errorf("%s: response %q: name each status", where, code)
				continue
			}
			if code[0] == '2' {
				success = true
				if resp.schema == nil {
					t.Errorf("%s %s: no JSON schema", where, code)
				}
			}
			if code[0] == '4' || code[0] == '5' {
				// Each error status documents errors.go's body with its code.
				want, ok := errorCodes[code]
				if !ok {
					t.Errorf("%s: %s is a status errors.go never writes", where, code)
					continue
				}
				h := http.Header{"Content-Type": {"application/json"}}
				good := `{"error":{"code":"` + want + `","message":"Why.","request_id":"0123456789abcdef"}}`
				if _, err := spec.check(op.method, pathParam.ReplaceAllString(op.path, "1"), atoi(code), h, []byte(good)); err != nil {
					t.Error(err)
				}
				other := "internal"
				if want == "internal" {
					other = "invalid"
				}
				bad := strings.Replace(good, want, other, 1)
				if _, err := spec.check(op.method, pathParam.ReplaceAllString(op.path, "1"), atoi(code), h, []byte(bad)); err == nil {
					t.Errorf("%s %s: takes an error body with code %s", where, code, other)
				}
			}
		}
		if !success {
			t.Errorf("%s: no success response", where)
		}
		if _, ok := op.responses["401"]; !ok && !op.public {
			t.Errorf("%s: needs a sign-in but documents no 401", where)
		}
		if _, ok := op.responses["500"]; !ok && !op.public {
			t.Errorf("%s: documents no 500", where)
		}
	}
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// The validator refuses what it should: it is not a check that passes
// everything.
func TestOpenAPIValidatorRefuses(t *testing.T) {
	t.Parallel()
	spec := openAPI(t)
	h := http.Header{"Content-Type": {"application/json"}}
	me := `{"id":3,"email":"nurse@example.org","name":"Test nurse","role":"nurse","clinic_id":1}`
	if id, err := spec.check("GET", "/api/v1/me", 200, h, []byte(me)); err != nil || id != "getMe" {
		t.Fatalf("a valid body: %q %v", id, err)
	}
	for _, tc := range []struct {
		name, method, path string
		status             int
		ct, body           string
	}{
		{"undocumented status", "GET", "/api/v1/me", 418, "application/json", me},
		{"missing field", "GET", "/api/v1/me", 200, "application/json", `{"id":3,"email":"a@b","name":"","role":"nurse"}`},
		{"field not documented", "GET", "/api/v1/me", 200, "application/json", strings.Replace(me, `{`, `{"extra":1,`, 1)},
		{"wrong type", "GET", "/api/v1/me", 200, "application/json", strings.Replace(me, `"clinic_id":1`, `"clinic_id":"1"`, 1)},
		{"not in the enum", "GET", "/api/v1/me", 200, "application/json", strings.Replace(me, `"role":"nurse"`, `"role":"janitor"`, 1)},
		{"HTML", "GET", "/api/v1/me", 200, "text/html; charset=utf-8", me},
		{"not JSON", "GET", "/api/v1/me", 200, "application/json", `{"id":`},
		{"a referenced schema", "GET", "/api/v1/patients/7", 200, "application/json",
			`{"patient":{"id":7,"mrn":"M","given_name":"A","family_name":"B","sex":"female","birth_date":"1980-13-45","conditions":[]},"courses":[],"administrations":[],"assessments":[]}`},
		{"an error with another code", "GET", "/api/v1/patients/7", 404, "application/json",
			`{"error":{"code":"forbidden","message":"No.","request_id":"0123456789abcdef"}}`},
	} {
		if _, err := spec.check(tc.method, tc.path, tc.status, http.Header{"Content-Type": {tc.ct}}, []byte(tc.body)); err == nil {
			t.Errorf("%s: passed", tc.name)
		}
	}
	if id, _ := spec.check("GET", "/api/v1/nowhere", 404, h, nil); id != "" {
		t.Errorf("an undocumented path matched %s", id)
	}
}

// TestAPIOperationsAgainstDocument calls every documented operation with
// success, and the errors each is documented to answer, on a clinic with
// data in every list; client.do validates each response against the
// document, and the accepted request bodies are checked against it too.
func TestAPIOperationsAgainstDocument(t *testing.T) {
	t.Parallel()
	spec := openAPI(t)
	f, _ := bookingFixture(t) // Wed 20 May 2026 09:00 UTC, Berlin; a signed IV plan for the patient account
	seedOutcomes(t, f)        // 12 courses: the curves and the bands have data
	ctx, sys := t.Context(), systemActor(f.clinicID)
	// The patient's own history: a course of two infusions with PHQ-9 scores around it.
	if _, err := f.svc.ImportTreatments(ctx, sys, strings.NewReader("patient,given_at,route,dose_mg,weight_kg\n"+
		"P-1,2026-05-04 09:00,iv,35,70\nP-1,2026-05-06 09:00,iv,35,70\n"), imports.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ImportAssessments(ctx, sys, strings.NewReader("patient,taken_at,instrument,total\n"+
		"P-1,2026-05-03 09:00,phq9,18\nP-1,2026-05-07 09:00,phq9,8\n"), imports.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, in := range []booking.BookingInput{
		{PatientID: f.patient, Kind: schedule.Infusion, Start: time.Date(2026, 6, 1, 6, 0, 0, 0, time.UTC), PlanSession: 1},
		{PatientID: f.patient, Kind: schedule.Consultation, Start: time.Date(2026, 5, 21, 8, 0, 0, 0, time.UTC)},
	} {
		if _, err := f.svc.BookAppointment(ctx, sys, in); err != nil {
			t.Fatal(err)
		}
	}
	tokens := map[string]string{}
	for _, role := range []clinic.Role{clinic.RoleNurse, clinic.RoleClinician, clinic.RolePatient} {
		tok, err := f.svc.CreateAPIToken(ctx, actorOf(f.users[role]), "openapi test")
		if err != nil {
			t.Fatal(err)
		}
		tokens[string(role)] = tok
	}

	covered := map[string]bool{} // operations answered with success
	send := func(c *client, req *http.Request, payload string, want int) ([]byte, map[string]any) {
		t.Helper()
		res := c.do(req) // validates the response against the document
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != want {
			t.Fatalf("%s %s: %d, want %d\n%s", req.Method, req.URL, res.StatusCode, want, b)
		}
		id, _ := spec.check(req.Method, req.URL.Path, res.StatusCode, res.Header, b)
		if id == "" {
			t.Errorf("%s %s: no operation in the document", req.Method, req.URL.Path)
		}
		if res.StatusCode < 300 {
			covered[id] = true
			if err := spec.checkRequest(req.Method, req.URL.Path, payload); err != nil {
				t.Error(err)
			}
		}
		var out map[string]any
		json.Unmarshal(b, &out)
		return b, out
	}
	call := func(who, method, path, payload string, want int, header ...string) ([]byte, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(method, f.srv.URL+path, strings.NewReader(payload))
		if tok, ok := tokens[who]; ok {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		if payload != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		return send(f.anonymous(), req, payload, want)
	}
	patient := "/api/v1/patients/" + strconv.FormatInt(f.patient, 10)
	other := "/api/v1/patients/" + strconv.FormatInt(f.other, 10)

	// The document itself, public and as embedded.
	if b, _ := call("", "GET", "/api/v1/openapi.json", "", 200); !bytes.Equal(b, spec.raw) {
		t.Error("GET /api/v1/openapi.json is not openapi.json")
	}
	// Who is calling; no token, a forged one, or another scheme is 401.
	if _, me := call("patient", "GET", "/api/v1/me", "", 200); me["role"] != "patient" || me["patient_id"] != float64(f.patient) {
		t.Errorf("me: %v", me)
	}
	call("nurse", "GET", "/api/v1/me", "", 200)
	call("", "GET", "/api/v1/me", "", 401)
	call("", "GET", "/api/v1/me", "", 401, "Authorization", "Basic bnVyc2U6cGFzcw==")
	call("", "GET", "/api/v1/me", "", 401, "Authorization", "Bearer onset_forged")

	// Patients: search, register, duplicates, refusals.
	if _, page := call("nurse", "GET", "/api/v1/patients?q=P-&page=1", "", 200); page["total"] != 2.0 {
		t.Errorf("search: %v", page)
	}
	call("nurse", "GET", "/api/v1/patients?page=0", "", 400)
	call("patient", "GET", "/api/v1/patients", "", 403)
	ada := `{"mrn":"API-1","given_name":"Ada","family_name":"Api","sex":"female","birth_date":"1985-07-08","email":"ada@example.org","phone":"+49 30 1234567","conditions":["ptsd","depression"]}`
	call("nurse", "POST", "/api/v1/patients", ada, 201)
	call("nurse", "POST", "/api/v1/patients", ada, 409) // the MRN is taken
	twin := strings.Replace(ada, "API-1", "API-2", 1)
	call("nurse", "POST", "/api/v1/patients", twin, 409) // the same person, perhaps
	call("nurse", "POST", "/api/v1/patients", strings.Replace(twin, `"conditions"`, `"not_a_duplicate":true,"conditions"`, 1), 201)
	call("nurse", "POST", "/api/v1/patients", `{"mrn":"API-3","given_name":"A","family_name":"B","sex":"female"}`, 400)
	call("patient", "POST", "/api/v1/patients", strings.Replace(ada, "API-1", "API-4", 1), 403)

	// Assessments: staff with a skipped item, a patient's own with an
	// Idempotency-Key (retried, then reused), refusals.
	call("nurse", "POST", patient+"/assessments", `{"instrument":"cssrs-screener","answers":[0,0,null,null,null,0],"taken_at":"2026-05-20T08:00:00Z"}`, 201)
	phq := `{"instrument":"phq9","answers":[1,1,1,0,1,0,1,0,0]}`
	call("patient", "POST", patient+"/assessments", phq, 201, "Idempotency-Key", "openapi-1")
	if _, out := call("patient", "POST", patient+"/assessments", phq, 200, "Idempotency-Key", "openapi-1"); out["replayed"] != true {
		t.Errorf("replay: %v", out)
	}
	call("patient", "POST", patient+"/assessments", strings.Replace(phq, "[1,", "[2,", 1), 409, "Idempotency-Key", "openapi-1")
	call("patient", "POST", patient+"/assessments", `{"instrument":"cssrs-screener","answers":[0,0,null,null,null,0]}`, 403)
	call("patient", "POST", other+"/assessments", phq, 403)
	call("nurse", "POST", patient+"/assessments", `{"instrument":"phq9"}`, 400)
	call("nurse", "POST", "/api/v1/patients/999999/assessments", phq, 404)

	// The record, with courses, administrations and assessments.
	if _, rec := call("nurse", "GET", patient, "", 200); len(rec["courses"].([]any)) == 0 || len(rec["administrations"].([]any)) != 2 || len(rec["assessments"].([]any)) < 4 {
		t.Errorf("record: %v", rec)
	}
	call("patient", "GET", other, "", 403)
	call("nurse", "GET", "/api/v1/patients/abc", "", 404)

	// The trajectory, the plan, the appointments.
	if _, tr := call("patient", "GET", patient+"/trajectory?instrument=phq9", "", 200); tr["has_baseline"] != true || len(tr["sessions"].([]any)) != 2 {
		t.Errorf("trajectory: %v", tr)
	}
	call("nurse", "GET", patient+"/trajectory", "", 200)
	call("nurse", "GET", patient+"/trajectory?instrument=nope", "", 400)
	call("nurse", "GET", other+"/trajectory", "", 404) // no course yet
	if _, plan := call("patient", "GET", patient+"/plan", "", 200); plan["status"] != "signed" || len(plan["sessions"].([]any)) == 0 {
		t.Errorf("plan: %v", plan)
	}
	call("nurse", "GET", other+"/plan", "", 404)
	call("patient", "GET", other+"/plan", "", 403)
	if _, ap := call("patient", "GET", patient+"/appointments", "", 200); len(ap["appointments"].([]any)) != 2 || ap["time_zone"] != "Europe/Berlin" {
		t.Errorf("appointments: %v", ap)
	}
	call("patient", "GET", other+"/appointments", "", 403)

	// The clinic's outcomes.
	if _, oc := call("clinician", "GET", "/api/v1/outcomes?instrument=phq9&event=response&by=route&times=1,7,28", "", 200); oc["logrank"] == nil {
		t.Errorf("outcomes: %v", oc)
	}
	call("clinician", "GET", "/api/v1/outcomes?event=remission&from=2026-01-01&to=2026-03-31", "", 200)
	call("clinician", "GET", "/api/v1/outcomes?by=colour", "", 400)
	call("nurse", "GET", "/api/v1/outcomes", "", 403)
	// A Cox model of the clinic's 13 courses: esketamine against iv, adjusted for age.
	if _, m := call("clinician", "GET", "/api/v1/outcomes/model?covariates=route,age&reference=route=iv", "", 200); m["n"] != 13.0 || len(m["statements"].([]any)) != 2 {
		t.Errorf("outcome model: %v", m)
	}
	call("clinician", "GET", "/api/v1/outcomes/model", "", 200) // the defaults that vary here (route)
	call("clinician", "GET", "/api/v1/outcomes/model?covariates=shoe_size", "", 400)
	call("clinician", "GET", "/api/v1/outcomes/model?covariates=route&ties=exact", "", 400)
	call("nurse", "GET", "/api/v1/outcomes/model", "", 403)
	if _, bands := call("patient", "GET", "/api/v1/outcomes/bands?instrument=phq9", "", 200); bands["courses"] == 0.0 {
		t.Errorf("bands: %v", bands)
	}
	call("patient", "GET", "/api/v1/outcomes/bands?instrument=nope", "", 400)

	// The browser's session cookie works too; its writes need the CSRF token.
	nurse := f.signIn(clinic.RoleNurse)
	post := func(csrf string, want int) {
		t.Helper()
		req, _ := http.NewRequest("POST", f.srv.URL+patient+"/assessments", strings.NewReader(phq))
		req.Header.Set("Content-Type", "application/json")
		if csrf != "" {
			req.Header.Set("X-CSRF-Token", csrf)
		}
		send(nurse, req, phq, want)
	}
	post("", 403)
	post(nurse.csrf, 201)

	for _, op := range spec.ops {
		if !covered[op.id] {
			t.Errorf("%s (%s %s) was not called with success here: add a call", op.id, op.method, op.path)
		}
	}
}
