package record

import (
	"slices"
	"time"

	"onset/internal/clinic"
)

// TherapyLead is how long before a course's T0 a therapy session still
// counts toward it: the preparation sessions before the first dose. It is
// the baseline window (design.md §3: a baseline is taken in [T0 − 30 days,
// T0]), so a course's therapy and its baseline look back equally far.
const TherapyLead = 30 * 24 * time.Hour

// CourseTherapy is the psychotherapy held for one course: how many
// sessions and when the first was (zero when none).
type CourseTherapy struct {
	CourseID int64
	Sessions int
	FirstAt  time.Time
}

// TherapyByCourse gives each of a patient's courses its therapy sessions
// (the times of signed therapy notes): a session belongs to the course
// that starts next within TherapyLead (preparation) or, failing that, to
// the latest course begun before it, up to the start of the next course.
// A session more than TherapyLead before the first course belongs to none.
func TherapyByCourse(courses []clinic.Course, sessions []time.Time) []CourseTherapy {
	cs := slices.Clone(courses)
	slices.SortFunc(cs, func(a, b clinic.Course) int { return a.StartedAt.Compare(b.StartedAt) })
	out := make([]CourseTherapy, len(cs))
	for i, c := range cs {
		out[i].CourseID = c.ID
	}
	for _, at := range sessions {
		k := -1
		for i, c := range cs {
			if !c.StartedAt.After(at) {
				k = i // the latest course begun by then
			} else if c.StartedAt.Sub(at) <= TherapyLead {
				k = i // preparation for the course about to start
				break
			} else {
				break
			}
		}
		if k < 0 {
			continue
		}
		out[k].Sessions++
		if out[k].FirstAt.IsZero() || at.Before(out[k].FirstAt) {
			out[k].FirstAt = at
		}
	}
	return out
}
