package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

func patientCount(t *testing.T, f *fixture) int {
	t.Helper()
	return f.auditCount("patient.create", 0)
}

// TestBadInputChangesNothing: each bad request gets a clear error and
// writes nothing.
func TestBadInputChangesNothing(t *testing.T) {
	t.Parallel()
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			f := newFixture(t, e)
			nurse := f.signIn(clinic.RoleNurse)
			good := url.Values{"mrn": {"N-9"}, "given_name": {"Nia"}, "family_name": {"Ng"}, "sex": {"female"}, "birth_date": {"1990-05-06"}}
			with := func(k, v string) url.Values {
				out := url.Values{}
				for kk, vv := range good {
					out[kk] = vv
				}
				out.Set(k, v)
				return out
			}
			before := patientCount(t, f)
			cases := []struct {
				name       string
				res        *http.Response
				wantStatus int
				wantText   string
			}{
				{"missing CSRF token", nurse.post("/patients", with("csrf", "")), 403, "did not come from Onset"},
				{"wrong CSRF token", nurse.post("/patients", with("csrf", "forged")), 403, "nothing was changed"},
				{"bad birth date", nurse.post("/patients", with("birth_date", "1990-13-45")), 400, "YYYY-MM-DD"},
				{"future birth date", nurse.post("/patients", with("birth_date", "2999-01-01")), 400, "is in the future"},
				{"unknown sex", nurse.post("/patients", with("sex", "x")), 400, "Sex must be"},
				{"unknown condition", nurse.post("/patients", with("condition", "flu")), 400, "Unknown condition"},
				{"missing name", nurse.post("/patients", with("given_name", " ")), 400, "given and family names"},
				{"unknown route", nurse.get("/no/such/page"), 404, "no page at this address"},
				{"bad id", nurse.get("/patients/0"), 404, "no such record"},
			}
			for _, tc := range cases {
				b := body(tc.res)
				if tc.res.StatusCode != tc.wantStatus || !strings.Contains(b, tc.wantText) {
					t.Errorf("%s: status %d, want %d with %q\n%s", tc.name, tc.res.StatusCode, tc.wantStatus, tc.wantText, b)
				}
			}
			// A body that is not a form at all, and one over the size limit.
			for _, tc := range []struct {
				body       string
				wantStatus int
				wantText   string
			}{
				{"mrn=%zz&csrf=" + nurse.csrf, 400, "The form could not be read."},
				{"mrn=" + strings.Repeat("x", 2<<20), 400, "too large"},
			} {
				req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/patients", strings.NewReader(tc.body))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				if res := nurse.do(req); res.StatusCode != tc.wantStatus || !strings.Contains(body(res), tc.wantText) {
					t.Errorf("body %.20q: status %d, want %d with %q", tc.body, res.StatusCode, tc.wantStatus, tc.wantText)
				}
			}
			// A forged cross-site POST is refused before any handler runs.
			req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/patients", strings.NewReader(good.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "cross-site")
			req.Header.Set("Origin", "https://evil.example")
			if res := nurse.do(req); res.StatusCode != http.StatusForbidden || !strings.Contains(body(res), "another site") {
				t.Errorf("cross-site POST: status %d", res.StatusCode)
			}
			if after := patientCount(t, f); after != before {
				t.Errorf("bad requests created %d patients", after-before)
			}
			// The same form, done right, works — so the cases above failed for their stated reason.
			if res := nurse.post("/patients", good); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("valid form: %d %s", res.StatusCode, body(res))
			}
			if res := nurse.post("/patients", good); res.StatusCode != http.StatusConflict || !strings.Contains(body(res), "already exists") {
				t.Errorf("duplicate MRN: %d", res.StatusCode)
			}
			if after := patientCount(t, f); after != before+1 {
				t.Errorf("patients created: %d, want 1", after-before)
			}
		})
	}
}

