package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/scales"
	"onset/internal/service"
	"onset/internal/service/imports"
	"onset/internal/service/measurement"
	"onset/internal/store"
	"onset/internal/store/storetest"
	"onset/internal/web"
)

func (f *fixture) assessmentCount(patientID int64) int {
	f.t.Helper()
	rec, err := f.svc.Patient(f.t.Context(), systemActor(f.clinicID), patientID)
	if err != nil {
		f.t.Fatal(err)
	}
	return len(rec.Assessments)
}

func (f *fixture) openAlerts() []record.SafetyAlert {
	f.t.Helper()
	als, err := f.svc.OpenAlerts(f.t.Context(), systemActor(f.clinicID))
	if err != nil {
		f.t.Fatal(err)
	}
	return als
}

// apiCall sends a JSON request with a bearer token and optional headers.
func (f *fixture) apiCall(method, path, token, payload string, header ...string) (*http.Response, map[string]any) {
	req, _ := http.NewRequest(method, f.srv.URL+path, strings.NewReader(payload))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res := f.anonymous().do(req)
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res, out
}

func TestAssessmentAPI(t *testing.T) {
	t.Parallel()
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, e)
			token, err := f.svc.CreateAPIToken(t.Context(), actorOf(f.users[clinic.RoleNurse]), "tablet")
			if err != nil {
				t.Fatal(err)
			}
			path := fmt.Sprintf("/api/v1/patients/%d/assessments", f.patient)
			good := `{"instrument":"phq9","answers":[2,2,1,1,2,1,1,2,1],"taken_at":"` + time.Now().Add(-time.Hour).UTC().Format(time.RFC3339) + `"}`
			res, out := f.apiCall("POST", path, token, good, "Idempotency-Key", "visit-42")
			if res.StatusCode != http.StatusCreated || out["severity"] != "moderate" || out["replayed"] != false {
				t.Fatalf("first: %d %v", res.StatusCode, out)
			}
			first := out["assessment"].(map[string]any)
			if first["total"] != 13.0 || first["source"] != "api" || len(out["alerts"].([]any)) != 1 {
				t.Fatalf("first assessment %v", out)
			}
			res, out = f.apiCall("POST", path, token, good, "Idempotency-Key", "visit-42")
			again := out["assessment"].(map[string]any)
			if res.StatusCode != http.StatusOK || res.Header.Get("Idempotent-Replayed") != "true" || again["id"] != first["id"] {
				t.Fatalf("retry: %d %v", res.StatusCode, out)
			}
			if n := f.assessmentCount(f.patient); n != 1 {
				t.Fatalf("%d assessments after a retried submission, want 1", n)
			}
			if n := len(f.openAlerts()); n != 1 {
				t.Fatalf("%d alerts after a retried submission, want 1", n)
			}
			for _, tc := range []struct {
				body, key string
				status    int
				want      string
			}{
				{`{"instrument":"phq9","answers":[2,2,1]`, "", 400, "not valid JSON"},
				{`{"instrument":"phq9","answers":[2,2,1,1,2,1,1,2,1],"extra":true}`, "", 400, "unknown field"},
				{`{"instrument":"phq9","answers":[2,2,1]}`, "", 400, "9"},
				{`{"instrument":"phq9","answers":[2,2,1,1,2,1,1,2,7]}`, "", 400, "item 9"},
				{`{"instrument":"phq9","answers":[2,2,1,1,2,1,1,2,-1]}`, "", 400, "Item 9"},
				{`{"instrument":"phq9","answers":[2,2,1,1,2,1,1,2,null]}`, "", 400, "9"},
				{`{"instrument":"phq10","answers":[1]}`, "", 400, "unknown instrument"},
				{`{"instrument":"phq9"}`, "", 400, "answers is required"},
				{`{"instrument":"phq9","answers":[2,2,1,1,2,1,1,2,1],"taken_at":"yesterday"}`, "", 400, "RFC 3339"},
				{`{"instrument":"phq9","answers":[0,0,0,0,0,0,0,0,0]}`, "visit-42", 409, "different submission"},
				{`[]`, "", 400, "not valid JSON"},
			} {
				var hdr []string
				if tc.key != "" {
					hdr = []string{"Idempotency-Key", tc.key}
				}
				res, out := f.apiCall("POST", path, token, tc.body, hdr...)
				msg, _ := out["error"].(map[string]any)
				if res.StatusCode != tc.status || msg == nil || !strings.Contains(msg["message"].(string), tc.want) {
					t.Errorf("%s: %d %v", tc.body, res.StatusCode, out)
				}
			}
			if n := f.assessmentCount(f.patient); n != 1 {
				t.Errorf("malformed submissions stored something: %d assessments", n)
			}
			// A patient's token reaches only their own record.
			ptoken, err := f.svc.CreateAPIToken(t.Context(), actorOf(f.users[clinic.RolePatient]), "phone")
			if err != nil {
				t.Fatal(err)
			}
			if res, _ := f.apiCall("POST", fmt.Sprintf("/api/v1/patients/%d/assessments", f.other), ptoken, good); res.StatusCode != 403 {
				t.Errorf("patient posting for another: %d", res.StatusCode)
			}
			if res, _ := f.apiCall("POST", fmt.Sprintf("/api/v1/patients/%d/assessments", f.foreign), token, good); res.StatusCode != 404 {
				t.Errorf("nurse posting for another clinic: %d", res.StatusCode)
			}
			// No course yet: no trajectory, said plainly.
			res, out = f.apiCall("GET", fmt.Sprintf("/api/v1/patients/%d/trajectory?instrument=phq9", f.patient), token, "")
			if res.StatusCode != 404 || !strings.Contains(fmt.Sprint(out), "no course") {
				t.Errorf("trajectory without course: %d %v", res.StatusCode, out)
			}
		})
	}
}

