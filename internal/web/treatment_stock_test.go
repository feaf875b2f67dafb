package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/service/custody"
	"onset/internal/store"
)

// TestDoseFormDrawsFromAChosenContainerWithWitnessedWaste: the dose form
// lists the ketamine in stock; the dose is drawn from the chosen vial and
// the rest wasted with a clinician as witness, in one save.
func TestDoseFormDrawsFromAChosenContainerWithWitnessedWaste(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	f.signPlan("iv-ketamine-induction", 70, 10, 100)
	ctx := t.Context()
	nurseActor := actorOf(f.users[clinic.RoleNurse])
	vial, err := f.svc.ReceiveStock(ctx, nurseActor, custody.LedgerReceiveInput{Drug: "ketamine", Form: "vial", NDC: "42023-113-10",
		Lot: "KX-77", Expires: time.Now().AddDate(1, 0, 0).Format(time.DateOnly), ConcentrationMgPerML: 10, ML: 5,
		Invoice: "INV-1", Supplier: "Test Supply", SupplierDEA: "RT1234563"})
	if err != nil {
		t.Fatal(err)
	}
	nurse := f.signIn(clinic.RoleNurse)
	pid := strconv.FormatInt(f.patient, 10)
	res := nurse.post("/patients/"+pid+"/treatment", checkInForm("128", "82"))
	m := sessionLocation.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil {
		t.Fatalf("check-in: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	page := nurse.getBody("/treatment/"+m[1], http.StatusOK)
	if !strings.Contains(page, `id="dose-container"`) || !strings.Contains(page, "Lot KX-77 · 50.0 mg left") {
		t.Fatalf("dose form lacks the vial:\n%s", page)
	}
	clin := f.users[clinic.RoleClinician]
	dose := url.Values{"dose_mg": {"35"}, "concentration": {"10"}, "volume_ml": {"3.5"}, "rate": {"155.3"}, "duration_min": {"40"},
		"lot": {"KX-77"}, "expiry": {time.Now().AddDate(1, 0, 0).Format(time.DateOnly)}, "container": {strconv.FormatInt(vial.ID, 10)},
		"waste_mg": {"15"}, "witness": {strconv.FormatInt(clin.ID, 10)}, "witness_password": {"wrong password"}}
	// Refused: the page shows why, still offers the dose form, and does not
	// send the typed password back.
	if b := nurse.refused("/treatment/"+m[1]+"/dose", dose); !strings.Contains(b, `id="form-error"`) || !strings.Contains(b, `id="dose-form"`) ||
		strings.Contains(b, "wrong password") {
		t.Fatalf("a wrong witness password:\n%s", b)
	}
	dose.Set("witness_password", testPassword)
	if res := nurse.post("/treatment/"+m[1]+"/dose", dose); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("dose: %d\n%s", res.StatusCode, body(res))
	}
	lv, err := f.svc.Ledger(ctx, nurseActor)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range lv.Containers {
		if c.ID == vial.ID {
			found = true
			if c.Balance.Mg() != 0 {
				t.Errorf("vial balance %.1f mg after 35 mg drawn and 15 mg wasted, want 0", c.Balance.Mg())
			}
		}
	}
	if !found {
		t.Error("the vial is missing from the ledger")
	}
}
