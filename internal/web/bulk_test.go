package web_test

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/service/measurement"
	"onset/internal/store/storetest"
)

// delete sends DELETE (API-style: no form, no CSRF field).
func (c *client) delete(path string) *http.Response {
	req, _ := http.NewRequest(http.MethodDelete, c.f.srv.URL+path, nil)
	return c.do(req)
}

// backendKey is a client's signing key and the JWKS it registers.
type backendKey struct {
	signer jose.Signer
	jwks   string
}

func newBackendKey(t *testing.T, alg jose.SignatureAlgorithm, kid string) backendKey {
	t.Helper()
	var priv, pub any
	switch alg {
	case jose.ES384:
		k, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		priv, pub = k, &k.PublicKey
	default: // RS384, RS256
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		priv, pub = k, &k.PublicKey
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: jose.JSONWebKey{Key: priv, KeyID: kid}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	set, _ := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: pub, KeyID: kid}}})
	return backendKey{signer: signer, jwks: string(set)}
}

// assertion signs a client assertion; change edits its claims first.
func (k backendKey) assertion(t *testing.T, clientID, aud string, change func(*jwt.Claims)) string {
	t.Helper()
	now := time.Now()
	c := jwt.Claims{Issuer: clientID, Subject: clientID, Audience: jwt.Audience{aud}, ID: strconv.FormatInt(now.UnixNano(), 36),
		Expiry: jwt.NewNumericDate(now.Add(4 * time.Minute))}
	if change != nil {
		change(&c)
	}
	s, err := jwt.Signed(k.signer).Claims(c).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// tokenRequest posts to the token endpoint; it returns the status and
// the OAuth JSON.
func (f *fixture) tokenRequest(assertion, scope string) (int, map[string]any) {
	f.t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "scope": {scope},
		"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"}, "client_assertion": {assertion}}
	res, err := http.PostForm(f.srv.URL+"/auth/token", form)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		f.t.Fatalf("token endpoint: not JSON: %v", err)
	}
	return res.StatusCode, out
}

// bulkGet sends a request with a bearer token and returns the response
// and its body.
func (f *fixture) bulkCall(method, path, token string, header ...string) (*http.Response, []byte) {
	f.t.Helper()
	if !strings.HasPrefix(path, "http") {
		path = f.srv.URL + path
	}
	req, _ := http.NewRequest(method, path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, body
}

type bulkManifest struct {
	TransactionTime     string `json:"transactionTime"`
	Request             string `json:"request"`
	RequiresAccessToken bool   `json:"requiresAccessToken"`
	Output              []struct {
		Type  string `json:"type"`
		URL   string `json:"url"`
		Count int    `json:"count"`
	} `json:"output"`
}

// runExport kicks off an export and polls its status (as a client does,
// after Retry-After) until the manifest comes; it fails the test on any
// other answer.
func (f *fixture) runExport(path, token string) bulkManifest {
	f.t.Helper()
	res, body := f.bulkCall(http.MethodGet, path, token, "Prefer", "respond-async", "Accept", "application/fhir+json")
	if res.StatusCode != http.StatusAccepted || res.Header.Get("Content-Location") == "" {
		f.t.Fatalf("kick-off %s: %d %s", path, res.StatusCode, body)
	}
	status := res.Header.Get("Content-Location")
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		res, body = f.bulkCall(http.MethodGet, status, token)
		switch res.StatusCode {
		case http.StatusAccepted:
			if res.Header.Get("Retry-After") == "" || res.Header.Get("X-Progress") == "" {
				f.t.Fatalf("status in progress without Retry-After and X-Progress: %v", res.Header)
			}
			time.Sleep(50 * time.Millisecond)
			continue
		case http.StatusOK:
			var m bulkManifest
			if err := json.Unmarshal(body, &m); err != nil {
				f.t.Fatalf("manifest: %v\n%s", err, body)
			}
			return m
		}
		f.t.Fatalf("status: %d %s", res.StatusCode, body)
	}
	f.t.Fatal("the export did not finish in 30 s")
	return bulkManifest{}
}