func TestSignInFailures(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	c := f.anonymous()
	res := c.post("/login", url.Values{"email": {"nurse@example.org"}, "password": {"wrong password"}})
	b := body(res)
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(b, "Wrong email or password") {
		t.Errorf("wrong password: %d", res.StatusCode)
	}
	if len(res.Cookies()) != 0 {
		t.Error("a failed sign-in set a cookie")
	}
	res = c.post("/login", url.Values{"email": {"nobody@example.org"}, "password": {"wrong password"}})
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body(res), "Wrong email or password") {
		t.Errorf("unknown email: %d", res.StatusCode)
	}
	if n := f.auditCount("auth.signin_failed", 0); n != 1 {
		t.Errorf("failed sign-ins audited: %d, want 1 (the known account)", n)
	}
	// Throttling: after 5 failures the right password is refused too.
	for range 4 {
		c.post("/login", url.Values{"email": {"frontdesk@example.org"}, "password": {"nope nope nope"}})
	}
	c.post("/login", url.Values{"email": {"frontdesk@example.org"}, "password": {"nope nope nope"}})
	res = c.post("/login", url.Values{"email": {"frontdesk@example.org"}, "password": {testPassword}})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body(res), "Too many failed sign-ins") {
		t.Errorf("throttled sign-in: %d", res.StatusCode)
	}
	// A stale or forged session cookie is treated as signed out.
	c.http.Jar.SetCookies(mustURL(f.srv.URL), []*http.Cookie{{Name: "onset_session", Value: "forged"}})
	if res := c.get("/patients"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
		t.Errorf("forged session: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}

// TestExpiredSessionSaysSo: an idle-expired session sends the browser to
// sign in again, and the sign-in page tells why.
func TestExpiredSessionSaysSo(t *testing.T) {
	t.Parallel()
	var skew atomic.Int64 // the server's clock runs ahead of the wall clock by this
	f := newFixtureWithClock(t, func() time.Time { return time.Now().Add(time.Duration(skew.Load())) })
	c := f.signIn(clinic.RoleNurse)
	skew.Store(int64(31 * time.Minute))
	res := c.get("/patients")
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/login?next=") {
		t.Fatalf("expired session: %d %q", res.StatusCode, loc)
	}
	if b := c.getBody(loc, http.StatusOK); !strings.Contains(b, "Your session has expired") {
		t.Errorf("sign-in page does not say the session expired:\n%s", b)
	}
}

func TestSignInReturnsToTheRequestedPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	c := f.anonymous()
	loc := c.get("/patients?q=Pat").Header.Get("Location")
	page := c.getBody(loc, http.StatusOK)
	if !strings.Contains(page, `action="/login?next=%2fpatients%3fq%3dPat"`) {
		t.Fatalf("sign-in form drops the target:\n%s", page)
	}
	res := c.post("/login?next=%2fpatients%3fq%3dPat", url.Values{"email": {"nurse@example.org"}, "password": {testPassword}})
	if got := res.Header.Get("Location"); got != "/patients?q=Pat" {
		t.Errorf("after sign-in sent to %q", got)
	}
	for _, evil := range []string{"//evil.example/x", "https://evil.example", "/\\evil.example"} {
		res := f.anonymous().post("/login?next="+url.QueryEscape(evil), url.Values{"email": {"nurse@example.org"}, "password": {testPassword}})
		if got := res.Header.Get("Location"); got != "/" {
			t.Errorf("next=%q sent the browser to %q", evil, got)
		}
	}
}

func mustURL(s string) *url.URL { u, _ := url.Parse(s); return u }

func TestSessionCookieAndSignOut(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	c := f.anonymous()
	res := c.post("/login", url.Values{"email": {"nurse@example.org"}, "password": {testPassword}})
	var cookie *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == "onset_session" {
			cookie = ck
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie %+v", cookie)
	}
	c.getBody("/account", http.StatusOK)
	if res := c.post("/logout", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out: %d", res.StatusCode)
	}
	// The old token no longer works, even if replayed.
	c2 := f.anonymous()
	c2.http.Jar.SetCookies(mustURL(f.srv.URL), []*http.Cookie{{Name: "onset_session", Value: cookie.Value}})
	if res := c2.get("/account"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("replayed token after sign-out: %d", res.StatusCode)
	}
}

