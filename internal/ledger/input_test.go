package ledger

import (
	"strings"
	"testing"

	"onset/internal/clinic"
)

func TestEntryCleanText(t *testing.T) {
	t.Parallel()
	e := Entry{Lot: " K-1 ", Reason: "vial\r\ndropped", Supplier: "Wholesaler"}
	if err := e.CleanText(); err != nil || e.Lot != "K-1" || e.Reason != "vial\ndropped" {
		t.Fatalf("%+v %v", e, err)
	}
	for _, bad := range []Entry{{Lot: "K\x00"}, {Invoice: "INV\u202e1"}, {Supplier: strings.Repeat("s", 201)}, {SupplierDEA: "\xff"},
		{Method: "burnt\a"}, {Drug: "ketamine\x00"}, {Form: "vial\u202e"}} {
		if err := bad.CleanText(); clinic.ErrorCode(err) != clinic.Invalid {
			t.Errorf("%+v: %v", bad, err)
		}
	}
}
