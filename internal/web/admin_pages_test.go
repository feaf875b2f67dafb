package web_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
)

// The audit page names users and filters by them; the same entries export
// as CSV, with cells that a spreadsheet would run as a formula defused.
func TestAuditNamesAndCSV(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite")
	admin := f.signIn(clinic.RoleAdmin)
	nurse := f.users[clinic.RoleNurse]
	f.signIn(clinic.RoleNurse).getBody("/patients", http.StatusOK) // an audited read by the nurse
	page := admin.getBody("/audit", http.StatusOK)
	if !strings.Contains(page, `id="audit-user"`) || !strings.Contains(page, nurse.Name+" &lt;"+nurse.Email+"&gt;") {
		t.Fatalf("the audit page does not name the nurse:\n%s", page)
	}
	res := admin.get("/audit.csv?user=" + strconv.FormatInt(nurse.ID, 10))
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(body(res))).ReadAll()
	if err != nil || len(rows) < 2 || rows[0][3] != "user" {
		t.Fatalf("CSV rows %v %v", rows, err)
	}
	for _, r := range rows[1:] {
		if r[2] != strconv.FormatInt(nurse.ID, 10) || !strings.HasPrefix(r[3], nurse.Name) {
			t.Errorf("a row not by the nurse: %v", r)
		}
	}
	if res := f.signIn(clinic.RoleNurse).get("/audit.csv"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a nurse exports the audit trail: %d", res.StatusCode)
	}
}

// Disabling a user asks for confirmation: without it nothing changes.
func TestDisableAsksForConfirmation(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite")
	admin := f.signIn(clinic.RoleAdmin)
	target := "/admin/users/" + strconv.FormatInt(f.spare, 10) + "/disable"
	if b := admin.refused(target, nil); !strings.Contains(b, "Tick the box to confirm") {
		t.Fatalf("disable without confirmation:\n%s", b)
	}
	if b := admin.getBody("/admin/users", http.StatusOK); strings.Contains(b, ">disabled<") {
		t.Fatal("a user was disabled without confirmation")
	}
	admin.follow(admin.post(target, url.Values{"confirm": {"yes"}}))
	if b := admin.getBody("/admin/users", http.StatusOK); !strings.Contains(b, ">disabled<") {
		t.Error("the confirmed disable did not happen")
	}
}
