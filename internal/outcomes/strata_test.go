package outcomes

import (
	"slices"
	"testing"
	"time"

	"onset/internal/clinic"
)

func TestStratum(t *testing.T) {
	t.Parallel()
	f := Facts{Route: clinic.RouteIV, Condition: clinic.Depression, Therapy: true, DoseMgPerKg: 0.5,
		PerWeek: 3, Severity: "moderately severe", Age: 44}
	cases := []struct {
		by   Factor
		f    Facts
		want string
	}{
		{ByRoute, f, "iv"},
		{ByCondition, f, "depression"},
		{BySeverity, f, "moderately severe"},
		{BySeverity, Facts{Age: 30}, Unknown},
		{ByDose, f, "0.45–0.55 mg/kg"},
		{ByDose, Facts{DoseMgPerKg: 0.25}, "under 0.45 mg/kg"},
		{ByDose, Facts{DoseMgPerKg: 0.55}, "0.55–0.8 mg/kg"}, // bands are [min, max)
		{ByDose, Facts{DoseMgPerKg: 2}, "1.5 mg/kg or more"},
		{ByDose, Facts{}, Unknown},
		{ByFrequency, f, "3 or more a week"},
		{ByFrequency, Facts{PerWeek: 2}, "2 a week"},
		{ByFrequency, Facts{PerWeek: 1}, "1 a week or less"},
		{ByTherapy, f, "with psychotherapy"},
		{ByTherapy, Facts{}, "without psychotherapy"},
		{ByAge, f, "30–44"},
		{ByAge, Facts{Age: 45}, "45–64"},
		{ByAge, Facts{Age: 17}, "under 18"},
		{ByAge, Facts{Age: -1}, Unknown},
		{ByNone, f, "all"},
	}
	for _, tc := range cases {
		if got := tc.by.Stratum(tc.f); got != tc.want {
			t.Errorf("%s of %v = %q, want %q", tc.by, tc.f, got, tc.want)
		}
	}
}

func TestParseFactor(t *testing.T) {
	t.Parallel()
	for _, f := range Factors {
		if got, err := ParseFactor(string(f)); err != nil || got != f {
			t.Errorf("ParseFactor(%q) = %q, %v", f, got, err)
		}
	}
	if got, err := ParseFactor("all"); err != nil || got != ByNone {
		t.Errorf("all: %q %v", got, err)
	}
	if _, err := ParseFactor("weight"); clinic.ErrorCode(err) != clinic.Invalid {
		t.Errorf("weight: %v", err)
	}
}

func TestStratumOrder(t *testing.T) {
	t.Parallel()
	names := []string{Unknown, "65 and over", "18–29", "45–64"}
	ByAge.StratumOrder(names)
	if want := []string{"18–29", "45–64", "65 and over", Unknown}; !slices.Equal(names, want) {
		t.Errorf("age order %q, want %q", names, want)
	}
	routes := []string{"sublingual", Unknown, "esketamine", "iv"}
	ByRoute.StratumOrder(routes)
	if want := []string{"esketamine", "iv", "sublingual", Unknown}; !slices.Equal(routes, want) {
		t.Errorf("route order %q, want %q", routes, want)
	}
}

func TestFactsOf(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	dose := func(d time.Duration, mg, kg float64) clinic.Administration {
		return clinic.Administration{GivenAt: t0.Add(d), DoseMg: mg, WeightKg: kg}
	}
	// Six infusions in 12 days (3 a week), titrated after the third: the
	// dose band is the induction dose, 35 mg / 70 kg = 0.5 mg/kg.
	doses := []clinic.Administration{
		dose(11*day, 52.5, 70), dose(0, 35, 70), dose(2*day, 35, 70), dose(4*day, 35, 70),
		dose(7*day, 52.5, 70), dose(9*day, 52.5, 70), dose(30*day, 52.5, 70),
	}
	c := clinic.Course{Route: clinic.RouteIV, Condition: clinic.Depression, Therapy: true}
	f := FactsOf(c, t0, doses, time.Date(1980, 3, 3, 0, 0, 0, 0, time.UTC), "severe")
	if f.DoseMgPerKg != 0.5 || f.PerWeek != 3 || f.Age != 45 || f.Severity != "severe" || !f.Therapy {
		t.Errorf("facts %v; want 0.50 mg/kg, 3/wk, age 45 (birthday tomorrow), severe, therapy", f)
	}
	if f := FactsOf(c, t0, nil, time.Time{}, ""); f.DoseMgPerKg != 0 || f.PerWeek != 0 || f.Age != -1 {
		t.Errorf("no doses, no birth date: %v", f)
	}
	// A dose without a weight does not count toward mg/kg.
	if f := FactsOf(c, t0, []clinic.Administration{dose(0, 56, 0), dose(day, 40, 80)}, time.Time{}, ""); f.DoseMgPerKg != 0.5 {
		t.Errorf("weightless dose counted: %v", f)
	}
}