var radio = regexp.MustCompile(`type="radio" name="item(\d+)" value="(\d+)"`)

func TestStaffAssessmentForm(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	desk := f.signIn(clinic.RoleFrontDesk)
	page := desk.getBody(fmt.Sprintf("/patients/%d/assessments/new?instrument=phq9", f.patient), http.StatusOK)
	if n := len(radio.FindAllString(page, -1)); n != 9*4 {
		t.Fatalf("%d radio buttons, want 36", n)
	}
	if !strings.Contains(page, "Little interest or pleasure in doing things") || !strings.Contains(page, "Nearly every day") {
		t.Error("form lacks the items' wording")
	}
	form := url.Values{"instrument": {"phq9"}}
	for i := 1; i <= 8; i++ {
		form.Set("item"+strconv.Itoa(i), "1")
	}
	// Item 9 missing: the form comes back with the answers chosen.
	if b := desk.refused(fmt.Sprintf("/patients/%d/assessments", f.patient), form); !strings.Contains(b, `id="form-error"`) || !strings.Contains(b, `value="1" checked`) {
		t.Fatalf("missing item:\n%s", b)
	}
	if n := f.assessmentCount(f.patient); n != 0 {
		t.Fatalf("an incomplete form stored %d assessments", n)
	}
	form.Set("item9", "1")
	if page := desk.follow(desk.post(fmt.Sprintf("/patients/%d/assessments", f.patient), form)); !strings.Contains(page, "safety alert") {
		t.Fatalf("save: no notice of the safety alert\n%s", page)
	}
	if n := f.assessmentCount(f.patient); n != 1 {
		t.Fatalf("%d assessments, want 1", n)
	}
	// The front desk records but does not see or acknowledge alerts; a clinician does.
	if strings.Contains(desk.getBody("/", http.StatusOK), "Open safety alerts") {
		t.Error("front desk home shows safety alerts")
	}
	nurse := f.signIn(clinic.RoleNurse)
	home := nurse.getBody("/", http.StatusOK)
	if !strings.Contains(home, "Open safety alerts (1)") || !strings.Contains(home, "item 9") {
		t.Fatalf("nurse home lacks the alert")
	}
	als := f.openAlerts()
	ack := fmt.Sprintf("/alerts/%d/acknowledge", als[0].ID)
	if res := nurse.post(ack, url.Values{"note": {" "}}); res.StatusCode != 400 {
		t.Errorf("empty note: %d", res.StatusCode)
	}
	if res := desk.post(ack, url.Values{"note": {"seen"}}); res.StatusCode != 403 {
		t.Errorf("front desk acknowledging: %d", res.StatusCode)
	}
	if len(f.openAlerts()) != 1 {
		t.Fatal("a refused acknowledgement changed the alert")
	}
	before := f.auditCount("alert.acknowledge", 0)
	if res := nurse.post(ack, url.Values{"note": {"Phoned; safe; seen tomorrow."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("acknowledge: %d", res.StatusCode)
	}
	if len(f.openAlerts()) != 0 || f.auditCount("alert.acknowledge", 0) != before+1 {
		t.Error("acknowledgement not recorded and audited")
	}
	patient := nurse.getBody(fmt.Sprintf("/patients/%d", f.patient), http.StatusOK)
	if !strings.Contains(patient, "Acknowledged") || !strings.Contains(patient, "Phoned; safe; seen tomorrow.") {
		t.Error("the acknowledged alert is not kept in the record")
	}
	if strings.Contains(nurse.getBody("/", http.StatusOK), "Open safety alerts") {
		t.Error("home still lists the acknowledged alert")
	}
}

func TestQuestionnaireLinkPages(t *testing.T) {
	t.Parallel()
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, e)
			nurse := f.signIn(clinic.RoleNurse)
			page := body(nurse.post(fmt.Sprintf("/patients/%d/links", f.patient), url.Values{"instrument": {"gad7"}}))
			m := regexp.MustCompile(`id="link-url">[^<]*/q/([A-Z2-7]+)<`).FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("no link shown:\n%s", page)
			}
			token := m[1]
			anon := f.anonymous()
			q := anon.getBody("/q/"+token, http.StatusOK)
			if !strings.Contains(q, "Hello Pat") || !strings.Contains(q, "GAD-7") {
				t.Error("questionnaire page lacks greeting or questionnaire")
			}
			for _, private := range []string{"P-1", "1980-02-03", "depression", "csrf"} {
				if strings.Contains(q, private) {
					t.Errorf("questionnaire page reveals %q", private)
				}
			}
			if n := len(radio.FindAllString(q, -1)); n != 7*4 {
				t.Errorf("%d radio buttons, want 28", n)
			}
			answers := url.Values{}
			for i := 1; i <= 7; i++ {
				answers.Set("item"+strconv.Itoa(i), "2")
			}
			before := f.assessmentCount(f.patient)
			tampered := token[:len(token)-2] + "AA"
			if tampered == token {
				tampered = token[:len(token)-2] + "BB"
			}
			if res := anon.post("/q/"+tampered, answers); res.StatusCode != 404 || !strings.Contains(body(res), "not valid") {
				t.Errorf("tampered link: %d", res.StatusCode)
			}
			short := url.Values{"item1": {"1"}}
			if res := anon.post("/q/"+token, short); res.StatusCode != 400 || !strings.Contains(body(res), `id="form-error"`) {
				t.Errorf("incomplete answers: %d", res.StatusCode)
			}
			if f.assessmentCount(f.patient) != before {
				t.Fatal("tampered or incomplete submission stored something")
			}
			res := anon.post("/q/"+token, answers)
			done := body(res)
			if res.StatusCode != 200 || !strings.Contains(done, "Thank you") || !strings.Contains(done, "988") {
				t.Fatalf("submit: %d\n%s", res.StatusCode, done)
			}
			if res.Header.Get("Referrer-Policy") != "no-referrer" {
				t.Error("link pages should send no referrer")
			}
			if f.assessmentCount(f.patient) != before+1 {
				t.Fatal("answers not stored")
			}
			res = anon.post("/q/"+token, answers)
			if b := body(res); res.StatusCode != 409 || !strings.Contains(b, "already been answered") || !strings.Contains(b, "988") {
				t.Errorf("reused link: %d", res.StatusCode)
			}
			if res := anon.get("/q/" + token); res.StatusCode != 409 {
				t.Errorf("reopening a used link: %d", res.StatusCode)
			}
			if f.assessmentCount(f.patient) != before+1 {
				t.Error("reused link stored again")
			}
			rec := nurse.getBody(fmt.Sprintf("/patients/%d", f.patient), http.StatusOK)
			if !strings.Contains(rec, "<td>link</td>") || !strings.Contains(rec, "answered") {
				t.Error("patient page does not show the linked answer")
			}
		})
	}
}

