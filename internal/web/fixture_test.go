package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/store"
	"onset/internal/store/storetest"
	"onset/internal/web"
)

const testPassword = "a test password"

// fixture is a running server on a fresh database with one account per
// role, two patients (the patient account is linked to the first) and a
// second clinic whose patient nobody here may see.
type fixture struct {
	t             *testing.T
	srv           *httptest.Server
	web           *web.Server
	svc           *app.App
	users         map[clinic.Role]clinic.User
	secrets       map[clinic.Role]string
	lastStep      map[clinic.Role]int64    // the last TOTP time step used: each code works once
	recovery      map[clinic.Role][]string // unused recovery codes, for when no step is left
	patient       int64                    // the patient account's own record
	other         int64                    // another patient of the same clinic
	foreign       int64                    // a patient of another clinic
	foreignClinic int64                    // that other clinic, of another organization
	spare         int64                    // a user admins may disable in tests
	clinicID      int64
}

func newFixture(t *testing.T, engine store.Engine) *fixture {
	t.Helper()
	return newFixtureOn(t, engine, time.Now)
}

// newFixtureWithClock runs on SQLite with a clock the test moves.
func newFixtureWithClock(t *testing.T, now func() time.Time) *fixture {
	t.Helper()
	return newFixtureOn(t, store.SQLite, now)
}

