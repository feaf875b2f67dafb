package screening

import "slices"

// Rule identifies a screening rule; ids are stable and stored with findings.
type Rule string

const (
	RuleBPUncontrolled     Rule = "bp-uncontrolled"
	RuleBPElevated         Rule = "bp-elevated"
	RuleBPMissing          Rule = "bp-missing"
	RuleHeartRate          Rule = "heart-rate-high"
	RuleAneurysm           Rule = "aneurysmal-vascular-disease"
	RuleAVM                Rule = "arteriovenous-malformation"
	RuleIntracerebralBleed Rule = "intracerebral-haemorrhage"
	RulePsychosisActive    Rule = "psychosis-active"
	RulePsychosisHistory   Rule = "psychosis-history"
	RulePregnant           Rule = "pregnant"
	RulePregnancyUnknown   Rule = "pregnancy-unknown"
	RuleSeizures           Rule = "seizures-uncontrolled"
	RuleHyperthyroidism    Rule = "hyperthyroidism"
	RuleSubstanceMisuse    Rule = "substance-misuse-active"
	RuleUnder18            Rule = "age-under-18"
	RuleMedBenzodiazepine  Rule = "medication-benzodiazepine"
	RuleMedLamotrigine     Rule = "medication-lamotrigine"
	RuleMedMAOI            Rule = "medication-maoi"
	RuleMedPsychostimulant Rule = "medication-psychostimulant"
)

// Rules lists every rule in the order findings are reported.
func Rules() []Rule {
	return []Rule{
		RuleBPUncontrolled, RuleBPElevated, RuleBPMissing, RuleHeartRate,
		RuleAneurysm, RuleAVM, RuleIntracerebralBleed,
		RulePsychosisActive, RulePsychosisHistory,
		RulePregnant, RulePregnancyUnknown,
		RuleSeizures, RuleHyperthyroidism, RuleSubstanceMisuse, RuleUnder18,
		RuleMedBenzodiazepine, RuleMedLamotrigine, RuleMedMAOI, RuleMedPsychostimulant,
	}
}

// Valid reports whether r is a known rule.
func (r Rule) Valid() bool { return slices.Contains(Rules(), r) }

// adultAge: the Spravato label does not approve use under 18 (srcPediatric).
const adultAge = 18
