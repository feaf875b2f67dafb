package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/store"
)

// A witness who uses two-step sign-in confirms a waste on the ledger page
// with their password and code; every failure gets one answer, and the
// secrets are never kept to refill the form.
func TestLedgerWitnessCodeField(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	f.signIn(clinic.RoleClinician) // turns two-step sign-in on for the clinician
	nurse := f.signIn(clinic.RoleNurse)
	res := nurse.post("/ledger/receive", url.Values{"drug": {"ketamine"}, "form": {"vial"}, "ndc": {"0409-2051-05"},
		"lot": {"K-77"}, "expires": {nextYear()}, "concentration": {"10"}, "ml": {"10"}, "invoice": {"INV-9"}, "supplier": {"Wholesaler"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("receive: %d %s", res.StatusCode, body(res))
	}
	page := nurse.getBody("/ledger", http.StatusOK)
	if !strings.Contains(page, `name="witness_code"`) {
		t.Fatal("the waste form has no field for the witness's code")
	}
	box := regexp.MustCompile(`id="container-(\d+)"`).FindStringSubmatch(page)[1]
	waste := url.Values{"container": {box}, "mg": {"5"}, "reason": {"vial dropped"},
		"witness": {strconv.FormatInt(f.users[clinic.RoleClinician].ID, 10)}, "witness_password": {testPassword}}
	b := nurse.refused("/ledger/waste", waste)
	if !strings.Contains(b, "witness could not be confirmed") || strings.Contains(b, testPassword) {
		t.Fatalf("waste without the witness's code:\n%s", b)
	}
	waste.Set("witness_code", f.nextCode(clinic.RoleClinician))
	if b := nurse.follow(nurse.post("/ledger/waste", waste)); !strings.Contains(b, "Waste recorded") {
		t.Fatalf("waste with the witness's code:\n%s", b)
	}
	if b := nurse.refused("/ledger/waste", waste); !strings.Contains(b, "witness could not be confirmed") {
		t.Fatalf("the same code twice:\n%s", b)
	}
	if n := f.auditCount("ledger.witness_failed", 0); n != 2 {
		t.Errorf("%d witness failures audited, want 2", n)
	}
}
