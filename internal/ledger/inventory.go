package ledger

import (
	"cmp"
	"slices"
	"time"
)

// InventoryIntervalYears is how often a registrant takes a full inventory:
// at least every 2 years after the initial one (21 CFR 1304.11, §5.4).
const InventoryIntervalYears = 2

// NextInventoryDue is the latest date for the next biennial inventory after
// one taken at last.
func NextInventoryDue(last time.Time) time.Time { return last.AddDate(InventoryIntervalYears, 0, 0) }

// InventoryDue reports whether an inventory is due at now: none was ever
// taken, or the last one is 2 years old.
func InventoryDue(last, now time.Time) bool {
	return last.IsZero() || !now.Before(NextInventoryDue(last))
}

// Opening says whether an inventory was taken at the opening or the close
// of business; the record must say which (21 CFR 1304.11, §5.4).
type Opening string

const (
	OpenOfBusiness  Opening = "opening of business"
	CloseOfBusiness Opening = "close of business"
)

// InventoryLine is one container on hand.
type InventoryLine struct {
	ContainerID          int64
	Drug                 Drug
	NDC                  string
	Lot                  string
	Expires              time.Time
	Form                 Form
	ConcentrationMgPerML float64
	Balance              Amount
	ML                   float64 // vials
	Units                int     // devices
	Opened               bool
	Estimated            bool // an opened container may be counted by estimate
	Expired              bool // on hand but past expiry: to return or destroy
}

// DrugTotal sums one drug's stock on hand.
type DrugTotal struct {
	Drug       Drug
	Containers int
	Balance    Amount
	Units      int
}

// Inventory is the biennial (or initial) inventory of Schedule III stock.
type Inventory struct {
	At     time.Time
	When   Opening
	Lines  []InventoryLine // by drug, NDC, lot, container
	Totals []DrugTotal     // by drug
}

// TakeInventory builds the inventory as of at from the ledger's entries:
// entries dated after at are left out, so a report for a past date can be
// rebuilt. Containers with nothing left are not listed.
func TakeInventory(entries []Entry, at time.Time, when Opening) (Inventory, error) {
	if at.IsZero() {
		return Inventory{}, bad("the inventory's date and time are required")
	}
	if when != OpenOfBusiness && when != CloseOfBusiness {
		return Inventory{}, bad("say whether the inventory was taken at the opening or the close of business")
	}
	var upTo []Entry
	for _, e := range entries {
		if !e.At.After(at) {
			upTo = append(upTo, e)
		}
	}
	l, err := Replay(upTo)
	if err != nil {
		return Inventory{}, err
	}
	inv := Inventory{At: at, When: when}
	totals := map[Drug]*DrugTotal{}
	for _, c := range l.Containers() {
		if c.Balance == 0 {
			continue
		}
		inv.Lines = append(inv.Lines, InventoryLine{
			ContainerID: c.ID, Drug: c.Drug, NDC: c.NDC, Lot: c.Lot, Expires: c.Expires, Form: c.Form,
			ConcentrationMgPerML: c.ConcentrationMgPerML, Balance: c.Balance, ML: c.ML(c.Balance), Units: c.Units(c.Balance),
			Opened: c.Opened, Estimated: c.Opened, Expired: c.Expired(at),
		})
		t := totals[c.Drug]
		if t == nil {
			t = &DrugTotal{Drug: c.Drug}
			totals[c.Drug] = t
		}
		t.Containers++
		t.Balance += c.Balance
		t.Units += c.Units(c.Balance)
	}
	slices.SortFunc(inv.Lines, func(a, b InventoryLine) int {
		return cmp.Or(cmp.Compare(a.Drug, b.Drug), cmp.Compare(a.NDC, b.NDC), cmp.Compare(a.Lot, b.Lot), cmp.Compare(a.ContainerID, b.ContainerID))
	})
	for _, t := range totals {
		inv.Totals = append(inv.Totals, *t)
	}
	slices.SortFunc(inv.Totals, func(a, b DrugTotal) int { return cmp.Compare(a.Drug, b.Drug) })
	return inv, nil
}

// LastDay is the lot's expiry date as printed (see Container.LastDay).
func (l InventoryLine) LastDay() string { return lastDay(l.Expires) }
