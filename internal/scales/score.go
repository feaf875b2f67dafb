package scales

import (
	"fmt"
	"strings"

	"onset/internal/clinic"
)

// Skipped marks an item that was not asked or not answered. Only items the
// instrument allows to be skipped may hold it (C-SSRS items 3–5 after a no
// to item 2, one of QIDS-SR16 items 6/7 and one of 8/9); anywhere else it is
// a missing answer and an error.
const Skipped = -1

// FlagSuicidality is raised when an instrument's suicide item is above 0.
const FlagSuicidality = "suicidality"

// ItemAnswer is one answer as scored.
type ItemAnswer struct {
	Number  int    `json:"number"`
	Answer  int    `json:"answer"` // Skipped (-1) when skipped
	Skipped bool   `json:"skipped,omitempty"`
	Domain  string `json:"domain,omitempty"` // QIDS-SR16
}

// DomainScore is a QIDS-SR16 domain: the highest answer among its items.
type DomainScore struct {
	Domain string `json:"domain"`
	Score  int    `json:"score"`
}

// Result is a scored set of answers.
type Result struct {
	Instrument string        `json:"instrument"`
	Total      int           `json:"total"`
	Severity   string        `json:"severity"` // "" when the instrument has no bands
	Flags      []string      `json:"flags"`    // never nil
	Items      []ItemAnswer  `json:"items"`
	Domains    []DomainScore `json:"domains,omitempty"` // QIDS-SR16
	DSM5       *DSM5Result   `json:"dsm5,omitempty"`    // PCL-5
}

// Score validates answers for the instrument id and scores them.
func Score(id string, answers []int) (Result, error) {
	in, ok := Lookup(id)
	if !ok {
		return Result{}, clinic.Errorf(clinic.Invalid, "unknown instrument %s (known: %s)",
			quote(id), strings.Join(IDs(), ", "))
	}
	return in.Score(answers)
}

// Score validates answers (one per item, in item order) and scores them.
func (in Instrument) Score(answers []int) (Result, error) {
	if err := in.Validate(answers); err != nil {
		return Result{}, err
	}
	r := Result{Instrument: in.ID, Flags: []string{}, Items: make([]ItemAnswer, len(in.Items))}
	for i, it := range in.Items {
		a := answers[i]
		r.Items[i] = ItemAnswer{Number: it.Number, Answer: a, Skipped: a == Skipped, Domain: it.Domain}
	}
	switch {
	case in.ID == CSSRS:
		r.Total = cssrsRisk(answers)
	case in.hasDomains():
		r.Domains = in.domainScores(answers)
		for _, d := range r.Domains {
			r.Total += d.Score
		}
	default:
		for _, a := range answers {
			if a != Skipped {
				r.Total += a
			}
		}
	}
	r.Severity = in.Severity(r.Total)

	if n := in.SuicideItem; n > 0 && answers[n-1] > 0 {
		r.Flags = append(r.Flags, FlagSuicidality)
	}
	for _, c := range in.Cutoffs {
		if r.Total >= c.AtLeast {
			r.Flags = append(r.Flags, c.Flag)
		}
	}
	if in.ID == CSSRS {
		if f, ok := cssrsFlag(r.Total); ok {
			r.Flags = append(r.Flags, f)
		}
	}
	if in.ID == PCL5 {
		r.DSM5 = pcl5Clusters(answers)
	}
	return r, nil
}

// Severity names the band that total falls in, "" when the instrument has
// no bands or total is outside them.
func (in Instrument) Severity(total int) string {
	for _, b := range in.Bands {
		if total >= b.Min && total <= b.Max {
			return b.Label
		}
	}
	return ""
}

// Validate checks that there is one answer per item, each within its item's
// range, and that exactly the items the skip rules allow are skipped. The
// error names the first offending item.
func (in Instrument) Validate(answers []int) error {
	if len(answers) != len(in.Items) {
		return clinic.Errorf(clinic.Invalid, "%s: got %d answers, want %d (one per item)",
			in.ID, len(answers), len(in.Items))
	}
	for i, it := range in.Items {
		a := answers[i]
		// Items are checked in order, so an item that another depends on
		// (AskedIf, Alternative) is either valid already or checked next.
		asked := it.AskedIf == 0 || answers[it.AskedIf-1] == 1
		switch {
		case !asked && a != Skipped:
			return clinic.Errorf(clinic.Invalid, `%s item %d: must be skipped ("-") because item %d is no`,
				in.ID, it.Number, it.AskedIf)
		case !asked:
			continue
		case a == Skipped && it.Alternative != 0 && answers[it.Alternative-1] != Skipped:
			continue
		case a == Skipped && it.Alternative != 0:
			return clinic.Errorf(clinic.Invalid, "%s item %d: answer is missing (answer item %d or item %d)",
				in.ID, it.Number, min(it.Number, it.Alternative), max(it.Number, it.Alternative))
		case a == Skipped && it.AskedIf != 0:
			return clinic.Errorf(clinic.Invalid, "%s item %d: answer is missing (asked because item %d is yes)",
				in.ID, it.Number, it.AskedIf)
		case a == Skipped:
			return clinic.Errorf(clinic.Invalid, "%s item %d: answer is missing", in.ID, it.Number)
		case a < it.Min() || a > it.Max():
			return clinic.Errorf(clinic.Invalid, "%s item %d: answer %d is out of range %d–%d",
				in.ID, it.Number, a, it.Min(), it.Max())
		}
	}
	return nil
}

func (in Instrument) hasDomains() bool {
	for _, it := range in.Items {
		if it.Domain != "" {
			return true
		}
	}
	return false
}

// domainScores gives each domain, in order of first appearance, the highest
// answer among its items (Rush 2003); skipped items do not count.
func (in Instrument) domainScores(answers []int) []DomainScore {
	var out []DomainScore
	index := map[string]int{}
	for i, it := range in.Items {
		k, seen := index[it.Domain]
		if !seen {
			k = len(out)
			index[it.Domain] = k
			out = append(out, DomainScore{Domain: it.Domain})
		}
		out[k].Score = max(out[k].Score, answers[i]) // Skipped (-1) never wins
	}
	return out
}

// quote renders outside input for an error message: quoted (so it stays on
// one line) and cut short (so it stays readable).
func quote(s string) string {
	const limit = 24
	if len(s) > limit {
		cut := limit
		for cut > 0 && s[cut]&0xC0 == 0x80 { // do not split a UTF-8 sequence
			cut--
		}
		return fmt.Sprintf("%q…", s[:cut])
	}
	return fmt.Sprintf("%q", s)
}
