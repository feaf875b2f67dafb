package clinic

import "slices"

// Conditions are the conditions Onset treats, in the order pages list them.
var Conditions = []Condition{Depression, Anxiety, PTSD, OCD, ChronicPain, Migraine, SubstanceUse}

// Known reports whether c is a condition Onset treats.
func (c Condition) Known() bool { return slices.Contains(Conditions, c) }

// TreatedCondition is the condition a patient's treatment is for: their
// latest course's, else the first of their recorded conditions.
func TreatedCondition(courses []Course, p Patient) (Condition, bool) {
	if n := len(courses); n > 0 {
		return courses[n-1].Condition, true
	}
	if len(p.Conditions) > 0 {
		return p.Conditions[0], true
	}
	return "", false
}
