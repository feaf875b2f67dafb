package screening

import (
	"fmt"
	"strings"
)

// Screen applies every rule to in with the clinic's thresholds t. It
// returns a clinic.Invalid error when the intake or thresholds are not
// usable (missing dates, implausible vitals, bad settings).
func Screen(in Intake, t Thresholds) (Result, error) {
	if err := t.Validate(); err != nil {
		return Result{}, err
	}
	if err := in.validate(); err != nil {
		return Result{}, err
	}
	var fs []Finding
	add := func(r Rule, def Severity, src, msg string) {
		fs = append(fs, Finding{Rule: r, Severity: t.severity(r, def), Message: msg, Source: src})
	}

	// Blood pressure: one finding, from the highest band reached.
	sbp, dbp := in.SystolicBP, in.DiastolicBP
	bp := fmt.Sprintf("%d/%d mmHg", sbp, dbp)
	switch {
	case sbp == 0:
		add(RuleBPMissing, Caution, srcBaselineBP, "No baseline blood pressure recorded: measure it before treatment.")
	case sbp > t.ExcludeSystolic || dbp > t.ExcludeDiastolic:
		add(RuleBPUncontrolled, Exclude, srcPRNTrigger, fmt.Sprintf(
			"Blood pressure %s is above %d/%d: uncontrolled hypertension. Treat it and recheck before ketamine, which raises blood pressure.",
			bp, t.ExcludeSystolic, t.ExcludeDiastolic))
	case sbp > t.CautionSystolic || dbp > t.CautionDiastolic:
		add(RuleBPElevated, Caution, srcSpravatoBP, fmt.Sprintf(
			"Blood pressure %s is above %d/%d. Recheck, and weigh delaying treatment.",
			bp, t.CautionSystolic, t.CautionDiastolic))
	}
	if t.CautionHeartRate > 0 && in.HeartRate > t.CautionHeartRate {
		add(RuleHeartRate, Caution, srcPRNTrigger, fmt.Sprintf(
			"Heart rate %d/min is above %d/min. Recheck at rest before treatment.", in.HeartRate, t.CautionHeartRate))
	}

	// Spravato label contraindications (clinical-reference §5.2).
	if in.AneurysmalVascularDisease {
		add(RuleAneurysm, Exclude, srcContraindication,
			"Aneurysmal vascular disease (aorta, intracranial or peripheral arteries): a rise in blood pressure could be dangerous.")
	}
	if in.ArteriovenousMalformation {
		add(RuleAVM, Exclude, srcContraindication,
			"Arteriovenous malformation: a rise in blood pressure could be dangerous.")
	}
	if in.IntracerebralHaemorrhage {
		add(RuleIntracerebralBleed, Exclude, srcContraindication,
			"History of bleeding in the brain (intracerebral haemorrhage): a rise in blood or intracranial pressure could be dangerous.")
	}

	// Psychosis: active excludes (clinic policy); a history needs review.
	if in.ActivePsychosis {
		add(RulePsychosisActive, Exclude, srcPsychosis,
			"Active psychosis: ketamine's dissociative effects may worsen it.")
	} else if in.HistoryOfPsychosis {
		add(RulePsychosisHistory, Caution, srcPsychosis,
			"History of psychosis: assess carefully; treat only if the benefit outweighs the risk.")
	}

	switch {
	case in.Pregnant == PregnancyYes:
		add(RulePregnant, Exclude, srcPregnancy, "Pregnant: not recommended; ketamine may harm the fetus.")
	case in.Pregnant == PregnancyUnknown && in.canBePregnant():
		add(RulePregnancyUnknown, Caution, srcPregnancy, "Pregnancy status unknown: pregnancy test needed before treatment.")
	}

	if in.UncontrolledSeizures {
		add(RuleSeizures, Caution, srcSeizures, "Uncontrolled seizures: review with the prescriber before treatment.")
	}
	if in.Hyperthyroidism {
		// Caution, not exclude: the flag does not say whether it is
		// treated, and only untreated or inadequately treated
		// hyperthyroidism is contraindicated (srcHyperthyroid).
		add(RuleHyperthyroidism, Caution, srcHyperthyroid,
			"Hyperthyroidism: confirm it is treated and controlled; ketamine raises heart rate and blood pressure.")
	}
	if in.ActiveSubstanceMisuse {
		add(RuleSubstanceMisuse, Caution, srcSubstanceMisu,
			"Active substance misuse: ketamine can be misused; consider urine toxicology and weigh the risk.")
	}
	if age := Age(in.BirthDate, in.AsOf); age < adultAge {
		add(RuleUnder18, Caution, srcPediatric, fmt.Sprintf("Age %d: not approved under %d.", age, adultAge))
	}

	var unknown []string
	for _, m := range in.Medications {
		if strings.TrimSpace(m) == "" {
			continue
		}
		class, ok := ClassifyMedication(m)
		if !ok {
			unknown = append(unknown, strings.TrimSpace(m))
			continue
		}
		if r, msg, src, ok := medicationFinding(class, m); ok {
			add(r, Caution, src, msg)
		}
	}

	res := Result{Eligible: true, Findings: fs, Unrecognized: unknown}
	for _, f := range fs {
		if f.Severity == Exclude {
			res.Eligible = false
		}
	}
	return res, nil
}
