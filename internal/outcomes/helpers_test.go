package outcomes

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// obs parses "9 13 13+ 18": a trailing + marks a censored time.
func obs(t testing.TB, s string) []Observation {
	t.Helper()
	var out []Observation
	for _, f := range strings.Fields(s) {
		censored := strings.HasSuffix(f, "+")
		v, err := strconv.ParseFloat(strings.TrimSuffix(f, "+"), 64)
		if err != nil {
			t.Fatalf("bad observation %q", f)
		}
		out = append(out, Observation{Time: v, Event: !censored})
	}
	return out
}

// The aml data set from R's survival package (Miller 1981): weeks in
// remission of acute myelogenous leukaemia patients by maintenance
// chemotherapy.
const (
	amlMaintained    = "9 13 13+ 18 23 28+ 31 34 45+ 48 161+"
	amlNonmaintained = "5 5 8 8 12 16+ 23 27 30 33 43 45"
)

// near reports whether got is within tol of want; NaN matches NaN (R's NA).
func near(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol
}

var na = math.NaN()
