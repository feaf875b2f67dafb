package ledger

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// randomEntry proposes a plausible next entry; some break rules on purpose
// (over-draws, waste beyond the draw, corrections that go negative).
func randomEntry(r *rand.Rand, l *Ledger, id int64, at time.Time) Entry {
	cs := l.Containers()
	var draws, counts []int64
	for _, id := range l.order {
		a := l.entries[id]
		if a.correctedBy == 0 && a.e.Kind == Draw {
			draws = append(draws, id)
		}
		if a.correctedBy == 0 && a.e.Kind == Count {
			counts = append(counts, id)
		}
	}
	newContainer := func() Entry {
		e := Entry{ID: id, Kind: Receive, At: at, ContainerID: int64(len(cs) + 1), Actor: nurse, Drug: Ketamine, NDC: "0143-9508-01",
			Lot: "L" + string(rune('A'+len(cs)%26)), Expires: at.AddDate(1, 0, 0), Invoice: "I", Supplier: "S"}
		if r.IntN(3) == 0 {
			e.Drug, e.NDC, e.Form, e.Units = Esketamine, "50458-028-02", Device, 2+r.IntN(2)
		} else {
			e.Form, e.ConcentrationMgPerML, e.ML = Vial, []float64{10, 50, 100}[r.IntN(3)], float64(1+r.IntN(10))
		}
		return e
	}
	if len(cs) == 0 || r.IntN(12) == 0 {
		return newContainer()
	}
	c := cs[r.IntN(len(cs))]
	qty := func(e *Entry) {
		// Up to 120% of the balance, so some entries must be refused.
		if c.Form == Device {
			e.Units = r.IntN(c.Units(c.Balance) + 2)
		} else {
			e.Mg = float64(r.IntN(int(c.Balance.Mg()*1.2)+2)) + float64(r.IntN(4))/4
		}
	}
	e := Entry{ID: id, At: at, ContainerID: c.ID, Actor: nurse}
	switch k := r.IntN(9); k {
	case 0, 1, 2:
		e.Kind, e.AdministrationID = Draw, id
		qty(&e)
	case 3:
		e.Kind, e.Witnesses = Waste, []Person{doc}
		if len(draws) > 0 && r.IntN(2) == 0 {
			e.DrawID = draws[r.IntN(len(draws))]
			d := l.entries[e.DrawID]
			e.ContainerID = d.e.ContainerID
			c, _ = l.Container(e.ContainerID)
			if c.Form == Device {
				e.Units = r.IntN(3)
			} else {
				e.Mg = float64(r.IntN(int(l.drawLeft[d.root].Mg()) + 3))
			}
		} else {
			qty(&e)
		}
	case 4:
		e.Kind, e.Actor, e.Supplier, e.Invoice = []Kind{Transfer, Return}[r.IntN(2)], admin, "RD", "R"
		qty(&e)
	case 5:
		e.Kind, e.Witnesses, e.Method, e.Reason = Destroy, []Person{doc, nurse2}, "kit", "expired"
		qty(&e)
	case 6:
		e.Kind, e.Actor = Count, admin
		e.Estimated = c.Opened
		if c.Form == Device {
			e.Units = c.Units(c.Balance) - r.IntN(2)
		} else {
			e.Mg = c.Balance.Mg() - float64(r.IntN(2))
		}
		if e.Units < 0 || e.Mg < 0 {
			e.Units, e.Mg = 0, 0
		}
	case 7:
		if len(counts) > 0 {
			cnt := l.entries[counts[r.IntN(len(counts))]]
			e.Kind, e.Actor, e.Witnesses, e.Reason = Adjust, doc, []Person{nurse}, "investigated"
			e.ContainerID, e.CountID, e.Mg = cnt.e.ContainerID, cnt.e.ID, (cnt.amount - cnt.book).Mg()
			break
		}
		fallthrough
	default:
		if len(draws) == 0 {
			return newContainer()
		}
		d := l.entries[draws[r.IntN(len(draws))]]
		e.Kind, e.Corrects, e.Reason, e.ContainerID, e.AdministrationID = Draw, d.e.ID, "typo", d.e.ContainerID, d.e.AdministrationID
		c, _ = l.Container(d.e.ContainerID)
		qty(&e)
	}
	return e
}

// modelBalance sums the effect of the entries in force, independently of
// the ledger's incremental bookkeeping.
func modelBalance(l *Ledger) map[int64]Amount {
	out := map[int64]Amount{}
	for _, e := range l.Entries() {
		if !l.Effective(e.ID) {
			continue
		}
		c, _ := l.Container(e.ContainerID)
		a, _ := quantity(e, &c, true, true)
		switch e.Kind {
		case Receive, Adjust:
			out[e.ContainerID] += a
		case Draw, Transfer, Return, Destroy:
			out[e.ContainerID] -= a
		case Waste:
			if e.DrawID == 0 {
				out[e.ContainerID] -= a
			}
		}
	}
	return out
}

