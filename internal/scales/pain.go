package scales

import "strconv"

// painNRS is the 0–10 numeric rating scale for pain intensity, one item.
// Source: LOINC 72514-3 "Pain severity - 0-10 verbal numeric rating [Score]
// - Reported" and SNOMED 225908003 as used in FHIR examples (AKTIN, VA),
// clinical-reference §4. No bands. The ≥30% or ≥50% response conventions have
// no retrieved source; design.md §3's 50% rule is used.
func painNRS() Instrument {
	opts := make([]Option, 11)
	for v := range opts {
		opts[v] = Option{Value: v, Text: strconv.Itoa(v)}
	}
	opts[0].Text = "0 — no pain"
	opts[10].Text = "10 — worst pain imaginable"
	return Instrument{
		ID:         PainNRS,
		Name:       "Pain NRS",
		Recall:     "Now",
		Respondent: Patient,
		Scoring:    "the single answer, 0–10",
		Min:        0,
		Max:        10,
		Items: []Item{{
			Number:  1,
			Text:    "On a scale from 0 (no pain) to 10 (worst pain imaginable), how much pain do you have now?",
			Options: opts,
		}},
		ResponseDropPct: 50,
		LOINCTotal:      "72514-3",
		Source:          "LOINC 72514-3; SNOMED 225908003; FHIR examples (AKTIN, VA)",
	}
}
