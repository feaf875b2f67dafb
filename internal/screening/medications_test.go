package screening

import (
	"slices"
	"strings"
	"testing"
)

func TestClassifyMedication(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want MedicationClass
		ok   bool
	}{
		{"lorazepam", Benzodiazepine, true},
		{"Xanax 0.5 mg", Benzodiazepine, true},
		{"KLONOPIN", Benzodiazepine, true},
		{"clonazepam 1mg tablet", Benzodiazepine, true},
		{"Lamictal XR", Lamotrigine, true},
		{"lamotrigine", Lamotrigine, true},
		{"phenelzine", MAOI, true},
		{"Emsam patch", MAOI, true},
		{"Parnate", MAOI, true},
		{"Adderall XR 20 mg", Psychostimulant, true},
		{"methylphenidate", Psychostimulant, true},
		{"Vyvanse", Psychostimulant, true},
		{"modafinil", Psychostimulant, true},
		{"Nuvigil", Psychostimulant, true},
		{"sertraline", Antidepressant, true},
		{"Wellbutrin XL", Antidepressant, true},
		{"metformin", "", false},
		{"", "", false},
		{"lorazepamx", "", false}, // whole words only: no accidental prefix matches
	}
	for _, tt := range tests {
		got, ok := ClassifyMedication(tt.name)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ClassifyMedication(%q) = %q, %v; want %q, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestScreenMedications(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		meds    []string
		want    []Rule
		unknown []string
		msg     string
	}{
		{name: "benzodiazepine blunts", meds: []string{"Ativan 1 mg"}, want: []Rule{RuleMedBenzodiazepine}, msg: "may blunt"},
		{name: "lamotrigine blunts", meds: []string{"lamotrigine"}, want: []Rule{RuleMedLamotrigine}, msg: "may blunt"},
		{name: "maoi blood pressure", meds: []string{"Nardil"}, want: []Rule{RuleMedMAOI}, msg: "blood pressure"},
		{name: "stimulant blood pressure", meds: []string{"ritalin"}, want: []Rule{RuleMedPsychostimulant}, msg: "blood pressure"},
		{name: "antidepressant recognized, not flagged", meds: []string{"escitalopram 10 mg"}},
		{name: "unknown returned for review", meds: []string{"metformin", " lisinopril ", ""}, unknown: []string{"metformin", "lisinopril"}},
		{name: "mixed, in order entered", meds: []string{"Adderall", "atorvastatin", "Xanax"},
			want: []Rule{RuleMedPsychostimulant, RuleMedBenzodiazepine}, unknown: []string{"atorvastatin"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := base()
			in.Medications = tt.meds
			r, err := Screen(in, DefaultThresholds())
			if err != nil {
				t.Fatal(err)
			}
			if got := rules(r); !slices.Equal(got, tt.want) {
				t.Errorf("rules = %v, want %v", got, tt.want)
			}
			if !slices.Equal(r.Unrecognized, tt.unknown) {
				t.Errorf("Unrecognized = %q, want %q", r.Unrecognized, tt.unknown)
			}
			if !r.Eligible {
				t.Error("medications alone must not exclude")
			}
			for _, f := range r.Findings {
				if f.Severity != Caution {
					t.Errorf("%s severity = %s, want caution", f.Rule, f.Severity)
				}
				if tt.msg != "" && !strings.Contains(f.Message, tt.msg) {
					t.Errorf("message %q lacks %q", f.Message, tt.msg)
				}
				if !strings.Contains(f.Message, strings.TrimSpace(tt.meds[0])) && len(tt.meds) == 1 {
					t.Errorf("message %q does not name the medication", f.Message)
				}
			}
		})
	}
}
