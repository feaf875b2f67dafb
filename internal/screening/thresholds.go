package screening

import (
	"fmt"
	"slices"
	"strings"

	"onset/internal/clinic"
)

// Thresholds are the clinic's screening settings. The medical director owns
// them; DefaultThresholds holds the published anchors.
//
// Blood pressure works in two bands, each "above" the number (a reading
// exactly at a threshold does not fire it):
//   - above the caution band → caution: the Spravato label's pre-dose
//     140/90, applied to every age. The phase-3 hold rule (SBP > 140, > 150
//     if age > 65, or DBP > 90) is a per-dose rule and would relax the
//     systolic limit for older adults, so screening does not use it.
//   - above the exclude band → exclude as uncontrolled hypertension: the
//     180/110 of one institution's PRN trigger, which is anecdotal [2°];
//     no published screening cut-off was found (Sanacora 2017's numbers:
//     not found). A Swiss ketamine product information (found by search)
//     contraindicates resting BP above 180/100, a stricter alternative.
type Thresholds struct {
	CautionSystolic  int // caution when SBP > this, mmHg
	CautionDiastolic int // caution when DBP > this, mmHg
	ExcludeSystolic  int // exclude when SBP > this, mmHg
	ExcludeDiastolic int // exclude when DBP > this, mmHg
	CautionHeartRate int // caution when HR > this, /min; 0 turns the rule off

	// Overrides changes the severity of a rule, e.g. to make
	// hyperthyroidism an exclusion. Rules not listed keep their default.
	Overrides map[Rule]Severity
}

// Published defaults; see Thresholds for why each band uses which anchor.
const (
	defaultCautionSystolic  = 140 // Spravato label pre-dose 140/90 (clinical-reference §1.3)
	defaultCautionDiastolic = 90  // Spravato label pre-dose 140/90 (clinical-reference §1.3)
	defaultExcludeSystolic  = 180 // PRN trigger 180/110, anecdotal [2°] (clinical-reference §1.3)
	defaultExcludeDiastolic = 110 // PRN trigger 180/110, anecdotal [2°] (clinical-reference §1.3)
	defaultCautionHeartRate = 120 // PRN trigger "sustained HR > 120", anecdotal [2°] (clinical-reference §1.3)
)

// DefaultThresholds returns the published defaults with no overrides.
func DefaultThresholds() Thresholds {
	return Thresholds{
		CautionSystolic:  defaultCautionSystolic,
		CautionDiastolic: defaultCautionDiastolic,
		ExcludeSystolic:  defaultExcludeSystolic,
		ExcludeDiastolic: defaultExcludeDiastolic,
		CautionHeartRate: defaultCautionHeartRate,
	}
}

// Validate reports every setting that cannot work, naming the field.
func (t Thresholds) Validate() error {
	var bad []string
	if t.CautionSystolic <= 0 || t.CautionDiastolic <= 0 {
		bad = append(bad, "caution_systolic and caution_diastolic must be positive")
	}
	if t.ExcludeSystolic <= t.CautionSystolic {
		bad = append(bad, fmt.Sprintf("exclude_systolic (%d) must be above caution_systolic (%d)", t.ExcludeSystolic, t.CautionSystolic))
	}
	if t.ExcludeDiastolic <= t.CautionDiastolic {
		bad = append(bad, fmt.Sprintf("exclude_diastolic (%d) must be above caution_diastolic (%d)", t.ExcludeDiastolic, t.CautionDiastolic))
	}
	if t.CautionHeartRate < 0 {
		bad = append(bad, "caution_heart_rate must be 0 (off) or positive")
	}
	for r, s := range t.Overrides {
		if !r.Valid() {
			bad = append(bad, fmt.Sprintf("overrides: unknown rule %q", r))
		} else if !s.Valid() {
			bad = append(bad, fmt.Sprintf("overrides[%s]: severity %q is not exclude or caution", r, s))
		}
	}
	if len(bad) > 0 {
		slices.Sort(bad) // map order is random; keep the message stable
		return clinic.Errorf(clinic.Invalid, "screening thresholds: %s", strings.Join(bad, "; "))
	}
	return nil
}

func (t Thresholds) severity(r Rule, def Severity) Severity {
	if s, ok := t.Overrides[r]; ok {
		return s
	}
	return def
}