func TestMFARequiredAndRecoveryCodes(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	c := f.anonymous()
	res := c.post("/login", url.Values{"email": {"clinician@example.org"}, "password": {testPassword}})
	if res.Header.Get("Location") != "/mfa/setup" {
		t.Fatalf("clinician without TOTP sent to %q", res.Header.Get("Location"))
	}
	// Before enrolment the session reaches nothing else.
	if res := c.get("/patients"); res.Header.Get("Location") != "/mfa/setup" {
		t.Errorf("pre-MFA session reached /patients: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	page := c.getBody("/mfa/setup", http.StatusOK)
	secret := strings.SplitN(strings.SplitN(page, `class="secret">`, 2)[1], "<", 2)[0]
	if res := c.post("/mfa/setup", url.Values{"code": {"000000"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("wrong enrolment code: %d", res.StatusCode)
	}
	res = c.post("/mfa/setup", url.Values{"code": {totp(t, secret)}})
	codes := strings.Split(body(res), "<li><code>")
	if res.StatusCode != http.StatusOK || len(codes) != 11 {
		t.Fatalf("enrolment: %d, %d codes", res.StatusCode, len(codes)-1)
	}
	recovery := strings.SplitN(codes[1], "<", 2)[0]
	c.getBody("/patients", http.StatusOK)
	// Next sign-in: challenge; a recovery code works once.
	for i, want := range []int{http.StatusSeeOther, http.StatusBadRequest} {
		c := f.anonymous()
		c.post("/login", url.Values{"email": {"clinician@example.org"}, "password": {testPassword}})
		c.getBody("/login/mfa", http.StatusOK)
		if res := c.post("/login/mfa", url.Values{"code": {recovery}}); res.StatusCode != want {
			t.Errorf("recovery code use %d: %d, want %d", i+1, res.StatusCode, want)
		}
	}
	if n := f.auditCount("auth.mfa_recovery_code", 0); n != 1 {
		t.Errorf("recovery code uses audited: %d", n)
	}
}

// TestPatientDataAccessIsAudited: every read and write of patient data,
// through pages and the API, leaves an audit row naming the patient.
func TestPatientDataAccessIsAudited(t *testing.T) {
	t.Parallel()
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			f := newFixture(t, e)
			nurse := f.signIn(clinic.RoleNurse)
			pid := strconv.FormatInt(f.other, 10)
			steps := []struct {
				do      func()
				action  string
				patient int64
			}{
				{func() { nurse.getBody("/patients/"+pid, 200) }, "patient.read", f.other},
				{func() { nurse.getBody("/patients?q=Pat", 200) }, "patient.list", 0},
				{func() { nurse.getBody("/", 200) }, "board.read", 0}, // a nurse starts the day on the Today board
				{func() {
					nurse.post("/patients", url.Values{"mrn": {"Z-1"}, "given_name": {"Zed"}, "family_name": {"Z"}, "sex": {"male"}, "birth_date": {"1971-01-01"}})
				}, "patient.create", 0},
			}
			for _, s := range steps {
				before := f.auditCount(s.action, s.patient)
				s.do()
				if after := f.auditCount(s.action, s.patient); after != before+1 {
					t.Errorf("%s: audit rows %d → %d", s.action, before, after)
				}
			}
			es, _ := f.svc.AuditLog(t.Context(), f.adminActor(), clinic.AuditFilter{Action: "patient.read", PatientID: f.other})
			if len(es) == 0 || es[0].UserID != f.users[clinic.RoleNurse].ID || es[0].Address != "127.0.0.1" || es[0].RecordType != "patient" {
				t.Errorf("audit entry lacks who/where/what: %+v", es)
			}
			// Denied reads are not data reads: nothing is recorded for them.
			pat := f.signIn(clinic.RolePatient)
			before := f.auditCount("patient.read", f.other)
			pat.get("/patients/" + pid)
			if after := f.auditCount("patient.read", f.other); after != before {
				t.Error("a denied read was audited as a read")
			}
		})
	}
}

func (f *fixture) adminActor() serviceActor { return systemActor(f.clinicID) }

func TestAPITokens(t *testing.T) {
	t.Parallel()
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			f := newFixture(t, e)
			nurse := f.signIn(clinic.RoleNurse)
			page := body(nurse.post("/account/tokens", url.Values{"name": {"reporting"}}))
			token := strings.SplitN(strings.SplitN(page, `id="new-token" class="wrap">`, 2)[1], "<", 2)[0]
			api := func(method, path, tok, payload string) (*http.Response, map[string]any) {
				req, _ := http.NewRequest(method, f.srv.URL+path, strings.NewReader(payload))
				if tok != "" {
					req.Header.Set("Authorization", "Bearer "+tok)
				}
				req.Header.Set("Content-Type", "application/json")
				res := f.anonymous().do(req)
				var out map[string]any
				json.NewDecoder(res.Body).Decode(&out)
				return res, out
			}
			res, me := api("GET", "/api/v1/me", token, "")
			if res.StatusCode != 200 || me["role"] != "nurse" {
				t.Fatalf("me: %d %v", res.StatusCode, me)
			}
			res, out := api("POST", "/api/v1/patients", token, `{"mrn":"API-1","given_name":"Ada","family_name":"Api","sex":"female","birth_date":"1985-07-08","conditions":["ptsd"]}`)
			if res.StatusCode != 201 || out["mrn"] != "API-1" {
				t.Fatalf("create: %d %v", res.StatusCode, out)
			}
			for _, tc := range []struct{ body, want string }{
				{`{"mrn":"API-2"`, "not valid JSON"},
				{`{"mrn":"API-2","given_name":"A","family_name":"B","sex":"female","birth_date":"1985-07-08","extra":1}`, "unknown field"},
				{`{"mrn":"API-2","given_name":"A","family_name":"B","sex":"female","birth_date":"07/08/1985"}`, "YYYY-MM-DD"},
			} {
				res, out := api("POST", "/api/v1/patients", token, tc.body)
				msg, _ := out["error"].(map[string]any)
				if res.StatusCode != 400 || msg["code"] != "invalid" || !strings.Contains(msg["message"].(string), tc.want) {
					t.Errorf("bad body %s: %d %v", tc.body, res.StatusCode, out)
				}
			}
			if res, _ := api("GET", "/api/v1/patients", "", ""); res.StatusCode != 401 {
				t.Errorf("no token: %d", res.StatusCode)
			}
			if res, _ := api("GET", "/api/v1/patients", "onset_forged", ""); res.StatusCode != 401 {
				t.Errorf("forged token: %d", res.StatusCode)
			}
			// Revoked tokens stop working at once.
			tokens, err := f.svc.APITokens(t.Context(), actorOf(f.users[clinic.RoleNurse]))
			if err != nil || len(tokens) != 1 {
				t.Fatalf("tokens %v %v", tokens, err)
			}
			if res := nurse.post("/account/tokens/"+strconv.FormatInt(tokens[0].ID, 10)+"/revoke", nil); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("revoke: %d", res.StatusCode)
			}
			if res, _ := api("GET", "/api/v1/me", token, ""); res.StatusCode != 401 {
				t.Errorf("revoked token: %d", res.StatusCode)
			}
		})
	}
}

func TestOperationsEndpoints(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	c := f.anonymous()
	if b := c.getBody("/healthz", 200); !strings.Contains(b, `"status":"ok"`) {
		t.Errorf("healthz: %s", b)
	}
	c.get("/login")
	b := c.getBody("/metrics", 200)
	for _, want := range []string{`onset_http_requests_total{route="GET /login",status="200"} 1`,
		`onset_http_request_duration_seconds_count{route="GET /healthz"} 1`, "go_goroutines", "\ngo_memstats_heap_alloc_bytes ",
		"\ngo_memstats_heap_inuse_bytes "} {
		if !strings.Contains(b, want) {
			t.Errorf("metrics lack %q:\n%s", want, b)
		}
	}
	res := c.get("/login")
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "X-Request-Id"} {
		if res.Header.Get(h) == "" {
			t.Errorf("missing header %s", h)
		}
	}
	if !strings.Contains(res.Header.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Error("CSP allows foreign or inline scripts")
	}
}
