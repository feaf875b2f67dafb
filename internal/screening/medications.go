package screening

import (
	"strings"
	"unicode"
)

// MedicationClass groups medicines that interact with ketamine the same way.
type MedicationClass string

const (
	Benzodiazepine  MedicationClass = "benzodiazepine"  // may blunt response; adds sedation
	Lamotrigine     MedicationClass = "lamotrigine"     // may blunt ketamine's effects
	MAOI            MedicationClass = "maoi"            // may raise blood pressure
	Psychostimulant MedicationClass = "psychostimulant" // may raise blood pressure
	Antidepressant  MedicationClass = "antidepressant"  // recognized, not flagged (srcAntidepressant)
)

// ClassifyMedication looks a medication up by generic or common brand name,
// ignoring case, strength and form: "Xanax 0.5 mg" and "ADDERALL XR" match.
// ok is false when no word of the name is on the built-in list.
//
// The list is deliberately small (the common drugs of each class); an
// unknown name is returned to the clinician for review, never assumed safe.
func ClassifyMedication(name string) (class MedicationClass, ok bool) {
	for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if c, ok := classifyWord(w); ok {
			return c, true
		}
	}
	return "", false
}

// classifyWord is a switch rather than a package map so there is no
// mutable package state.
func classifyWord(w string) (MedicationClass, bool) {
	switch w {
	case "alprazolam", "xanax",
		"lorazepam", "ativan",
		"clonazepam", "klonopin", "rivotril",
		"diazepam", "valium",
		"temazepam", "restoril",
		"chlordiazepoxide", "librium",
		"oxazepam",
		"triazolam", "halcion",
		"midazolam",
		"clobazam", "onfi",
		"clorazepate", "tranxene",
		"estazolam", "flurazepam":
		return Benzodiazepine, true
	case "lamotrigine", "lamictal":
		return Lamotrigine, true
	case "phenelzine", "nardil",
		"tranylcypromine", "parnate",
		"isocarboxazid", "marplan",
		"selegiline", "emsam", "eldepryl", "zelapar",
		"rasagiline", "azilect",
		"moclobemide":
		return MAOI, true
	case "amphetamine", "dextroamphetamine", "adderall", "dexedrine", "zenzedi", "evekeo",
		"lisdexamfetamine", "vyvanse",
		"methamphetamine", "desoxyn",
		"methylphenidate", "ritalin", "concerta", "metadate", "methylin",
		"dexmethylphenidate", "focalin",
		"modafinil", "provigil",
		"armodafinil", "nuvigil":
		return Psychostimulant, true
	case "sertraline", "zoloft",
		"escitalopram", "lexapro",
		"citalopram", "celexa",
		"fluoxetine", "prozac",
		"paroxetine", "paxil",
		"fluvoxamine", "luvox",
		"venlafaxine", "effexor",
		"desvenlafaxine", "pristiq",
		"duloxetine", "cymbalta",
		"bupropion", "wellbutrin",
		"mirtazapine", "remeron",
		"vortioxetine", "trintellix",
		"vilazodone", "viibryd",
		"trazodone":
		return Antidepressant, true
	}
	return "", false
}

// medicationFinding is the finding for a flagged class, or ok=false for a
// class that is recognized but not flagged.
func medicationFinding(class MedicationClass, name string) (r Rule, msg, src string, ok bool) {
	name = strings.TrimSpace(name)
	switch class {
	case Benzodiazepine:
		return RuleMedBenzodiazepine, "Takes " + name + " (benzodiazepine): may blunt the antidepressant response to ketamine, " +
			"more so at higher doses, and adds sedation. Review the dose and timing.", srcBenzo, true
	case Lamotrigine:
		return RuleMedLamotrigine, "Takes " + name + " (lamotrigine): may blunt ketamine's effects; its effect on the " +
			"antidepressant response is not known.", srcLamotrigine, true
	case MAOI:
		return RuleMedMAOI, "Takes " + name + " (MAOI): may raise blood pressure with ketamine. Monitor blood pressure closely.", srcPressor, true
	case Psychostimulant:
		return RuleMedPsychostimulant, "Takes " + name + " (psychostimulant): may raise blood pressure with ketamine. " +
			"Monitor blood pressure closely.", srcPressor, true
	}
	return "", "", "", false
}
