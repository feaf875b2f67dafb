package demo

import "onset/internal/scales"

// How demo assessments say they were answered (clinic.Assessment.Source).
const (
	SourceLink  = "link"  // by the patient through a questionnaire link
	SourceStaff = "staff" // on the clinic's tablet form
)

// WithSources returns a copy of the clinic's assessments, each marked as
// answered by link or by staff: clinician-rated scales and every
// course's baseline (taken at the clinic before the first session) by
// staff, follow-ups mostly by link, every fourth one on the clinic's
// tablet. The same input always gives the same marks.
func WithSources(c Clinic) []Assessment {
	out := make([]Assessment, len(c.Assessments))
	followUp := map[int]int{} // course index → follow-ups seen
	for i, a := range c.Assessments {
		src := SourceLink
		in, _ := scales.Lookup(a.Instrument)
		switch {
		case in.Respondent == scales.Clinician:
			src = SourceStaff
		case a.CourseIndex < len(c.Courses) && !a.TakenAt.After(c.Courses[a.CourseIndex].StartedAt):
			src = SourceStaff
		default:
			followUp[a.CourseIndex]++
			if followUp[a.CourseIndex]%4 == 0 {
				src = SourceStaff
			}
		}
		a.Source = src
		out[i] = a
	}
	return out
}
