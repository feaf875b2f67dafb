package outcomes

import (
	"fmt"
	"math"
	"sort"
	"time"

	"onset/internal/clinic"
)

// Factor is what courses are grouped by when their curves are compared.
type Factor string

const (
	ByNone      Factor = ""          // one group, "all"
	ByRoute     Factor = "route"     // iv, im, esketamine, sublingual, oral
	ByDose      Factor = "dose"      // mg/kg of the first doses, in DoseBands
	BySeverity  Factor = "severity"  // the instrument's severity band at baseline
	ByCondition Factor = "condition" // the course's condition
	ByFrequency Factor = "frequency" // sessions per week in induction
	ByTherapy   Factor = "therapy"   // psychotherapy alongside, yes or no
	ByAge       Factor = "age"       // age at T0, in AgeBands
	// ByLocation groups an organization's pooled courses by the clinic
	// (location) that treated them; not offered for one clinic's curves.
	ByLocation Factor = "location"
)

// Factors lists the factors in the order pages offer them.
var Factors = []Factor{ByRoute, ByCondition, BySeverity, ByDose, ByFrequency, ByTherapy, ByAge}

// ParseFactor reads a --by / by= value; "" and "all" mean no grouping.
func ParseFactor(s string) (Factor, error) {
	if s == "" || s == "all" {
		return ByNone, nil
	}
	for _, f := range Factors {
		if string(f) == s {
			return f, nil
		}
	}
	return "", clinic.Errorf(clinic.Invalid, "cannot group by %q: choose route, condition, severity, dose, frequency, therapy or age", s)
}

// DoseSessions is how many of a course's first administrations its dose
// band is taken from: the induction dose, before any titration (Cusin 2017
// titrated after the 3rd infusion, clinical-reference §1.2).
const DoseSessions = 3

// InductionDays is the window after T0 whose sessions give the course's
// sessions per week: the first two weeks, in which Murrough 2013 gave 3 and
// Singh 2016 gave 2 or 3 infusions a week (clinical-reference §1.1–1.2).
const InductionDays = 14

// A band is a half-open interval [Min, Max) with its label.
type band struct {
	min, max float64
	label    string
}

// doseBands are mg/kg bands around the standard IV dose of 0.5 mg/kg
// (Berman 2000; Fava 2018 tested 0.1–1.0 mg/kg) with room for oral and
// sublingual doses of 2 mg/kg and more (Andrade 2019), clinical-reference §1.
var doseBands = []band{
	{0, 0.45, "under 0.45 mg/kg"},
	{0.45, 0.55, "0.45–0.55 mg/kg"},
	{0.55, 0.8, "0.55–0.8 mg/kg"},
	{0.8, 1.5, "0.8–1.5 mg/kg"},
	{1.5, math.Inf(1), "1.5 mg/kg or more"},
}

// frequencyBands are sessions per week over the first InductionDays.
var frequencyBands = []band{
	{0, 1.5, "1 a week or less"},
	{1.5, 2.5, "2 a week"},
	{2.5, math.Inf(1), "3 or more a week"},
}

// ageBands are years of age at T0.
var ageBands = []band{
	{0, 18, "under 18"},
	{18, 30, "18–29"},
	{30, 45, "30–44"},
	{45, 65, "45–64"},
	{65, math.Inf(1), "65 and over"},
}

func inBand(bands []band, v float64) string {
	for _, b := range bands {
		if v >= b.min && v < b.max {
			return b.label
		}
	}
	return "unknown"
}

// Unknown is the stratum of a course whose factor cannot be determined
// (no doses recorded, no birth date, no severity bands for the instrument).
const Unknown = "unknown"

// Facts are what a course's strata are read from.
type Facts struct {
	Route     clinic.Route
	Condition clinic.Condition
	Therapy   bool
	// DoseMgPerKg is the mean mg/kg of the first DoseSessions doses; 0 when
	// no dose with a weight is recorded.
	DoseMgPerKg float64
	// PerWeek is the number of sessions in [T0, T0 + InductionDays) per week.
	PerWeek float64
	// Severity is the instrument's band at baseline; "" without bands or
	// baseline. SeverityRank is its place among the instrument's bands,
	// from 1 for the mildest; 0 when unknown.
	Severity     string
	SeverityRank int
	// Age is whole years at T0; −1 when the birth date is unknown.
	Age int
	// Provider is the clinician who gave the course's first dose recorded
	// in a treatment session; 0 when none was (imported or older doses).
	Provider     int64
	ProviderName string
	// Location is the clinic's name, set when an organization's clinics
	// are pooled.
	Location string
	// TherapySessions counts the course's psychotherapy sessions from
	// signed therapy notes (clinic.Course.TherapySessions); an imported
	// course has none even when Therapy says there was psychotherapy.
	TherapySessions int
}

