package ledger

import (
	"math"

	"onset/internal/clinic"
)

// What an entry may hold, checked before it is stored or applied: its
// numbers against their quantities, its text against clinic.Text.

// CheckNumbers refuses an entry whose numbers are not plausible values of
// their quantities (clinic.StockMg, StockML, StockUnits and the
// concentration): NaN, infinities, a count of devices that would overflow
// the arithmetic. Adjustments are signed, so the size is checked. Apply
// checks every entry with it; the service checks before anything is stored.
func (e Entry) CheckNumbers() error {
	return clinic.CheckEntered(
		clinic.Entered{Field: "the amount in mg", Q: clinic.StockMg, X: math.Abs(e.Mg)},
		clinic.Entered{Field: "the volume in mL", Q: clinic.StockML, X: math.Abs(e.ML)},
		clinic.Entered{Field: "the number of devices", Q: clinic.StockUnits, X: math.Abs(float64(e.Units))},
		clinic.Entered{Field: "the concentration", Q: clinic.ConcentrationMgPerML, X: e.ConcentrationMgPerML},
		clinic.Entered{Field: "the mg per device", Q: clinic.DoseMg, X: e.UnitMg})
}

// CleanText trims the entry's text fields and refuses control characters,
// invisible formatting and text longer than a register line holds.
func (e *Entry) CleanText() error {
	drug, form := string(e.Drug), string(e.Form)
	defer func() { e.Drug, e.Form = Drug(drug), Form(form) }()
	for _, f := range []struct {
		v *string
		t clinic.Text
	}{
		{&drug, clinic.Text{Name: "the drug", Max: 20}},
		{&form, clinic.Text{Name: "the form", Max: 20}},
		{&e.NDC, clinic.Text{Name: "the NDC", Max: 20}},
		{&e.Lot, clinic.Text{Name: "the lot number", Max: 40}},
		{&e.Invoice, clinic.Text{Name: "the invoice number", Max: 60}},
		{&e.Supplier, clinic.Text{Name: "the supplier or recipient", Max: 200}},
		{&e.SupplierDEA, clinic.Text{Name: "the DEA number", Max: 20}},
		{&e.Reason, clinic.Text{Name: "the reason", Max: 1000, Lines: true}},
		{&e.Method, clinic.Text{Name: "the method of destruction", Max: 500, Lines: true}},
	} {
		var err error
		if *f.v, err = f.t.Clean(*f.v); err != nil {
			return err
		}
	}
	return nil
}