// ndjsonLines fetches one output file and checks each line is a valid R4
// resource of the file's type.
func (f *fixture) ndjsonLines(u, token, typ string) []map[string]any {
	f.t.Helper()
	res, body := f.bulkCall(http.MethodGet, u, token)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/fhir+ndjson" {
		f.t.Fatalf("file %s: %d %s %s", u, res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		r := checkFHIR(f.t, sc.Bytes())
		if r["resourceType"] != typ {
			f.t.Errorf("%s holds a %v", u, r["resourceType"])
		}
		out = append(out, r)
	}
	return out
}

func TestBulkExportBackendClient(t *testing.T) {
	t.Parallel()
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, e)
			ctx := t.Context()
			admin := actorOf(f.users[clinic.RoleAdmin])
			if _, err := f.svc.RecordTotal(ctx, actorOf(f.users[clinic.RoleNurse]), measurement.NewTotal{PatientID: f.patient,
				Instrument: "phq9", Total: 14, TakenAt: time.Now().Add(-time.Hour)}); err != nil {
				t.Fatal(err)
			}
			es := newBackendKey(t, jose.ES384, "es-1")
			rs := newBackendKey(t, jose.RS384, "rs-1")

			// Registration refuses what cannot verify an assertion safely.
			rs256 := newBackendKey(t, jose.RS256, "x")
			var privSet bytes.Buffer
			k, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
			json.NewEncoder(&privSet).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: k, KeyID: "p"}}})
			p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
			p256Set, _ := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &p256.PublicKey}}})
			for name, jwks := range map[string]string{"private key": privSet.String(), "P-256": string(p256Set),
				"not JSON": "{keys", "empty": `{"keys":[]}`, "RS256 declared": strings.Replace(rs256.jwks, `"kid"`, `"alg":"RS256","kid"`, 1)} {
				if _, err := f.svc.RegisterBackendClient(ctx, admin, "bad", jwks); clinic.ErrorCode(err) != clinic.Invalid {
					t.Errorf("registering a key set with %s: %v, want refused", name, err)
				}
			}
			if _, err := f.svc.RegisterBackendClient(ctx, actorOf(f.users[clinic.RoleClinician]), "x", es.jwks); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("a clinician registered a backend client: %v", err)
			}
			esClient, err := f.svc.RegisterBackendClient(ctx, admin, "research warehouse", es.jwks)
			if err != nil {
				t.Fatal(err)
			}
			rsClient, err := f.svc.RegisterBackendClient(ctx, admin, "EHR sync", rs.jwks)
			if err != nil {
				t.Fatal(err)
			}

			// Discovery names the token endpoint and the algorithms.
			res, body := f.bulkCall(http.MethodGet, "/fhir/.well-known/smart-configuration", "")
			var conf map[string]any
			json.Unmarshal(body, &conf)
			aud, _ := conf["token_endpoint"].(string)
			if res.StatusCode != 200 || aud != f.srv.URL+"/auth/token" || !strings.Contains(string(body), `"ES384"`) {
				t.Fatalf("smart-configuration: %d %s", res.StatusCode, body)
			}

			// Refused assertions: each with the OAuth error it earns.
			future := func(c *jwt.Claims) { c.Expiry = jwt.NewNumericDate(time.Now().Add(time.Hour)) }
			expired := func(c *jwt.Claims) { c.Expiry = jwt.NewNumericDate(time.Now().Add(-time.Minute)) }
			noJTI := func(c *jwt.Claims) { c.ID = "" }
			otherSub := func(c *jwt.Claims) { c.Subject = "someone" }
			for _, c := range []struct {
				name, assertion, scope, code string
			}{
				{"wrong audience", es.assertion(t, esClient.ClientID, "https://elsewhere/token", nil), "system/*.read", "invalid_client"},
				{"expired", es.assertion(t, esClient.ClientID, aud, expired), "system/*.read", "invalid_client"},
				{"exp an hour ahead", es.assertion(t, esClient.ClientID, aud, future), "system/*.read", "invalid_client"},
				{"no jti", es.assertion(t, esClient.ClientID, aud, noJTI), "system/*.read", "invalid_client"},
				{"sub not the client", es.assertion(t, esClient.ClientID, aud, otherSub), "system/*.read", "invalid_client"},
				{"signed by another client's key", rs.assertion(t, esClient.ClientID, aud, nil), "system/*.read", "invalid_client"},
				{"RS256", rs256.assertion(t, rsClient.ClientID, aud, nil), "system/*.read", "invalid_client"},
				{"unknown client", es.assertion(t, "nobody", aud, nil), "system/*.read", "invalid_client"},
				{"write scope", es.assertion(t, esClient.ClientID, aud, nil), "system/*.write", "invalid_scope"},
				{"user scope", es.assertion(t, esClient.ClientID, aud, nil), "user/*.read", "invalid_scope"},
				{"no assertion", "", "system/*.read", "invalid_request"},
			} {
				status, out := f.tokenRequest(c.assertion, c.scope)
				if status < 400 || out["error"] != c.code || out["access_token"] != nil {
					t.Errorf("%s: %d %v, want error %s", c.name, status, out, c.code)
				}
			}

			// A good assertion works once; its replay is refused.
			good := es.assertion(t, esClient.ClientID, aud, nil)
			status, out := f.tokenRequest(good, "system/*.read")
			token, _ := out["access_token"].(string)
			if status != 200 || token == "" || out["token_type"] != "bearer" || out["expires_in"] != 300.0 {
				t.Fatalf("token: %d %v", status, out)
			}
			if status, out := f.tokenRequest(good, "system/*.read"); status != 401 || out["error"] != "invalid_client" {
				t.Errorf("replayed assertion: %d %v", status, out)
			}
			_, rsOut := f.tokenRequest(rs.assertion(t, rsClient.ClientID, aud, nil), "system/Patient.read")
			patientOnly, _ := rsOut["access_token"].(string)
			if patientOnly == "" {
				t.Fatalf("RS384 token: %v", rsOut)
			}

			// The system export: every type, each file valid R4, the
			// patients of this clinic only.
			m := f.runExport("/fhir/$export", token)
			if !m.RequiresAccessToken || m.TransactionTime == "" || !strings.HasSuffix(m.Request, "/fhir/$export") {
				t.Errorf("manifest: %+v", m)
			}
			counts := map[string]int{}
			var patientIDs []string
			for _, o := range m.Output {
				lines := f.ndjsonLines(o.URL, token, o.Type)
				if len(lines) != o.Count {
					t.Errorf("%s: manifest says %d, file holds %d", o.Type, o.Count, len(lines))
				}
				counts[o.Type] = len(lines)
				if o.Type == "Patient" {
					for _, l := range lines {
						patientIDs = append(patientIDs, l["id"].(string))
					}
				}
				// Another client (or an admin) cannot fetch this client's files.
				if res, _ := f.bulkCall(http.MethodGet, o.URL, f.fhirToken(clinic.RoleAdmin)); res.StatusCode != 404 {
					t.Errorf("an admin fetched a backend client's file: %d", res.StatusCode)
				}
			}
			if !slices.Contains(patientIDs, strconv.FormatInt(f.patient, 10)) || slices.Contains(patientIDs, strconv.FormatInt(f.foreign, 10)) {
				t.Errorf("exported patients %v: want %d, never the other clinic's %d", patientIDs, f.patient, f.foreign)
			}
			if counts["Observation"] == 0 {
				t.Errorf("no Observation exported: %v", counts)
			}

			// A token scoped to Patient: Patient files only; Observation refused.
			m = f.runExport("/fhir/Patient/$export", patientOnly)
			if len(m.Output) != 1 || m.Output[0].Type != "Patient" {
				t.Errorf("Patient-scoped export wrote %+v", m.Output)
			}
			for _, path := range []string{"/fhir/$export?_type=Observation", "/fhir/Observation?patient=" + strconv.FormatInt(f.patient, 10)} {
				res, body := f.bulkCall(http.MethodGet, path, patientOnly, "Prefer", "respond-async")
				if res.StatusCode != http.StatusForbidden {
					t.Errorf("%s with a Patient-only scope: %d %s", path, res.StatusCode, body)
				}
			}
			// Backend tokens read; they never write, and are for /fhir only.
			res, _ = f.bulkCall(http.MethodPost, "/fhir/Observation", token)
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("a backend client posted an Observation: %d", res.StatusCode)
			}
			res, _ = f.bulkCall(http.MethodGet, "/api/v1/patients/"+strconv.FormatInt(f.patient, 10), token)
			if res.StatusCode != http.StatusUnauthorized {
				t.Errorf("a backend token on the JSON API: %d", res.StatusCode)
			}

			// An admin exports a therapist's caseload (a Group): that
			// patient alone; the admin's own token fetches the files.
			adminToken := f.fhirToken(clinic.RoleAdmin)
			therapist := f.users[clinic.RoleTherapist].ID
			m = f.runExport("/fhir/Group/caseload-"+strconv.FormatInt(therapist, 10)+"/$export?_type=Patient", adminToken)
			if len(m.Output) != 1 {
				t.Fatalf("caseload export: %+v", m.Output)
			}
			if ps := f.ndjsonLines(m.Output[0].URL, adminToken, "Patient"); len(ps) != 1 || ps[0]["id"] != strconv.FormatInt(f.patient, 10) {
				t.Errorf("caseload export: %v, want only patient %d", ps, f.patient)
			}
			// Nobody but admins and backend clients exports.
			if res, _ := f.bulkCall(http.MethodGet, "/fhir/$export", f.fhirToken(clinic.RoleClinician), "Prefer", "respond-async"); res.StatusCode != 403 {
				t.Errorf("a clinician's export: %d", res.StatusCode)
			}

			// Bad kick-offs are refused, not ignored.
			for _, c := range []struct{ path, prefer string }{
				{"/fhir/$export", ""}, {"/fhir/$export?_type=Basic", "respond-async"},
				{"/fhir/$export?_since=yesterday", "respond-async"}, {"/fhir/$export?_since=2999-01-01T00:00:00Z", "respond-async"},
				{"/fhir/$export?_outputFormat=text/csv", "respond-async"}, {"/fhir/$export?_typeFilter=Patient%3Factive%3Dtrue", "respond-async"},
				{"/fhir/Group/nosuch/$export", "respond-async"}, {"/fhir/Group/caseload-01/$export", "respond-async"},
			} {
				res, body := f.bulkCall(http.MethodGet, c.path, token, "Prefer", c.prefer)
				if res.StatusCode != 400 && res.StatusCode != 404 {
					t.Errorf("%s (Prefer %q): %d %s, want refused", c.path, c.prefer, res.StatusCode, body)
				}
			}

			// _since: only what changed after it (patients carry
			// meta.lastUpdated; a questionnaire total, which carries none,
			// is always included rather than missed).
			since := time.Now().UTC().Add(time.Second).Format(time.RFC3339)
			time.Sleep(1100 * time.Millisecond)
			m = f.runExport("/fhir/$export?_type=Patient,Observation&_since="+url.QueryEscape(since), token)
			if len(m.Output) != 1 || m.Output[0].Type != "Observation" {
				t.Errorf("export _since %s wrote %+v; want no patient (none changed since) and the undated totals", since, m.Output)
			}
			m = f.runExport("/fhir/$export?_type=Patient&_since=2000-01-01T00:00:00Z", token)
			if len(m.Output) != 1 || m.Output[0].Count != counts["Patient"] {
				t.Errorf("export _since 2000 wrote %+v, want all %d patients", m.Output, counts["Patient"])
			}

			// DELETE cancels: the status and files are gone.
			res, _ = f.bulkCall(http.MethodGet, "/fhir/$export", token, "Prefer", "respond-async")
			statusURL := res.Header.Get("Content-Location")
			if res, _ := f.bulkCall(http.MethodDelete, statusURL, token); res.StatusCode != http.StatusAccepted {
				t.Errorf("DELETE: %d", res.StatusCode)
			}
			if res, _ := f.bulkCall(http.MethodGet, statusURL, token); res.StatusCode != http.StatusNotFound {
				t.Errorf("status after DELETE: %d", res.StatusCode)
			}

			// A revoked client's token stops at once.
			if err := f.svc.RevokeBackendClient(ctx, admin, esClient.ID); err != nil {
				t.Fatal(err)
			}
			if res, _ := f.bulkCall(http.MethodGet, "/fhir/Patient/"+strconv.FormatInt(f.patient, 10), token); res.StatusCode != 401 {
				t.Errorf("a revoked client's token: %d", res.StatusCode)
			}
			// Each token issued is in the clinic's audit trail.
			if n := f.auditCount("backend.token", 0); n != 2 {
				t.Errorf("audited %d token issues, want 2", n)
			}
			if n := f.auditCount(string(service.ActBulkExport), 0); n < 4 {
				t.Errorf("audited %d exports, want one per export (at least 4)", n)
			}
		})
	}
}