func TestPropertyNeverNegative(t *testing.T) {
	t.Parallel()
	for seed := range uint64(40) {
		r := rand.New(rand.NewPCG(seed, 0x1ed9e7))
		l := New()
		accepted, refused := 0, 0
		at := t0
		for id := int64(1); id <= 400; id++ {
			at = at.Add(time.Duration(r.IntN(180)) * time.Minute)
			e := randomEntry(r, l, id, at)
			before := l.Containers()
			if err := l.Apply(e); err != nil {
				refused++
				if !slices.Equal(before, l.Containers()) {
					t.Fatalf("seed %d entry %d: refused (%v) but the ledger changed", seed, id, err)
				}
				continue
			}
			accepted++
			for _, c := range l.Containers() {
				if c.Balance < 0 {
					t.Fatalf("seed %d entry %d: container %d balance %s", seed, id, c.ID, c.Balance)
				}
			}
			if got, ok := l.Administered(e.ID); ok && got < 0 {
				t.Fatalf("seed %d: draw %d administered %s", seed, e.ID, got)
			}
			if e.DrawID != 0 {
				if got, _ := l.Administered(e.DrawID); got < 0 {
					t.Fatalf("seed %d: draw %d administered %s after waste %d", seed, e.DrawID, got, e.ID)
				}
			}
		}
		model := modelBalance(l)
		for _, c := range l.Containers() {
			if model[c.ID] != c.Balance {
				t.Fatalf("seed %d: container %d balance %s, model %s", seed, c.ID, c.Balance, model[c.ID])
			}
		}
		// Replaying what was accepted gives the same state.
		again, err := Replay(l.Entries())
		if err != nil {
			t.Fatalf("seed %d: replay: %v", seed, err)
		}
		if !slices.Equal(again.Containers(), l.Containers()) {
			t.Fatalf("seed %d: replay differs from the incremental state", seed)
		}
		if accepted < 100 || refused < 10 {
			t.Fatalf("seed %d: %d accepted, %d refused; the generator should exercise both", seed, accepted, refused)
		}
	}
}

func TestPropertyReconcileFindsEveryDiscrepancy(t *testing.T) {
	t.Parallel()
	for seed := range uint64(40) {
		r := rand.New(rand.NewPCG(seed, 0xc0417))
		l := New()
		at := t0
		for id := int64(1); id <= 200; id++ {
			at = at.Add(time.Duration(r.IntN(180)) * time.Minute)
			_ = l.Apply(randomEntry(r, l, id, at))
		}
		// Count every container; change some counts by a random amount.
		var counts []StockCount
		injected := map[int64]Amount{}
		for _, c := range l.Containers() {
			counted := c.Balance
			if r.IntN(3) == 0 {
				delta := Amount(1 + r.IntN(50000))
				if c.Form == Device {
					delta = Mg(c.UnitMg)
				}
				if r.IntN(2) == 0 && counted >= delta {
					delta = -delta
				}
				counted += delta
				injected[c.ID] = delta
			}
			counts = append(counts, StockCount{ContainerID: c.ID, Counted: counted, Estimated: c.Opened})
		}
		got, err := Reconcile(l, counts, at, time.UTC, nil)
		if err != nil {
			t.Fatal(err)
		}
		found := map[int64]Amount{}
		for _, d := range got {
			found[d.ContainerID] = d.Diff
			if (d.Diff < 0) != (d.Loss != nil) {
				t.Fatalf("seed %d: %s: loss report must start for shortages only", seed, d)
			}
		}
		if len(found) != len(injected) {
			t.Fatalf("seed %d: found %v, injected %v", seed, found, injected)
		}
		for id, delta := range injected {
			if found[id] != delta {
				t.Fatalf("seed %d: container %d: found %s, injected %s", seed, id, found[id], delta)
			}
		}
		// The same counts as ledger entries are flagged the same way.
		next := int64(1000)
		for _, sc := range counts {
			c, _ := l.Container(sc.ContainerID)
			e := Entry{ID: next, Kind: Count, At: at, ContainerID: sc.ContainerID, Actor: admin, Mg: sc.Counted.Mg(), Estimated: sc.Estimated}
			if c.Form == Device {
				e.Mg, e.Units = 0, c.Units(sc.Counted)
			}
			next++
			if err := l.Apply(e); err != nil {
				t.Fatalf("seed %d: count: %v", seed, err)
			}
		}
		flagged := 0
		for _, d := range l.Discrepancies(time.UTC, nil) {
			if d.CountID >= 1000 {
				flagged++
				if injected[d.ContainerID] != d.Diff {
					t.Fatalf("seed %d: count entry flagged %s, injected %s", seed, d, injected[d.ContainerID])
				}
			}
		}
		if flagged != len(injected) {
			t.Fatalf("seed %d: %d count entries flagged, %d injected", seed, flagged, len(injected))
		}
	}
}
