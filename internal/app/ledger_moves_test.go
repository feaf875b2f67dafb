package app_test

import (
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/ledger"
	"onset/internal/service"
	"onset/internal/service/custody"
	"onset/internal/store/storetest"
)

// TestLedgerTransferReturnDestroyAndInventory: a 100 mg vial loses 10 mg
// to a transfer and 20 mg to witnessed destruction; refusals store nothing;
// the inventory then shows the 70 mg on hand, and an inventory dated
// before the receipt shows nothing.
func TestLedgerTransferReturnDestroyAndInventory(t *testing.T) {
	t.Parallel()
	for _, eng := range storetest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			e := newLedgerEnv(t, eng)
			ctx := t.Context()
			c := e.receiveVial(t, 10) // 10 mL × 10 mg/mL
			before := e.entries(t)
			destroy := custody.LedgerMoveInput{Kind: "destroy", ContainerID: c.ID, Mg: 20, Method: "mixed with cat litter in a DEA-compliant pouch",
				Reason: "expired stock", Witnesses: [2]service.LedgerWitness{{UserID: e.nurse2.UserID, Password: "witness password"}}}
			for _, tc := range []struct {
				name string
				in   custody.LedgerMoveInput
			}{
				{"unknown kind", custody.LedgerMoveInput{Kind: "gift", ContainerID: c.ID, Mg: 1}},
				{"transfer without an invoice", custody.LedgerMoveInput{Kind: "transfer", ContainerID: c.ID, Mg: 10, Recipient: "Clinic B"}},
				{"destroy with one witness", destroy},
				{"more than the balance", custody.LedgerMoveInput{Kind: "return", ContainerID: c.ID, Mg: 500, Invoice: "R-1", Recipient: "Wholesaler"}},
			} {
				if _, err := e.svc.MoveStock(ctx, e.nurse, tc.in); clinic.ErrorCode(err) != clinic.Invalid && clinic.ErrorCode(err) != clinic.Conflict {
					t.Errorf("%s: %v, want a refusal", tc.name, err)
				}
			}
			if n := e.entries(t); n != before {
				t.Fatalf("refusals stored %d entries", n-before)
			}
			if _, err := e.svc.MoveStock(ctx, e.nurse, custody.LedgerMoveInput{Kind: "transfer", ContainerID: c.ID, Mg: 10,
				Invoice: "T-7", Recipient: "Clinic B", RecipientDEA: "BC1234563"}); err != nil {
				t.Fatal(err)
			}
			destroy.Witnesses[1] = service.LedgerWitness{UserID: e.clinician.UserID, Password: "a long password"}
			if _, err := e.svc.MoveStock(ctx, e.nurse, destroy); err != nil {
				t.Fatal(err)
			}
			if b := e.balance(t, c.ID); b.Mg() != 70 {
				t.Errorf("balance %.1f mg, want 70", b.Mg())
			}
			inv, err := e.svc.Inventory(ctx, e.admin, e.clock.Now().Add(time.Hour), ledger.CloseOfBusiness)
			if err != nil {
				t.Fatal(err)
			}
			if len(inv.Lines) != 1 || inv.Lines[0].Balance.Mg() != 70 || len(inv.Totals) != 1 || inv.Totals[0].Balance.Mg() != 70 {
				t.Errorf("inventory %+v", inv)
			}
			past, err := e.svc.Inventory(ctx, e.admin, e.clock.Now().AddDate(0, 0, -30), ledger.OpenOfBusiness)
			if err != nil || len(past.Lines) != 0 {
				t.Errorf("inventory before the receipt: %+v %v", past, err)
			}
		})
	}
}
