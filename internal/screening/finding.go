package screening

import "slices"

// Severity says how a finding affects eligibility.
type Severity string

const (
	Exclude Severity = "exclude" // not eligible without a prescriber's override
	Caution Severity = "caution" // eligible, but a prescriber reviews it first
)

// Valid reports whether s is a known severity.
func (s Severity) Valid() bool { return s == Exclude || s == Caution }

// Finding is one rule that fired for an intake.
type Finding struct {
	Rule     Rule
	Severity Severity
	Message  string // plain words a clinician understands
	Source   string // where the rule comes from; says so when secondary or not found
}

// Result is the outcome of screening one intake.
type Result struct {
	Eligible bool      // false when any finding is an exclusion
	Findings []Finding // in the order of Rules; medication findings in the order entered
	// Unrecognized lists medications, as entered, that the built-in list
	// does not know: they are not flagged, so a clinician must review them.
	Unrecognized []string
}

// Excludes returns the exclusion findings.
func (r Result) Excludes() []Finding { return r.bySeverity(Exclude) }

// Cautions returns the caution findings.
func (r Result) Cautions() []Finding { return r.bySeverity(Caution) }

func (r Result) bySeverity(s Severity) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Severity == s {
			out = append(out, f)
		}
	}
	return out
}

// Has reports whether rule fired.
func (r Result) Has(rule Rule) bool {
	return slices.ContainsFunc(r.Findings, func(f Finding) bool { return f.Rule == rule })
}

// NeedsReview reports whether a clinician must look at anything before
// treatment: any finding, or any medication the list did not recognize.
func (r Result) NeedsReview() bool { return len(r.Findings) > 0 || len(r.Unrecognized) > 0 }
