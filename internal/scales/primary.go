package scales

import "onset/internal/clinic"

// PrimaryFor is the questionnaire a course for condition c is measured
// with: the validated scale of that condition (clinical-reference.md §3).
func PrimaryFor(c clinic.Condition) string {
	switch c {
	case clinic.Anxiety:
		return GAD7
	case clinic.PTSD:
		return PCL5
	case clinic.OCD:
		return YBOCS
	case clinic.ChronicPain, clinic.Migraine:
		return PainNRS
	}
	return PHQ9
}
