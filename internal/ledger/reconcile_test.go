package ledger

import (
	"testing"
	"time"

	"onset/internal/clinic"
)

func TestLossDeadlines(t *testing.T) {
	t.Parallel()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	d := func(y int, m time.Month, day, h int) time.Time { return time.Date(y, m, day, h, 0, 0, 0, ny) }
	eod := func(y int, m time.Month, day int) time.Time {
		return time.Date(y, m, day+1, 0, 0, 0, 0, ny).Add(-time.Nanosecond)
	}
	tests := []struct {
		name       string
		discovered time.Time
		holidays   []time.Time
		notice     time.Time
		form106    time.Time
	}{
		{"Monday → Tuesday", d(2026, 3, 2, 10), nil, eod(2026, 3, 3), eod(2026, 4, 16)},
		{"Friday → Monday", d(2026, 3, 6, 16), nil, eod(2026, 3, 9), eod(2026, 4, 20)},
		{"Saturday → Monday", d(2026, 3, 7, 9), nil, eod(2026, 3, 9), eod(2026, 4, 21)},
		{"Friday before a Monday holiday → Tuesday", d(2026, 1, 16, 9), []time.Time{time.Date(2026, 1, 19, 0, 0, 0, 0, time.UTC)}, eod(2026, 1, 20), eod(2026, 3, 2)},
		// Late evening in New York is already the next day in UTC: the
		// clinic's day counts.
		{"evening in the clinic's zone", time.Date(2026, 3, 3, 3, 0, 0, 0, time.UTC), nil, eod(2026, 3, 3), eod(2026, 4, 16)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := LossDeadlines(tt.discovered, ny, tt.holidays)
			if !r.NoticeDue.Equal(tt.notice) || !r.Form106Due.Equal(tt.form106) {
				t.Errorf("notice %v, form 106 %v; want %v, %v", r.NoticeDue, r.Form106Due, tt.notice, tt.form106)
			}
		})
	}
}

func TestReconcile(t *testing.T) {
	t.Parallel()
	l := mustReplay(t, vial(), kit(), draw(3, 41),
		Entry{ID: 4, Kind: Receive, At: t0, ContainerID: 3, Actor: nurse, Drug: Ketamine, NDC: "0143-9508-01", Lot: "K124",
			Expires: time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC), Form: Vial, ConcentrationMgPerML: 10, ML: 20, Invoice: "INV-3", Supplier: "W"})
	at := hours(30)
	tests := []struct {
		name   string
		counts []StockCount
		want   []string
	}{
		{"everything agrees", []StockCount{{1, Mg(459), true}, {2, Mg(84), false}, {3, Mg(200), false}}, nil},
		{"a shortage", []StockCount{{1, Mg(450), true}, {2, Mg(84), false}, {3, Mg(200), false}},
			[]string{"container 1: shortage of 9 mg (book 459 mg, counted 450 mg)"}},
		{"an overage", []StockCount{{1, Mg(459), true}, {2, Mg(112), false}, {3, Mg(200), false}},
			[]string{"container 2: overage of 28 mg (book 84 mg, counted 112 mg)"}},
		{"a container not counted", []StockCount{{1, Mg(459), true}, {2, Mg(84), false}},
			[]string{"container 3: not counted of 200 mg (book 200 mg, counted 0 mg)"}},
		{"a container not in the book", []StockCount{{1, Mg(459), true}, {2, Mg(84), false}, {3, Mg(200), false}, {9, Mg(100), false}},
			[]string{"container 9: not in the ledger of 100 mg (book 0 mg, counted 100 mg)"}},
		{"one microgram short", []StockCount{{1, Mg(459) - 1, true}, {2, Mg(84), false}, {3, Mg(200), false}},
			[]string{"container 1: shortage of 0.001 mg"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Reconcile(l, tt.counts, at, time.UTC, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i, d := range got {
				if s := d.String(); len(s) < len(tt.want[i]) || s[:len(tt.want[i])] != tt.want[i] {
					t.Errorf("got %q, want %q", s, tt.want[i])
				}
				if (d.Diff < 0) != (d.Loss != nil) {
					t.Errorf("%s: a loss report must start exactly for shortages", d)
				}
			}
		})
	}
	if _, err := Reconcile(l, []StockCount{{1, 0, false}, {1, 0, false}}, at, time.UTC, nil); err == nil {
		t.Error("a container counted twice: no error")
	}
	if _, err := Reconcile(l, []StockCount{{1, -1, false}}, at, time.UTC, nil); err == nil {
		t.Error("a negative count: no error")
	}
	if _, err := Reconcile(l, nil, time.Time{}, time.UTC, nil); err == nil {
		t.Error("no time: no error")
	}
}

