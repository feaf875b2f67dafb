package ledger

import (
	"math"
	"strconv"

	"onset/internal/clinic"
)

// Amount is a quantity of drug in whole micrograms.
type Amount int64

// Mg converts milligrams to an Amount, rounding to the nearest microgram.
func Mg(mg float64) Amount { return Amount(math.Round(mg * 1000)) }

// Mg is the amount in milligrams.
func (a Amount) Mg() float64 { return float64(a) / 1000 }

// String formats the amount in mg with up to 3 decimals: "41 mg", "0.5 mg".
func (a Amount) String() string {
	return strconv.FormatFloat(a.Mg(), 'f', -1, 64) + " mg"
}

// fmtNum formats a number with up to 3 decimals and no trailing zeros.
func fmtNum(x float64) string {
	return strconv.FormatFloat(math.Round(x*1000)/1000, 'f', -1, 64)
}

// CheckNumbers refuses an entry whose numbers are not plausible values of
// their quantities (clinic.StockMg, StockML, StockUnits and the
// concentration): NaN, infinities, a count of devices that would overflow
// the arithmetic. Adjustments are signed, so the size is checked. Apply
// checks every entry with it; the service checks before anything is stored.
func (e Entry) CheckNumbers() error {
	for _, c := range []struct {
		field string
		q     clinic.Quantity
		x     float64
	}{
		{"the amount in mg", clinic.StockMg, math.Abs(e.Mg)},
		{"the volume in mL", clinic.StockML, math.Abs(e.ML)},
		{"the number of devices", clinic.StockUnits, math.Abs(float64(e.Units))},
		{"the concentration", clinic.ConcentrationMgPerML, e.ConcentrationMgPerML},
		{"the mg per device", clinic.DoseMg, e.UnitMg},
	} {
		if err := c.q.CheckOptional(c.field, c.x); err != nil {
			return err
		}
	}
	return nil
}
