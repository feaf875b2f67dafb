package demo

import (
	"slices"
	"strconv"
	"strings"

	"onset/internal/clinic"
	"onset/internal/service/patients"
)

// intakeFactors are the factors (issue 15) a demo patient's intake
// records: the course of the illness, treatment resistance, the
// medications that change ketamine's effect (read from the patient's demo
// medications) and coexisting conditions (from the patient's conditions).
// A few are left "not known", as at a real intake. They are a plausible
// spread, not published figures; how they shape a course's response is
// the generator's business, not the intake's.
func intakeFactors(p *patient) patients.FactorsInput {
	i := p.index
	yn := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	has := func(c clinic.Condition) string { return yn(slices.Contains(p.Conditions, c)) }
	meds := strings.ToLower(strings.Join(medications(p), " "))
	years := 1 + (i*7)%25
	episode := min(3+(i*5)%30, years*12)
	f := patients.FactorsInput{
		YearsIll: strconv.Itoa(years), EpisodeMonths: strconv.Itoa(episode),
		FailedTrials: strconv.Itoa((i * 3) % 6),
		Augmentation: yn(i%3 == 0), ECT: yn(i%11 == 0), TMS: yn(i%7 == 0),
		// Lorazepam 1 mg ≈ diazepam 10 mg (Ashton manual): 0.5 mg as needed ≈ 5 mg.
		BenzoDiazepamMg: "0", Lamotrigine: yn(strings.Contains(meds, "lamotrigine")), Naltrexone: "no",
		Stimulant: yn(strings.Contains(meds, "adderall")),
		Anxiety:   has(clinic.Anxiety), PTSD: has(clinic.PTSD), SubstanceUse: has(clinic.SubstanceUse),
		ChronicPain: has(clinic.ChronicPain), Bipolar: yn(i%29 == 0),
	}
	if strings.Contains(meds, "lorazepam 0.5 mg") {
		f.BenzoDiazepamMg = "5"
	}
	if i%13 == 0 { // not known at intake: the patient could not say
		f.FailedTrials, f.EpisodeMonths = "", ""
	}
	return f
}
