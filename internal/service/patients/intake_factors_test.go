package patients

import (
	"strings"
	"testing"

	"onset/internal/clinic"
)

// TestFactorsInput: blanks are missing (never zero or no), numbers are
// checked against their plausible ranges, answers are yes, no or not known.
func TestFactorsInput(t *testing.T) {
	t.Parallel()
	f, err := FactorsInput{}.toFactors()
	if err != nil || f != (clinic.IntakeFactors{}) {
		t.Fatalf("blank form: %+v, %v", f, err)
	}
	f, err = FactorsInput{YearsIll: "7,5", EpisodeMonths: "14", FailedTrials: "3", BenzoDiazepamMg: "0",
		ECT: "no", Lamotrigine: "yes", Anxiety: " Yes "}.toFactors()
	if err != nil {
		t.Fatal(err)
	}
	if *f.YearsIll != 7.5 || *f.EpisodeMonths != 14 || *f.FailedTrials != 3 || *f.BenzoDiazepamMg != 0 ||
		*f.ECT || !*f.Lamotrigine || !*f.Anxiety || f.TMS != nil || f.Bipolar != nil {
		t.Errorf("factors %+v", f)
	}
	for _, tc := range []struct {
		in   FactorsInput
		want string
	}{
		{FactorsInput{YearsIll: "120"}, "between 0 and 90 years"},
		{FactorsInput{YearsIll: "-1"}, "between 0 and 90"},
		{FactorsInput{EpisodeMonths: "601"}, "between 0 and 600 months"},
		{FactorsInput{FailedTrials: "2.5"}, "whole number"},
		{FactorsInput{FailedTrials: "31"}, "between 0 and 30"},
		{FactorsInput{BenzoDiazepamMg: "500"}, "between 0 and 200 mg/day"},
		{FactorsInput{BenzoDiazepamMg: "ten"}, "number"},
		{FactorsInput{YearsIll: "2", EpisodeMonths: "60"}, "cannot be longer than the condition"},
		{FactorsInput{TMS: "maybe"}, "Answer TMS with yes, no or not known"},
	} {
		_, err := tc.in.toFactors()
		if clinic.ErrorCode(err) != clinic.Invalid || !strings.Contains(clinic.ErrorMessage(err), tc.want) {
			t.Errorf("%+v: %v, want Invalid with %q", tc.in, err, tc.want)
		}
	}
}