func newFixtureOn(t *testing.T, engine store.Engine, now func() time.Time) *fixture {
	t.Helper()
	db := storetest.Open(t, engine)
	svc := app.New(db.Ports(), service.Config{Passwords: auth.TestParams, Now: now})
	ctx := t.Context()
	f := &fixture{t: t, svc: svc, users: map[clinic.Role]clinic.User{}, secrets: map[clinic.Role]string{},
		lastStep: map[clinic.Role]int64{}, recovery: map[clinic.Role][]string{}}
	c, err := svc.EnsureClinic(ctx, "Test clinic")
	if err != nil {
		t.Fatal(err)
	}
	f.clinicID = c.ID
	sys := service.System(c.ID)
	mk := func(mrn string) int64 {
		p, err := svc.CreatePatient(ctx, sys, record.NewPatient{MRN: mrn, GivenName: "Pat", FamilyName: mrn,
			Sex: "female", BirthDate: "1980-02-03", Conditions: []string{"depression"}})
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	f.patient, f.other = mk("P-1"), mk("P-2")
	for _, role := range clinic.Roles {
		n := record.NewUser{Email: string(role) + "@example.org", Name: "Test " + string(role), Role: role, Password: testPassword}
		if role == clinic.RolePatient {
			n.PatientID = f.patient
		}
		u, err := svc.CreateUser(ctx, sys, n)
		if err != nil {
			t.Fatal(err)
		}
		f.users[role] = u
	}
	// The therapist's caseload is the fixture's patient.
	if err := svc.AssignTherapist(ctx, sys, f.patient, f.users[clinic.RoleTherapist].ID); err != nil {
		t.Fatal(err)
	}
	spare, err := svc.CreateUser(ctx, sys, record.NewUser{Email: "spare@example.org", Role: clinic.RoleNurse, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	f.spare = spare.ID
	// A second clinic, to prove staff only reach their own.
	other := app.New(db.Ports(), service.Config{Passwords: auth.TestParams})
	var otherClinic int64
	err = db.WithTx(ctx, func(tx *store.Queries) error {
		otherClinic, err = tx.CreateClinic(ctx, clinic.Clinic{Name: "Other"}, time.Now())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	fp, err := other.CreatePatient(ctx, service.System(otherClinic), record.NewPatient{MRN: "F-1", GivenName: "Far",
		FamilyName: "Away", Sex: "male", BirthDate: "1970-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	f.foreign, f.foreignClinic = fp.ID, otherClinic
	f.web, err = web.New(svc, web.Options{Now: now}) // the pages and the service share the test clock
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(f.web)
	t.Cleanup(f.srv.Close)
	return f
}

// client is a browser-like session: a cookie jar that does not follow redirects.
type client struct {
	f    *fixture
	http *http.Client
	csrf string
}

func (f *fixture) anonymous() *client {
	jar, _ := cookiejar.New(nil)
	return &client{f: f, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signIn signs in as role, completing TOTP enrolment or challenge as the role needs.
func (f *fixture) signIn(role clinic.Role) *client {
	f.t.Helper()
	c := f.anonymous()
	res := c.post("/login", url.Values{"email": {string(role) + "@example.org"}, "password": {testPassword}})
	loc := res.Header.Get("Location")
	switch loc {
	case "/mfa/setup":
		page := c.getBody("/mfa/setup", http.StatusOK)
		secret := regexp.MustCompile(`id="totp-secret" class="secret">([A-Z2-7]+)<`).FindStringSubmatch(page)
		if secret == nil {
			f.t.Fatalf("no secret on setup page:\n%s", page)
		}
		f.secrets[role] = secret[1]
		res = c.post("/mfa/setup", url.Values{"code": {f.nextCode(role)}})
		if res.StatusCode != http.StatusOK {
			f.t.Fatalf("enrolment: %d", res.StatusCode)
		}
		for _, m := range recoveryCode.FindAllStringSubmatch(body(res), -1) {
			f.recovery[role] = append(f.recovery[role], m[1])
		}
	case "/login/mfa":
		c.getBody("/login/mfa", http.StatusOK)
		res = c.post("/login/mfa", url.Values{"code": {f.nextCode(role)}})
		if res.StatusCode != http.StatusSeeOther {
			f.t.Fatalf("mfa: %d", res.StatusCode)
		}
	case "/":
	default:
		f.t.Fatalf("sign-in as %s: status %d, location %q", role, res.StatusCode, loc)
	}
	c.getBody("/account", http.StatusOK) // picks up the session's CSRF token
	return c
}

var recoveryCode = regexp.MustCompile(`<li><code>([a-z0-9-]+)</code>`)

// nextCode is a two-step code for role that the server has not accepted
// yet: the current step's TOTP code, or the next step's (allowed as clock
// skew), or else a recovery code.
func (f *fixture) nextCode(role clinic.Role) string {
	f.t.Helper()
	now := time.Now().Unix() / 30
	step := max(now, f.lastStep[role]+1)
	if step > now+1 {
		if len(f.recovery[role]) == 0 {
			f.t.Fatalf("no two-step code left for %s", role)
		}
		code := f.recovery[role][0]
		f.recovery[role] = f.recovery[role][1:]
		return code
	}
	f.lastStep[role] = step
	code, err := auth.TOTPCode(f.secrets[role], time.Unix(step*30, 0))
	if err != nil {
		f.t.Fatal(err)
	}
	return code
}

func totp(t *testing.T, secret string) string {
	code, err := auth.TOTPCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return code
}

func (c *client) do(req *http.Request) *http.Response {
	c.f.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.f.t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	res.Body = io.NopCloser(strings.NewReader(string(body)))
	checkAPIResponse(c.f.t, req.Method, req.URL.Path, res.StatusCode, res.Header, body) // against openapi.json
	if m := csrfField.FindStringSubmatch(string(body)); m != nil {
		c.csrf = m[1]
	}
	return res
}

func (c *client) get(path string) *http.Response {
	req, _ := http.NewRequest(http.MethodGet, c.f.srv.URL+path, nil)
	return c.do(req)
}

func (c *client) getBody(path string, want int) string {
	c.f.t.Helper()
	res := c.get(path)
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		c.f.t.Fatalf("GET %s: status %d, want %d\n%s", path, res.StatusCode, want, b)
	}
	return string(b)
}

// post sends a form with the session's CSRF token (unless the form sets its own).
func (c *client) post(path string, form url.Values) *http.Response {
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok && c.csrf != "" {
		form.Set("csrf", c.csrf)
	}
	req, _ := http.NewRequest(http.MethodPost, c.f.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func body(res *http.Response) string { b, _ := io.ReadAll(res.Body); return string(b) }

// auditCount counts audit entries for action (and patient, if not 0).
func (f *fixture) auditCount(action string, patientID int64) int {
	f.t.Helper()
	es, err := f.svc.AuditLog(f.t.Context(), service.System(f.clinicID),
		clinic.AuditFilter{Action: action, PatientID: patientID, Limit: 1000})
	if err != nil {
		f.t.Fatal(err)
	}
	return len(es)
}

// follow GETs where a form's redirect (post/redirect/get) leads and returns that page.
func (c *client) follow(res *http.Response) string {
	c.f.t.Helper()
	if res.StatusCode != http.StatusSeeOther {
		c.f.t.Fatalf("want a redirect (303), got %d\n%s", res.StatusCode, body(res))
	}
	return c.getBody(res.Header.Get("Location"), http.StatusOK)
}

// refused posts a form that must be refused. A refused form also answers
// with a redirect back to its page, which shows why and the typed values;
// refused returns that page.
func (c *client) refused(path string, form url.Values) string {
	c.f.t.Helper()
	return c.follow(c.post(path, form))
}

// stream opens an event stream, takes its status and headers, and closes
// it: the body of a stream never ends.
func (c *client) stream(path string) *http.Response {
	c.f.t.Helper()
	ctx, cancel := context.WithCancel(c.f.t.Context())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.f.srv.URL+path, nil)
	res, err := c.http.Do(req)
	if err != nil {
		c.f.t.Fatal(err)
	}
	res.Body.Close()
	return res
}
