package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
)

// A therapist's patient list is their caseload; an administrator adds a
// patient to it and takes them off, and the therapist's reach follows.
func TestTherapistCaseload(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite")
	th := f.signIn(clinic.RoleTherapist)
	list := th.getBody("/patients", http.StatusOK)
	if !strings.Contains(list, "P-1") || strings.Contains(list, "P-2") {
		t.Errorf("the therapist's list is not their caseload:\n%s", list)
	}
	other := "/patients/" + strconv.FormatInt(f.other, 10)
	if res := th.get(other); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a patient off the caseload: %d", res.StatusCode)
	}
	admin := f.signIn(clinic.RoleAdmin)
	page := admin.getBody(other, http.StatusOK)
	m := regexp.MustCompile(`<option value="(\d+)">Test therapist</option>`).FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, `id="therapists"`) {
		t.Fatalf("no caseload form for the admin:\n%s", page)
	}
	res := admin.post(other+"/therapists", url.Values{"therapist": {m[1]}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("assign: %d %s", res.StatusCode, body(res))
	}
	if b := admin.follow(res); !strings.Contains(b, "Added to the therapist") || !strings.Contains(b, "Take off caseload") {
		t.Errorf("the record does not show the therapist")
	}
	if res := th.get(other); res.StatusCode != http.StatusOK {
		t.Fatalf("after the assignment the therapist gets %d", res.StatusCode)
	}
	// Twice: refused with the reason, on the record.
	if b := admin.follow(admin.post(other+"/therapists", url.Values{"therapist": {m[1]}})); !strings.Contains(b, "already has this patient") {
		t.Errorf("a second assignment is not refused plainly")
	}
	// A nurse is not a therapist.
	if b := admin.follow(admin.post(other+"/therapists", url.Values{"therapist": {strconv.FormatInt(f.users[clinic.RoleNurse].ID, 10)}})); !strings.Contains(b, "Choose one of the clinic") {
		t.Errorf("a nurse was put on as a therapist:\n%s", b[strings.Index(b, "<main"):strings.Index(b, "<main")+600])
	}
	res = admin.post(other+"/therapists/"+m[1]+"/end", nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("end: %d", res.StatusCode)
	}
	if res := th.get(other); res.StatusCode != http.StatusForbidden {
		t.Errorf("after the end the therapist gets %d", res.StatusCode)
	}
	// The ledger, plans and dosing stay closed to them.
	for _, path := range []string{"/ledger", "/patients/" + strconv.FormatInt(f.patient, 10) + "/plans", "/calendar", "/today"} {
		if res := th.get(path); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s as a therapist: %d", path, res.StatusCode)
		}
	}
	if n := f.auditCount("caseload.assign", f.other); n != 1 {
		t.Errorf("assignments audited: %d", n)
	}
	if n := f.auditCount("caseload.end", f.other); n != 1 {
		t.Errorf("ends audited: %d", n)
	}
}