func TestExpiredLinkPage(t *testing.T) {
	t.Parallel()
	now := time.Now()
	var clockNow = func() time.Time { return now }
	f := newFixtureWithClock(t, func() time.Time { return clockNow() })
	issued, err := f.svc.CreateLink(t.Context(), actorOf(f.users[clinic.RoleNurse]), measurement.NewLink{PatientID: f.patient, Instrument: "phq9"})
	if err != nil {
		t.Fatal(err)
	}
	clockNow = func() time.Time { return now.Add(scales.LinkLifetime + time.Minute) }
	anon := f.anonymous()
	res := anon.get("/q/" + issued.Token)
	if b := body(res); res.StatusCode != 409 || !strings.Contains(b, "expired") || strings.Contains(b, "Pat") {
		t.Errorf("expired link: %d", res.StatusCode)
	}
	form := url.Values{}
	for i := 1; i <= 9; i++ {
		form.Set("item"+strconv.Itoa(i), "0")
	}
	if res := anon.post("/q/"+issued.Token, form); res.StatusCode != 409 || f.assessmentCount(f.patient) != 0 {
		t.Errorf("expired link accepted answers: %d", res.StatusCode)
	}
}

func TestPortalQuestionnaire(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	if _, err := f.svc.CreateLink(t.Context(), actorOf(f.users[clinic.RoleNurse]), measurement.NewLink{PatientID: f.patient,
		Instrument: "phq9", Reason: "weekly check-in"}); err != nil {
		t.Fatal(err)
	}
	pat := f.signIn(clinic.RolePatient)
	own := pat.getBody(fmt.Sprintf("/patients/%d", f.patient), http.StatusOK)
	if !strings.Contains(own, "Answer the PHQ-9") {
		t.Fatal("portal does not offer the due questionnaire")
	}
	if strings.Contains(own, "Safety alerts") {
		t.Error("patients see the safety alert panel")
	}
	if res := pat.get(fmt.Sprintf("/patients/%d/assessments/new?instrument=madrs", f.patient)); res.StatusCode != 404 {
		t.Errorf("clinician-rated form offered to a patient: %d", res.StatusCode)
	}
	form := url.Values{"instrument": {"phq9"}, "taken_at": {time.Now().UTC().Add(-time.Hour).Format("2006-01-02T15:04")}}
	for i := 1; i <= 9; i++ {
		form.Set("item"+strconv.Itoa(i), "0")
	}
	if res := pat.post(fmt.Sprintf("/patients/%d/assessments", f.patient), form); res.StatusCode != http.StatusForbidden {
		t.Errorf("patient backdating: %d", res.StatusCode) // patients cannot backdate
	}
	form.Del("taken_at")
	res := pat.post(fmt.Sprintf("/patients/%d/assessments", f.patient), form)
	if b := body(res); res.StatusCode != 200 || !strings.Contains(b, "Thank you") || !strings.Contains(b, "988") {
		t.Fatalf("portal submit: %d", res.StatusCode)
	}
	rec, err := f.svc.Patient(t.Context(), systemActor(f.clinicID), f.patient)
	if err != nil || len(rec.Assessments) != 1 || rec.Assessments[0].Source != "portal" ||
		time.Since(rec.Assessments[0].TakenAt) > time.Hour { // answered now
		t.Fatalf("portal assessment %+v (%v)", rec.Assessments, err)
	}
	if strings.Contains(pat.getBody(fmt.Sprintf("/patients/%d", f.patient), http.StatusOK), "Answer the PHQ-9") {
		t.Error("answered questionnaire still offered")
	}
	if res := pat.post(fmt.Sprintf("/patients/%d/assessments", f.other), form); res.StatusCode != 403 {
		t.Errorf("patient answering for another: %d", res.StatusCode)
	}
}

