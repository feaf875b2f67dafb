package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/store"
)

// TestSessionEnvironment: a nurse records the session's environment; what
// is left blank stays "not recorded"; a wrong answer is refused and
// stores nothing.
func TestSessionEnvironment(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	f.signPlan("iv-ketamine-induction", 70, 10, 100)
	nurse := f.signIn(clinic.RoleNurse)
	pid := strconv.FormatInt(f.patient, 10)
	res := nurse.post("/patients/"+pid+"/treatment", checkInForm("130", "80"))
	m := sessionLocation.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("check-in: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	sid := m[1]
	page := nurse.getBody("/treatment/"+sid, http.StatusOK)
	if !strings.Contains(page, "Music: not recorded · eyeshade: not recorded · support person present: not recorded") {
		t.Errorf("a new session's environment is not shown as not recorded")
	}
	if b := nurse.refused("/treatment/"+sid+"/environment", url.Values{"music": {"loud"}}); !strings.Contains(b, "Answer music with yes, no or not recorded") {
		t.Errorf("a wrong answer:\n%s", b)
	}
	before := f.auditCount(string(service.ActSessionChart), f.patient)
	if res := nurse.post("/treatment/"+sid+"/environment", url.Values{"music": {"yes"}, "eyeshade": {"no"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("environment: %d %s", res.StatusCode, body(res))
	}
	page = nurse.getBody("/treatment/"+sid, http.StatusOK)
	if !strings.Contains(page, "Music: yes · eyeshade: no · support person present: not recorded") {
		t.Errorf("environment after saving:\n%s", page)
	}
	if n := f.auditCount(string(service.ActSessionChart), f.patient); n != before+1 {
		t.Errorf("%d chart audit rows, want %d", n, before+1)
	}
}
