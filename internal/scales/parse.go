package scales

import (
	"strconv"
	"strings"

	"onset/internal/clinic"
)

// maxAnswers bounds the list ParseAnswers accepts; the longest instrument
// (CADSS) has 23 items, so anything far longer is a mistake, not a form.
const maxAnswers = 64

// ParseAnswers reads a comma-separated answer list such as "0,1,2,3" as
// typed on a command line or in an import file. Spaces around answers are
// ignored. Each answer is a whole number written with ASCII digits, or "-"
// for an item that was skipped (returned as Skipped). Whether the numbers
// fit an instrument is checked later by Instrument.Validate; errors here
// name the position as "item N".
func ParseAnswers(s string) ([]int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, clinic.Errorf(clinic.Invalid, "no answers given")
	}
	if n := strings.Count(s, ",") + 1; n > maxAnswers {
		return nil, clinic.Errorf(clinic.Invalid, "too many answers (%d; no instrument has more than %d items)", n, maxAnswers)
	}
	parts := strings.Split(s, ",")
	out := make([]int, len(parts))
	for i, p := range parts {
		p = strings.TrimSpace(p)
		switch {
		case p == "":
			return nil, clinic.Errorf(clinic.Invalid, "item %d: answer is empty", i+1)
		case p == "-":
			out[i] = Skipped
		case len(p) > 3 || strings.Trim(p, "0123456789") != "":
			// No sign is accepted, so "-1" cannot pass for Skipped, and
			// no answer on any instrument has more than 2 digits.
			return nil, clinic.Errorf(clinic.Invalid, `item %d: %s is not an answer (want a whole number, or "-" for a skipped item)`, i+1, quote(p))
		default:
			out[i], _ = strconv.Atoi(p) // at most 3 ASCII digits: cannot fail
		}
	}
	return out, nil
}