// bigClinic makes a clinic with one nurse (no two-step sign-in) and one
// patient whose history — a course of nSessions IV sessions and
// nAssessments PHQ-9 scores — is imported, and returns the handler, a
// signed-in session cookie and the patient's ID.
func bigClinic(tb testing.TB, nAssessments, nSessions int) (http.Handler, *http.Cookie, int64) {
	tb.Helper()
	ctx := tb.Context()
	db := storetest.Open(tb, store.SQLite)
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	now := t0.Add(max(time.Duration(nSessions-1)*84*time.Hour, time.Duration(nAssessments-1)*17*time.Hour) + time.Hour)
	svc := app.New(db.Ports(), service.Config{Passwords: auth.TestParams, Now: func() time.Time { return now }})
	cl, err := svc.EnsureClinic(ctx, "Big")
	if err != nil {
		tb.Fatal(err)
	}
	sys := service.System(cl.ID)
	const password = "a big clinic's password"
	if _, err := svc.CreateUser(ctx, sys, record.NewUser{Email: "nurse@big.example", Name: "Nurse Big", Role: clinic.RoleNurse,
		Password: password}); err != nil {
		tb.Fatal(err)
	}
	p, err := svc.CreatePatient(ctx, sys, record.NewPatient{MRN: "B-1", GivenName: "Bea", FamilyName: "Big", Sex: "female",
		BirthDate: "1970-01-01", Conditions: []string{"depression"}})
	if err != nil {
		tb.Fatal(err)
	}
	treatments := "patient,given_at,route,dose_mg,weight_kg\n"
	for i := range nSessions {
		treatments += fmt.Sprintf("B-1,%s,iv,35,70\n", t0.Add(time.Duration(i)*84*time.Hour).Format(time.RFC3339))
	}
	assessments := fmt.Sprintf("patient,taken_at,instrument,total\nB-1,%s,phq9,21\n", t0.Add(-time.Hour).Format(time.RFC3339))
	for i := 1; i < nAssessments; i++ {
		assessments += fmt.Sprintf("B-1,%s,phq9,%d\n", t0.Add(time.Duration(i)*17*time.Hour).Format(time.RFC3339), (i*7)%28)
	}
	if _, err := svc.ImportTreatments(ctx, sys, strings.NewReader(treatments), imports.ImportOptions{}); err != nil {
		tb.Fatal(err)
	}
	if _, err := svc.ImportAssessments(ctx, sys, strings.NewReader(assessments), imports.ImportOptions{}); err != nil {
		tb.Fatal(err)
	}
	res, err := svc.SignIn(ctx, "nurse@big.example", password, "127.0.0.1")
	if err != nil {
		tb.Fatal(err)
	}
	h, err := web.New(svc, web.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return h, &http.Cookie{Name: "onset_session", Value: res.Token}, p.ID
}

func TestTrajectoryOnPageAndAPI(t *testing.T) {
	t.Parallel()
	h, cookie, id := bigClinic(t, 6, 3)
	get := func(path string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", path, nil)
		req.AddCookie(cookie)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		checkAPIResponse(t, req.Method, req.URL.Path, w.Code, w.Header(), w.Body.Bytes())
		return w
	}
	w := get(fmt.Sprintf("/patients/%d", id))
	page := w.Body.String()
	if w.Code != 200 || !strings.Contains(page, `id="trajectory-summary"`) || !strings.Contains(page, "PHQ-9 fell from 21") {
		t.Fatalf("patient page: %d", w.Code)
	}
	// Drawn twice: the wide chart and the phone's, each with every mark.
	if n := strings.Count(page, `class="session"`); n != 2*3 {
		t.Errorf("%d session markers, want 3 in each chart", n)
	}
	if n := strings.Count(page, `class="point"`); n != 2*6 {
		t.Errorf("%d points, want 6 in each chart", n)
	}
	if !strings.Contains(page, `<div class="chart-phone"><svg class="chart trajectory compact"`) {
		t.Error("no phone drawing of the chart")
	}
	w = get(fmt.Sprintf("/api/v1/patients/%d/trajectory?instrument=phq9", id))
	var tr struct {
		Instrument string `json:"instrument"`
		Baseline   int    `json:"baseline"`
		Points     []struct {
			Day       float64  `json:"day"`
			ChangePct *float64 `json:"change_pct"`
		} `json:"points"`
		Sessions []struct {
			Route string `json:"route"`
		} `json:"sessions"`
		Response struct{ Reached bool } `json:"response"`
		Summary  string                 `json:"summary"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &tr); err != nil || w.Code != 200 {
		t.Fatalf("trajectory API: %d %v %s", w.Code, err, w.Body)
	}
	if tr.Instrument != "phq9" || tr.Baseline != 21 || len(tr.Points) != 6 || len(tr.Sessions) != 3 ||
		tr.Sessions[0].Route != "iv" || !tr.Response.Reached || tr.Points[1].ChangePct == nil || tr.Summary == "" {
		t.Errorf("trajectory %+v", tr)
	}
	if w := get(fmt.Sprintf("/api/v1/patients/%d/trajectory?instrument=nope", id)); w.Code != 400 {
		t.Errorf("unknown instrument: %d", w.Code)
	}
}

// BenchmarkPatientPage500 renders the patient page, through the handler,
// for a patient with 500 assessments and 100 sessions.
func BenchmarkPatientPage500(b *testing.B) {
	h, cookie, id := bigClinic(b, 500, 100)
	path := fmt.Sprintf("/patients/%d", id)
	var size int
	for b.Loop() {
		req := httptest.NewRequest("GET", path, nil)
		req.AddCookie(cookie)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("status %d", w.Code)
		}
		size = w.Body.Len()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/page")
	b.ReportMetric(float64(size), "bytes/page")
}