func TestDiscrepanciesFromCounts(t *testing.T) {
	t.Parallel()
	w := []Person{nurse}
	l := mustReplay(t, vial(), kit(), draw(3, 41),
		Entry{ID: 4, Kind: Count, At: hours(4), ContainerID: 1, Actor: admin, ML: 9, Estimated: true},                      // short 9 mg
		Entry{ID: 5, Kind: Count, At: hours(4), ContainerID: 2, Actor: admin, Units: 3},                                    // agrees
		Entry{ID: 6, Kind: Count, At: hours(5), ContainerID: 2, Actor: admin, Units: 2},                                    // short one device: a mistake
		Entry{ID: 7, Kind: Count, At: hours(5), ContainerID: 2, Actor: admin, Units: 3, Corrects: 6, Reason: "miscounted"}, // corrected
		Entry{ID: 8, Kind: Adjust, At: hours(6), ContainerID: 1, Actor: doc, Witnesses: w, Mg: -9, CountID: 4, Reason: "spill found on camera; DEA notified"},
	)
	got := l.Discrepancies(time.UTC, nil)
	if len(got) != 1 {
		t.Fatalf("got %v, want the one shortage", got)
	}
	d := got[0]
	if d.CountID != 4 || d.Diff != -Mg(9) || d.Problem != "shortage" || d.SettledBy != 8 || d.Loss == nil || !d.Estimated {
		t.Errorf("got %+v", d)
	}
	if want := time.Date(2026, 3, 3, 23, 59, 59, 999999999, time.UTC); !d.Loss.NoticeDue.Equal(want) {
		t.Errorf("notice due %v, want %v", d.Loss.NoticeDue, want)
	}
	// Voiding the adjustment reopens the discrepancy and restores the book.
	if err := l.Apply(Entry{ID: 9, Kind: Adjust, At: hours(7), ContainerID: 1, Actor: doc, Witnesses: w, CountID: 4, Corrects: 8, Reason: "vial found"}); err != nil {
		t.Fatal(err)
	}
	if got := l.Discrepancies(time.UTC, nil); len(got) != 1 || got[0].SettledBy != 0 {
		t.Errorf("after void: %+v", got)
	}
	if c, _ := l.Container(1); c.Balance != Mg(459) {
		t.Errorf("balance %s after void, want 459 mg", c.Balance)
	}
}

func TestInventory(t *testing.T) {
	t.Parallel()
	es := []Entry{vial(), kit(), draw(3, 41),
		{ID: 4, Kind: Draw, At: hours(4), ContainerID: 2, Actor: doc, Units: 2, AdministrationID: 9},
		{ID: 5, Kind: Receive, At: hours(48), ContainerID: 3, Actor: nurse, Drug: Ketamine, NDC: "0143-9508-01", Lot: "K124",
			Expires: time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC), Form: Vial, ConcentrationMgPerML: 10, ML: 20, Invoice: "INV-3", Supplier: "W"},
		{ID: 6, Kind: Return, At: hours(50), ContainerID: 2, Actor: admin, Units: 1, Supplier: "RD", Invoice: "R-1"},
	}
	inv, err := TakeInventory(es, hours(24), CloseOfBusiness)
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Lines) != 2 {
		t.Fatalf("lines %+v, want the vial and the kit as of hour 24", inv.Lines)
	}
	e, k := inv.Lines[0], inv.Lines[1]
	if e.Drug != Esketamine || e.Units != 1 || e.Balance != Mg(28) || !e.Opened || !e.Estimated {
		t.Errorf("kit line %+v", e)
	}
	if k.Drug != Ketamine || k.Balance != Mg(459) || k.ML != 9.18 {
		t.Errorf("vial line %+v", k)
	}
	if len(inv.Totals) != 2 || inv.Totals[1].Balance != Mg(459) || inv.Totals[0].Units != 1 {
		t.Errorf("totals %+v", inv.Totals)
	}

	later, err := TakeInventory(es, hours(60), OpenOfBusiness)
	if err != nil {
		t.Fatal(err)
	}
	// The empty kit drops out; two ketamine vials, sorted by lot.
	if len(later.Lines) != 2 || later.Lines[0].ContainerID != 1 || later.Lines[1].ContainerID != 3 || later.Lines[1].Lot != "K124" {
		t.Fatalf("later lines %+v", later.Lines)
	}
	if later.Lines[1].Opened || later.Lines[1].Estimated {
		t.Error("a sealed vial must be counted exactly")
	}
	expired, err := TakeInventory(es, time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), CloseOfBusiness)
	if err != nil {
		t.Fatal(err)
	}
	if expired.Lines[0].Expired {
		t.Error("the 2027-06 vial is not expired in February 2027")
	}

	if _, err := TakeInventory(es, hours(1), "lunchtime"); err == nil {
		t.Error("an inventory without open/close of business: no error")
	}
	if _, err := TakeInventory(es, time.Time{}, OpenOfBusiness); err == nil {
		t.Error("an inventory without a date: no error")
	}

	last := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	if !NextInventoryDue(last).Equal(time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)) {
		t.Error("biennial inventory due date")
	}
	if InventoryDue(last, time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC)) || !InventoryDue(last, time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)) || !InventoryDue(time.Time{}, last) {
		t.Error("InventoryDue")
	}
}

func TestCheckCountable(t *testing.T) {
	t.Parallel()
	opened := Container{ID: 1, Form: Vial, Opened: true}
	if err := CheckCountable(opened, true); err != nil {
		t.Error(err)
	}
	wantErr(t, CheckCountable(Container{ID: 1, Form: Vial}, true), clinic.Invalid, "sealed")
	big := Container{ID: 2, Form: Device, UnitMg: 28, Received: Mg(28 * 1001), Opened: true}
	wantErr(t, CheckCountable(big, true), clinic.Invalid, "1,000 units")
	if err := CheckCountable(big, false); err != nil {
		t.Error(err)
	}
}