// Stratum names the group a course with facts f falls in for factor by.
func (by Factor) Stratum(f Facts) string {
	switch by {
	case ByRoute:
		return orUnknown(string(f.Route))
	case ByCondition:
		return orUnknown(string(f.Condition))
	case BySeverity:
		return orUnknown(f.Severity)
	case ByDose:
		if f.DoseMgPerKg <= 0 {
			return Unknown
		}
		return inBand(doseBands, f.DoseMgPerKg)
	case ByFrequency:
		if f.PerWeek <= 0 {
			return Unknown
		}
		return inBand(frequencyBands, f.PerWeek)
	case ByTherapy:
		if f.Therapy {
			return "with psychotherapy"
		}
		return "without psychotherapy"
	case ByAge:
		if f.Age < 0 {
			return Unknown
		}
		return inBand(ageBands, float64(f.Age))
	case ByLocation:
		return orUnknown(f.Location)
	}
	return "all"
}

func orUnknown(s string) string {
	if s == "" {
		return Unknown
	}
	return s
}

// StratumOrder sorts stratum names for display: bands in their natural
// order (lowest dose, youngest, least often first), other names
// alphabetically, "unknown" last.
func (by Factor) StratumOrder(names []string) { by.sortStrata(names, nil) }

// sortStrata is StratumOrder with the ranks of names that are not bands of
// this package (severity labels come from the instrument).
func (by Factor) sortStrata(names []string, ranks map[string]int) {
	rank := map[string]int{}
	for k, v := range ranks {
		rank[k] = v
	}
	var bands []band
	switch by {
	case ByDose:
		bands = doseBands
	case ByFrequency:
		bands = frequencyBands
	case ByAge:
		bands = ageBands
	}
	for i, b := range bands {
		rank[b.label] = i + 1
	}
	sort.SliceStable(names, func(i, j int) bool {
		a, b := names[i], names[j]
		if (a == Unknown) != (b == Unknown) {
			return b == Unknown
		}
		if ra, rb := rank[a], rank[b]; ra != rb {
			return ra < rb
		}
		return a < b
	})
}

// FactsOf reads a course's facts from its doses (any order), the patient's
// birth date (zero if unknown) and the baseline severity label.
func FactsOf(c clinic.Course, t0 time.Time, doses []clinic.Administration, birth time.Time, severity string) Facts {
	f := Facts{Route: c.Route, Condition: c.Condition, Therapy: c.Therapy, Severity: severity, Age: -1,
		TherapySessions: c.TherapySessions}
	sorted := make([]clinic.Administration, len(doses))
	copy(sorted, doses)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].GivenAt.Before(sorted[j].GivenAt) })
	sum, n := 0.0, 0
	for _, a := range sorted {
		if n == DoseSessions {
			break
		}
		if a.WeightKg > 0 && a.DoseMg > 0 {
			sum += a.DoseMg / a.WeightKg
			n++
		}
	}
	if n > 0 {
		f.DoseMgPerKg = sum / float64(n)
	}
	for _, a := range sorted {
		if a.ProviderID != 0 {
			f.Provider, f.ProviderName = a.ProviderID, a.ProviderName
			break
		}
	}
	end := t0.Add(InductionDays * 24 * time.Hour)
	sessions := 0
	for _, a := range sorted {
		if !a.GivenAt.Before(t0) && a.GivenAt.Before(end) {
			sessions++
		}
	}
	f.PerWeek = float64(sessions) / (InductionDays / 7)
	if !birth.IsZero() && !t0.Before(birth) {
		f.Age = ageAt(birth, t0)
	}
	return f
}

// ageAt is whole years from birth to t.
func ageAt(birth, t time.Time) int {
	y := t.Year() - birth.Year()
	if t.Month() < birth.Month() || (t.Month() == birth.Month() && t.Day() < birth.Day()) {
		y--
	}
	return y
}

// String makes a Facts readable in test failures.
func (f Facts) String() string {
	return fmt.Sprintf("%s/%s therapy=%v %.2fmg/kg %.1f/wk %q age %d", f.Route, f.Condition, f.Therapy, f.DoseMgPerKg, f.PerWeek, f.Severity, f.Age)
}
