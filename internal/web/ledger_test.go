package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/store/storetest"
)

// A nurse receives a vial on the ledger page, wastes part of it with a
// witness who enters their own password, and counts it short: the page
// shows the running balance and a discrepancy banner with the DEA
// deadlines. Refused forms come back with the error and store nothing.
func TestLedgerPage(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			f := newFixture(t, engine)
			nurse := f.signIn(clinic.RoleNurse)
			page := nurse.getBody("/ledger", http.StatusOK)
			if !strings.Contains(page, "No stock received yet.") || !strings.Contains(page, `id="receive-form"`) {
				t.Fatalf("empty ledger page:\n%s", page)
			}
			recv := url.Values{"drug": {"ketamine"}, "form": {"vial"}, "ndc": {"0409-2051-05"}, "lot": {"K-77"},
				"expires": {nextYear()}, "concentration": {"10"}, "ml": {"10"}, "invoice": {"INV-9"}, "supplier": {"Wholesaler"}}
			bad := url.Values{}
			for k, v := range recv {
				bad[k] = v
			}
			bad.Set("ndc", "nonsense")
			if b := nurse.refused("/ledger/receive", bad); !strings.Contains(b, "National Drug Code") || !strings.Contains(b, `id="ledger-error"`) {
				t.Fatalf("bad receipt:\n%s", b)
			}
			res := nurse.post("/ledger/receive", recv)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("receive: %d %s", res.StatusCode, body(res))
			}
			page = nurse.getBody("/ledger", http.StatusOK)
			if !strings.Contains(page, "K-77") || !strings.Contains(page, "100 mg (10 mL)") || strings.Contains(page, "No stock received") {
				t.Fatalf("after receipt:\n%s", page)
			}
			m := regexp.MustCompile(`id="container-(\d+)"`).FindStringSubmatch(page)
			if m == nil {
				t.Fatal("no container row")
			}
			box := m[1]
			witness := strconv.FormatInt(f.users[clinic.RoleClinician].ID, 10)
			waste := url.Values{"container": {box}, "mg": {"20"}, "reason": {"vial dropped"}, "witness": {witness},
				"witness_password": {"wrong password!"}}
			if b := nurse.refused("/ledger/waste", waste); !strings.Contains(b, "witness could not be confirmed") {
				t.Fatalf("waste with a wrong password:\n%s", b)
			}
			waste.Set("witness_password", testPassword)
			if res = nurse.post("/ledger/waste", waste); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("waste: %d %s", res.StatusCode, body(res))
			}
			page = nurse.follow(nurse.post("/ledger/count", url.Values{"container": {box}, "ml": {"7.5"}, "estimated": {"yes"}}))
			if !strings.Contains(page, "Count recorded: shortage") {
				t.Fatalf("count: no notice of the shortage\n%s", page)
			}
			for _, want := range []string{`id="ledger-discrepancy"`, "shortage</strong> of -5 mg", "DEA Form 106", "80 mg (8 mL)", "Test clinician"} {
				if !strings.Contains(page, want) {
					t.Errorf("ledger page lacks %q", want)
				}
			}
			if n := f.auditCount("ledger.record", 0); n != 3 {
				t.Errorf("%d ledger audit rows, want 3", n)
			}
			// The front desk and patients do not reach the ledger.
			f.signIn(clinic.RoleFrontDesk).getBody("/ledger", http.StatusForbidden)
		})
	}
}
