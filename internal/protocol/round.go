package protocol

import (
	"math"
	"strconv"
)

// Rounding works in whole steps of a measurable increment. x/step is first
// rounded to 6 decimals so binary noise (4.125/0.01 = 412.4999…) does not
// turn a half into a loss.
func steps(x, step float64) float64 { return math.Round(x/step*1e6) / 1e6 }

// roundTo rounds x to the nearest multiple of step (halves away from zero).
func roundTo(x, step float64) float64 { return clean(math.Round(steps(x, step)) * step) }

// roundNotAbove rounds x to the nearest step, but rounds down when that
// would exceed max: a ceiling is never crossed by rounding.
func roundNotAbove(x, step, max float64) (v float64, down bool) {
	v = roundTo(x, step)
	if v > max+1e-9 {
		return clean(math.Floor(steps(x, step)) * step), true
	}
	return v, false
}

func clean(x float64) float64 { return math.Round(x*1e9) / 1e9 }

// num formats a number for the worked steps: up to 4 decimals, no
// trailing zeros ("41.2", "0.75", "100").
func num(x float64) string { return strconv.FormatFloat(math.Round(x*1e4)/1e4, 'f', -1, 64) }

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }
