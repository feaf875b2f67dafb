package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/service"
)

// A discharged session signed by the clinician is locked: the page shows
// the signature with the forms gone, every write is refused with the
// lock's message, and only addenda can be added, shown under the record.
func TestTreatmentSignOffLocksThePage(t *testing.T) {
	t.Parallel()
	// The session runs two hours ago on the server's clock; then the clock
	// returns to the wall clock's time (two-step codes follow the wall clock).
	var skew atomic.Int64
	skew.Store(int64(-2 * time.Hour))
	f := newFixtureWithClock(t, func() time.Time { return time.Now().Add(time.Duration(skew.Load())) })
	f.signPlan("iv-ketamine-induction", 70, 10, 100)
	nurse := f.signIn(clinic.RoleNurse)
	res := nurse.post("/patients/"+strconv.FormatInt(f.patient, 10)+"/treatment", checkInForm("124", "78"))
	m := sessionLocation.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil {
		t.Fatalf("check-in: %d %s", res.StatusCode, body(res))
	}
	sid := m[1]
	if res := nurse.post("/treatment/"+sid+"/dose", url.Values{"dose_mg": {"35"}, "concentration": {"10"}, "volume_ml": {"3.5"},
		"rate": {"155.3"}, "duration_min": {"40"}, "lot": {"KET-9"}, "expiry": {nextYear()}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("dose: %d %s", res.StatusCode, body(res))
	}
	vitals := func() url.Values { // a fresh form each time: post adds the client's CSRF token to it
		return url.Values{"systolic": {"126"}, "diastolic": {"80"}, "heart_rate": {"74"}, "spo2": {"98"}, "resp_rate": {"14"}, "moaas": {"5"}}
	}
	// Addenda are for closed sessions; while it is open the chart takes everything.
	if b := nurse.refused("/treatment/"+sid+"/addenda", url.Values{"addendum": {"early"}}); !strings.Contains(b, "record it in the session itself") {
		t.Fatalf("addendum on an open session:\n%s", b)
	}
	skew.Store(0) // monitoring time has passed; sign in again
	nurse = f.signIn(clinic.RoleNurse)
	if res := nurse.post("/treatment/"+sid+"/vitals", vitals()); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("vitals: %d %s", res.StatusCode, body(res))
	}
	if res := nurse.post("/treatment/"+sid+"/discharge", url.Values{"oriented": {"yes"}, "adult": {"yes"},
		"instructions": {"No driving until tomorrow."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("discharge: %d %s", res.StatusCode, body(res))
	}
	page := nurse.getBody("/treatment/"+sid, http.StatusOK)
	if !strings.Contains(page, `id="signoff-pending"`) || strings.Contains(page, `id="sign-form"`) || !strings.Contains(page, `id="addendum-form"`) {
		t.Fatalf("discharged session, for a nurse:\n%s", page)
	}
	if res := nurse.post("/treatment/"+sid+"/sign", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("a nurse signed the session: %d", res.StatusCode)
	}
	clin := f.signIn(clinic.RoleClinician)
	if page := clin.getBody("/treatment/"+sid, http.StatusOK); !strings.Contains(page, `id="sign-submit"`) {
		t.Fatalf("no sign-off for the clinician:\n%s", page)
	}
	if res := clin.post("/treatment/"+sid+"/sign", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign: %d %s", res.StatusCode, body(res))
	}
	page = clin.getBody("/treatment/"+sid, http.StatusOK)
	for _, want := range []string{`id="session-locked"`, `id="signoff-record"`, "Signed</strong> by Test clinician", `id="addendum-form"`,
		`class="print-only"`} {
		if !strings.Contains(page, want) {
			t.Errorf("signed page lacks %s", want)
		}
	}
	for _, gone := range []string{`id="sign-form"`, `id="vitals-form"`, `id="discharge-form"`, `action="/treatment/` + sid + `/effects"`, `data-refresh="30"`} {
		if strings.Contains(page, gone) {
			t.Errorf("signed page still has %s", gone)
		}
	}
	// Every write is refused with the lock's message and changes nothing.
	chartBefore := f.auditCount(string(service.ActSessionChart), f.patient)
	for path, form := range map[string]url.Values{
		"/vitals":    vitals(),
		"/effects":   {"kind": {"side-effect"}, "effect": {"nausea"}, "grade": {"mild"}},
		"/discharge": {"oriented": {"yes"}, "adult": {"yes"}, "instructions": {"again"}},
		"/sign":      nil,
	} {
		if b := clin.refused("/treatment/"+sid+path, form); !strings.Contains(b, "signed by Test clinician") {
			t.Errorf("%s after sign-off:\n%s", path, b)
		}
	}
	if n := f.auditCount(string(service.ActSessionChart), f.patient); n != chartBefore {
		t.Errorf("refused writes audited: %d → %d", chartBefore, n)
	}
	if n := f.auditCount(string(service.ActSessionSign), f.patient); n != 1 {
		t.Errorf("%d sign-off audit rows", n)
	}
	// An addendum is added under the record, signed by its author.
	if b := nurse.refused("/treatment/"+sid+"/addenda", url.Values{"addendum": {"  "}}); !strings.Contains(b, `id="form-error"`) {
		t.Errorf("empty addendum:\n%s", b)
	}
	if res := nurse.post("/treatment/"+sid+"/addenda", url.Values{"addendum": {"Phoned next day: <b>well</b>, slept."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("addendum: %d %s", res.StatusCode, body(res))
	}
	page = clin.getBody("/treatment/"+sid, http.StatusOK)
	if !strings.Contains(page, "Phoned next day: &lt;b&gt;well&lt;/b&gt;, slept.") || !strings.Contains(page, "Signed by Test nurse (nurse)") {
		t.Errorf("addendum not shown:\n%s", page)
	}
	if strings.Index(page, `id="signoff-record"`) > strings.Index(page, `class="addendum"`) {
		t.Error("the addendum is not under the record")
	}
}

func TestREMSEnrolmentForm(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite")
	nurse := f.signIn(clinic.RoleNurse)
	pid := strconv.FormatInt(f.patient, 10)
	page := nurse.getBody("/patients/"+pid+"/treatment", http.StatusOK)
	if !strings.Contains(page, `id="rems-enrolment-form"`) || !strings.Contains(page, "not recorded") {
		t.Fatalf("treatment page lacks the REMS enrolment:\n%s", page)
	}
	if b := nurse.refused("/patients/"+pid+"/rems-enrolment", url.Values{"rems_enrolled": {"yes"}, "rems_patient_id": {"RP-1"}}); !strings.Contains(b, "Enter the date the patient was enrolled") ||
		!strings.Contains(b, `value="RP-1"`) {
		t.Fatalf("enrolment without a date:\n%s", b)
	}
	if n := f.auditCount(string(service.ActREMSEnrol), f.patient); n != 0 {
		t.Fatalf("%d audit rows for a refused enrolment", n)
	}
	if res := nurse.post("/patients/"+pid+"/rems-enrolment", url.Values{"rems_enrolled": {"yes"}, "rems_enrolled_on": {"2024-02-01"},
		"rems_patient_id": {"RP-1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("enrol: %d %s", res.StatusCode, body(res))
	}
	page = nurse.getBody("/patients/"+pid+"/treatment", http.StatusOK)
	if !strings.Contains(page, "enrolled</span> since 2024-02-01 · REMS patient ID RP-1") || !strings.Contains(page, "recorded by Test nurse") {
		t.Errorf("enrolment not shown:\n%s", page)
	}
	if f.auditCount(string(service.ActREMSEnrol), f.patient) != 1 {
		t.Error("enrolment not audited")
	}
	front := f.signIn(clinic.RoleFrontDesk)
	if res := front.post("/patients/"+pid+"/rems-enrolment", url.Values{"rems_enrolled": {"no"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("front desk recorded an enrolment: %d", res.StatusCode)
	}
}
