package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"onset/internal/clinic"
)

// person is a generated patient with the facts courses need.
type person struct {
	clinic.Patient
	weightKg float64
	factors  responseFactors // what shapes the response of the person's courses
}

// Patient mix. The condition shares are a plausible clinic case mix, not
// published figures: depression most, the others some.
const (
	shareFemale        = 0.56
	shareOtherSex      = 0.02
	shareTwoConditions = 0.30
	minAge, maxAge     = 19, 78
	minKg, maxKg       = 48.0, 125.0
)

func newPerson(r *rand.Rand, n names, i int, now time.Time) person {
	var p clinic.Patient
	p.MRN = fmt.Sprintf("MRN-%06d", i+1)
	switch choose(r, shareFemale, 1-shareFemale-shareOtherSex, shareOtherSex) {
	case 0:
		p.Sex, p.GivenName = "female", n.female[r.IntN(len(n.female))]
	case 1:
		p.Sex, p.GivenName = "male", n.male[r.IntN(len(n.male))]
	default:
		all := append(append([]string(nil), n.female...), n.male...)
		p.Sex, p.GivenName = "other", all[r.IntN(len(all))]
	}
	p.FamilyName = n.family[r.IntN(len(n.family))]
	p.Email = fmt.Sprintf("%s.%s.%d@example.org",
		strings.ToLower(p.GivenName), strings.ToLower(p.FamilyName), i+1)
	// 555-0100 to 555-0199 are reserved for fiction.
	p.Phone = fmt.Sprintf("+1-202-555-01%02d", r.IntN(100))

	// Ages minAge..maxAge at now: born in (now − (maxAge+1) y, now − minAge y].
	oldest := date(now).AddDate(-(maxAge + 1), 0, 1)
	youngest := date(now).AddDate(-minAge, 0, 0)
	p.BirthDate = oldest.AddDate(0, 0, r.IntN(int(youngest.Sub(oldest)/day)+1))

	p.Conditions = []clinic.Condition{primaryCondition(r)}
	if r.Float64() < shareTwoConditions {
		p.Conditions = append(p.Conditions, secondCondition(r, p.Conditions[0]))
	}
	kg := normal(r, 80, 17, minKg, maxKg)
	return person{Patient: p, weightKg: kg}
}

func primaryCondition(r *rand.Rand) clinic.Condition {
	return []clinic.Condition{clinic.Depression, clinic.Anxiety, clinic.PTSD, clinic.ChronicPain}[choose(r, 0.60, 0.15, 0.12, 0.13)]
}

func secondCondition(r *rand.Rand, first clinic.Condition) clinic.Condition {
	if first == clinic.Depression {
		return []clinic.Condition{clinic.Anxiety, clinic.PTSD, clinic.ChronicPain}[choose(r, 0.6, 0.3, 0.1)]
	}
	if r.Float64() < 0.8 {
		return clinic.Depression
	}
	if first == clinic.Anxiety {
		return clinic.PTSD
	}
	return clinic.Anxiety
}

// age is the age in whole years at t.
func age(birth, t time.Time) int {
	a := t.Year() - birth.Year()
	if t.Month() < birth.Month() || t.Month() == birth.Month() && t.Day() < birth.Day() {
		a--
	}
	return a
}
