package ledger

import (
	"math"
	"strconv"
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
