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

// TestLedgerTransferAndInventoryPages: a nurse transfers part of a vial from
// the ledger page, then the inventory report shows what is left on hand.
func TestLedgerTransferAndInventoryPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	vial, err := f.svc.ReceiveStock(t.Context(), actorOf(f.users[clinic.RoleNurse]), custody.LedgerReceiveInput{Drug: "ketamine",
		Form: "vial", NDC: "0409-2051-05", Lot: "INV-LOT", Expires: time.Now().AddDate(1, 0, 0).Format(time.DateOnly),
		ConcentrationMgPerML: 10, ML: 5, Invoice: "INV-9", Supplier: "Wholesaler"})
	if err != nil {
		t.Fatal(err)
	}
	nurse := f.signIn(clinic.RoleNurse)
	if b := nurse.getBody("/ledger", http.StatusOK); !strings.Contains(b, `id="move-form"`) || !strings.Contains(b, `id="inventory-link"`) {
		t.Fatal("the ledger page lacks the move form or the inventory link")
	}
	res := nurse.post("/ledger/move", url.Values{"kind": {"transfer"}, "container": {strconv.FormatInt(vial.ID, 10)}, "mg": {"15"},
		"invoice": {"T-1"}, "recipient": {"Clinic B"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("transfer: %d\n%s", res.StatusCode, body(res))
	}
	if b := nurse.refused("/ledger/move", url.Values{"kind": {"destroy"}, "container": {strconv.FormatInt(vial.ID, 10)}, "mg": {"5"}}); !strings.Contains(b, `id="ledger-error"`) {
		t.Errorf("destroy without witnesses:\n%s", b)
	}
	b := nurse.getBody("/ledger/inventory", http.StatusOK)
	if !strings.Contains(b, "INV-LOT") || !strings.Contains(b, "35.0 mg") || !strings.Contains(b, "close of business") {
		t.Errorf("inventory page:\n%s", b)
	}
	if res := nurse.get("/ledger/inventory?date=2026-13-01"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("bad date: %d", res.StatusCode)
	}
}
