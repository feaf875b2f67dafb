package scales

// C-SSRS screener risk flags. No flag is raised when every answer is no:
// "no risk found" is the absence of a risk flag, so code that checks for
// flags never has to special-case a "risk:none".
const (
	FlagRiskLow      = "risk:low"
	FlagRiskModerate = "risk:moderate"
	FlagRiskHigh     = "risk:high"
)

// The C-SSRS screener's "total" is its risk category as an ordinal, so that
// stored totals sort by risk and the bands give the category a name. It is
// not a published score: nothing adds up the answers.
const (
	riskNone = iota
	riskLow
	riskModerate
	riskHigh
)

// cssrsScreener is the Columbia-Suicide Severity Rating Scale screener
// (free to use; Columbia Lighthouse Project). Source: Posner K et al. Am J
// Psychiatry 2011;168:1266-1277 and the Columbia screener text (docest copy);
// triage levels as commonly used [2°] per clinical-reference §4: a yes to
// items 1–2 is low risk, to item 3 moderate, to items 4 or 5 or behaviour in
// the past 3 months high. No rollup LOINC code (the source names panel
// 73831-0 [2°], unverified, so it is not recorded).
//
// Answers are 0 = no, 1 = yes. Items 1, 2 and 6 are always asked; items 3–5
// only when item 2 is yes, and otherwise must be given as skipped ("-" in
// text, Skipped in a slice). Item 6 is answered yes only for behaviour within
// the past 3 months, which is what the high-risk rule looks at.
func cssrsScreener() Instrument {
	items := sameOptions(options("No", "Yes"),
		"Have you wished you were dead or wished you could go to sleep and not wake up?",
		"Have you actually had any thoughts of killing yourself?",
		"Have you been thinking about how you might do this?",
		"Have you had these thoughts and had some intention of acting on them?",
		"Have you started to work out or worked out the details of how to kill yourself? Do you intend to carry out this plan?",
		"Have you ever done anything, started to do anything, or prepared to do anything to end your life? Was this within the past 3 months?",
	)
	for i := 2; i <= 4; i++ {
		items[i].AskedIf = 2
	}
	items[5].Recall = "The past 3 months"
	return Instrument{
		ID:         CSSRS,
		Name:       "C-SSRS screener",
		Recall:     "The past month (or since the last visit)",
		Respondent: Clinician,
		Scoring:    "risk category from the answers: 0 none, 1 low, 2 moderate, 3 high",
		Min:        riskNone,
		Max:        riskHigh,
		Items:      items,
		Bands: []Band{
			{riskNone, riskNone, "none"},
			{riskLow, riskLow, "low"},
			{riskModerate, riskModerate, "moderate"},
			{riskHigh, riskHigh, "high"},
		},
		Source: "Posner et al. 2011, Am J Psychiatry 168:1266; Columbia screener text; Joint Commission NPSG.15.01.01",
	}
}

// cssrsRisk is the risk category of validated screener answers; skipped
// items hold Skipped, which is never yes.
func cssrsRisk(answers []int) int {
	yes := func(item int) bool { return answers[item-1] == 1 }
	switch {
	case yes(4) || yes(5) || yes(6):
		return riskHigh
	case yes(3):
		return riskModerate
	case yes(1) || yes(2):
		return riskLow
	}
	return riskNone
}

func cssrsFlag(risk int) (string, bool) {
	switch risk {
	case riskLow:
		return FlagRiskLow, true
	case riskModerate:
		return FlagRiskModerate, true
	case riskHigh:
		return FlagRiskHigh, true
	}
	return "", false
}
