package demo

import (
	"math"
	"strings"

	"onset/internal/clinic"
)

// responseFactors are the demo patient's factors that shape how a course
// responds (issue 15): the same ones its intake records (intakeFactors,
// read from the patient's index and demo medications), and the course's
// psychotherapy. The generator draws a course's response class with the
// odds moved by these factors, so the outcomes dashboard's forest plot has
// something true to find.
type responseFactors struct {
	benzoMg      float64 // daily benzodiazepine dose, diazepam equivalents
	failedTrials int     // adequate antidepressant trials failed in this episode
	ect          bool    // ECT ever
}

// factorsOf are patient i's factors, as intakeFactors records them (the
// test TestResponseFactorsMatchTheIntake keeps the two together; an intake
// that could not say how many trials failed still had them).
func factorsOf(i int) responseFactors {
	f := responseFactors{failedTrials: (i * 3) % 6, ect: i%11 == 0}
	meds := strings.ToLower(strings.Join(demoMedications[i%len(demoMedications)], " "))
	if strings.Contains(meds, "lorazepam 0.5 mg") {
		f.benzoMg = 5 // lorazepam 1 mg ≈ diazepam 10 mg (Ashton manual)
	}
	return f
}

// Effects on the odds of responding to a course (odds ratios). These are
// not in clinical-reference.md; the directions are the published ones and
// the sizes modest, within what the studies reported. Check the papers
// before quoting a number from the demo.
const (
	// Benzodiazepines blunt ketamine's antidepressant effect: Frye 2015
	// (J Clin Psychopharmacol 35:334) found concomitant benzodiazepine users
	// less likely to respond, more so at higher doses; Andrashko 2020
	// (Front Psychiatry 11:844) found the same in a larger naturalistic
	// sample. About half the odds at a daily dose.
	oddsBenzo = 0.5
	// Each adequate antidepressant trial that failed lowers the chance of
	// the next treatment working (STAR*D: remission 36.8%, 30.6%, 13.7%,
	// 13.0% at steps 1–4, Rush 2006 Am J Psychiatry 163:1905); ketamine's
	// response falls less steeply in treatment-resistant samples, so 0.9
	// per trial.
	oddsPerFailedTrial = 0.9
	// ECT history marks the most resistant illness: Ibrahim 2011 (Prog
	// Neuropsychopharmacol Biol Psychiatry 35:1155) saw lower response in
	// ECT-resistant patients than in other treatment-resistant samples.
	oddsECT = 0.7
	// Psychotherapy with the course: ketamine-assisted psychotherapy
	// (Dore 2019, J Psychoactive Drugs 51:189) and CBT after infusions
	// (Wilkinson 2017, Psychother Psychosom 86:162) went with better and
	// longer-lasting responses; a small effect on response.
	oddsTherapy = 1.3
	// Wilkinson 2017: CBT after the series delayed relapse; the demo
	// lengthens a relapse-free stretch by half with psychotherapy.
	relapseDelayTherapy = 1.5
)

// odds is the odds ratio of responding for these factors and therapy.
func (f responseFactors) odds(therapy bool) float64 {
	o := math.Pow(oddsPerFailedTrial, float64(f.failedTrials))
	if f.benzoMg > 0 {
		o *= oddsBenzo
	}
	if f.ect {
		o *= oddsECT
	}
	if therapy {
		o *= oddsTherapy
	}
	return o
}

// withOdds moves probability p by odds ratio o.
func withOdds(p, o float64) float64 {
	if p <= 0 || p >= 1 {
		return p
	}
	return o * p / (1 - p + o*p)
}

// classShares are the route's shares of rapid, gradual and never
// responders, the responders' odds moved by odds and split between rapid
// and gradual as at the route's base shares.
func classShares(route clinic.Route, odds float64) (rapidShare, gradualShare, neverShare float64) {
	rapid, gradual := baseRapidIV, baseGradualIV
	if route == clinic.RouteEsketamine {
		rapid, gradual = baseRapidEsk, baseGradualEsk
	}
	respond := withOdds(rapid+gradual, odds)
	return respond * rapid / (rapid + gradual), respond * gradual / (rapid + gradual), 1 - respond
}
