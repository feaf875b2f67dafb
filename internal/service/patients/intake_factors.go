package patients

import (
	"strings"

	"onset/internal/clinic"
)

// FactorsInput is the intake's factors as the form sends them (issue 15):
// each number blank when not known, each yes/no "yes", "no" or blank (not
// known). Blank is stored as missing, never as zero or no.
type FactorsInput struct {
	YearsIll, EpisodeMonths, FailedTrials, BenzoDiazepamMg string

	Augmentation, ECT, TMS                            string
	Lamotrigine, Naltrexone, Stimulant                string
	Anxiety, PTSD, SubstanceUse, ChronicPain, Bipolar string
}

// toFactors validates the factors: each number within its plausible range
// (clinic.YearsIll and the rest), each answer yes, no or not known.
func (in FactorsInput) toFactors() (clinic.IntakeFactors, error) {
	var f clinic.IntakeFactors
	num := func(v string, q clinic.Quantity) (*float64, error) {
		v = strings.TrimSpace(v)
		if v == "" {
			return nil, nil
		}
		if !strings.Contains(v, ".") && strings.Count(v, ",") == 1 {
			v = strings.Replace(v, ",", ".", 1)
		}
		x, err := clinic.ParseNumber("the "+q.Name, v)
		if err != nil {
			return nil, err
		}
		if err := q.Check("the "+q.Name, x); err != nil {
			return nil, err
		}
		return &x, nil
	}
	var err error
	if f.YearsIll, err = num(in.YearsIll, clinic.YearsIll); err != nil {
		return f, err
	}
	if f.EpisodeMonths, err = num(in.EpisodeMonths, clinic.EpisodeMonths); err != nil {
		return f, err
	}
	if f.BenzoDiazepamMg, err = num(in.BenzoDiazepamMg, clinic.BenzoDiazepamMg); err != nil {
		return f, err
	}
	if f.YearsIll != nil && f.EpisodeMonths != nil && *f.EpisodeMonths > *f.YearsIll*12+12 {
		return f, clinic.Errorf(clinic.Invalid, "The current episode (%s months) cannot be longer than the condition (%s years).",
			clinic.FormatNumber(*f.EpisodeMonths), clinic.FormatNumber(*f.YearsIll))
	}
	if v := strings.TrimSpace(in.FailedTrials); v != "" {
		n, err := clinic.ParseInt("the "+clinic.FailedTrials.Name, v)
		if err != nil {
			return f, clinic.Errorf(clinic.Invalid, "Enter the number of antidepressant trials failed as a whole number, or leave it blank if not known.")
		}
		if err := clinic.FailedTrials.CheckInt("the "+clinic.FailedTrials.Name, n); err != nil {
			return f, err
		}
		f.FailedTrials = &n
	}
	for _, yn := range []struct {
		v, what string
		dst     **bool
	}{
		{in.Augmentation, "augmentation", &f.Augmentation}, {in.ECT, "ECT", &f.ECT}, {in.TMS, "TMS", &f.TMS},
		{in.Lamotrigine, "lamotrigine", &f.Lamotrigine}, {in.Naltrexone, "naltrexone", &f.Naltrexone},
		{in.Stimulant, "stimulants", &f.Stimulant}, {in.Anxiety, "anxiety", &f.Anxiety}, {in.PTSD, "PTSD", &f.PTSD},
		{in.SubstanceUse, "substance use", &f.SubstanceUse}, {in.ChronicPain, "chronic pain", &f.ChronicPain},
		{in.Bipolar, "bipolar disorder", &f.Bipolar},
	} {
		b, err := YesNoUnknown(yn.what, yn.v)
		if err != nil {
			return f, err
		}
		*yn.dst = b
	}
	return f, nil
}

// YesNoUnknown reads "yes", "no" or blank (not known: nil).
func YesNoUnknown(what, v string) (*bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "":
		return nil, nil
	case "yes":
		t := true
		return &t, nil
	case "no":
		f := false
		return &f, nil
	}
	return nil, clinic.Errorf(clinic.Invalid, "Answer %s with yes, no or not known.", what)
}
