package store_test

import (
	"testing"

	"onset/internal/clinic"
	"onset/internal/ledger"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// TestLedgerIsAppendOnlyBySchema: entries round-trip whole, and the schema
// refuses any change to or removal of containers and entries.
func TestLedgerIsAppendOnlyBySchema(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		cid := seedClinic(t, db)
		other := seedClinic(t, db)
		receipt := ledger.Entry{Kind: ledger.Receive, At: now, Actor: ledger.Person{ID: 0, Name: "A", Role: clinic.RoleAdmin},
			Drug: ledger.Ketamine, Form: ledger.Vial, NDC: "0409-2051-05", Lot: "L1", Expires: now.AddDate(1, 0, 0),
			ConcentrationMgPerML: 10, ML: 10, Invoice: "I-1", Supplier: "S"}
		var box, id int64
		err := db.WithTx(ctx, func(q *store.Queries) error {
			var err error
			if box, err = q.CreateLedgerContainer(ctx, cid, receipt, now); err != nil {
				return err
			}
			receipt.ContainerID = box
			id, err = q.CreateLedgerEntry(ctx, cid, receipt, now)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.WithTx(ctx, func(q *store.Queries) error {
			if err := q.LockLedgerContainer(ctx, other, box); clinic.ErrorCode(err) != clinic.NotFound {
				t.Errorf("another clinic locked the container: %v", err)
			}
			return q.LockLedgerContainer(ctx, cid, box)
		})
		if err != nil {
			t.Fatal(err)
		}
		es, err := db.Reader().LedgerContainerEntries(ctx, cid, box)
		if err != nil || len(es) != 1 || es[0].ID != id || es[0].Lot != "L1" || es[0].ML != 10 || !es[0].Expires.Equal(now.AddDate(1, 0, 0)) {
			t.Fatalf("entries %+v %v", es, err)
		}
		if es, _ := db.Reader().LedgerEntries(ctx, other); len(es) != 0 {
			t.Errorf("another clinic sees %d entries", len(es))
		}
		for _, stmt := range []string{
			"UPDATE ledger_entries SET kind = 'draw'",
			"DELETE FROM ledger_entries",
			"UPDATE ledger_containers SET lot = 'X'",
			"DELETE FROM ledger_containers",
		} {
			if err := db.RawExecForTest(ctx, stmt); err == nil {
				t.Errorf("%s: accepted", stmt)
			}
		}
		if es, _ := db.Reader().LedgerEntries(ctx, cid); len(es) != 1 || es[0].Kind != ledger.Receive {
			t.Errorf("after refused changes: %+v", es)
		}
	})
}
