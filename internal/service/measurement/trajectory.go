package measurement

import (
	"context"
	"slices"

	"onset/internal/clinic"
	"onset/internal/outcomes"
	"onset/internal/record"
	"onset/internal/scales"
	"onset/internal/service"
)

// TrajectoryOf builds the trajectory of one instrument for a patient's
// record (design.md §3), for the course it best describes: the current
// (latest) course when it has any score of the instrument, else the
// latest earlier course with a baseline, else the current course.
// instrument "" means the current course's primary instrument. ok is
// false when the patient has no course.
func TrajectoryOf(rec record.PatientRecord, instrument string) (t outcomes.Trajectory, ok bool, err error) {
	courses := slices.Clone(rec.Courses)
	slices.SortStableFunc(courses, func(a, b clinic.Course) int { return a.StartedAt.Compare(b.StartedAt) })
	if len(courses) == 0 {
		return t, false, nil
	}
	if instrument == "" {
		instrument = scales.PrimaryFor(courses[len(courses)-1].Condition)
	}
	in, found := scales.Lookup(instrument)
	if !found {
		return t, false, clinic.Errorf(clinic.Invalid, "Unknown questionnaire %q.", instrument)
	}
	var scores []outcomes.Score
	for _, a := range rec.Assessments {
		if a.Instrument == instrument {
			scores = append(scores, outcomes.Score{At: a.TakenAt, Total: a.Total})
		}
	}
	input := func(i int) outcomes.TrajectoryInput {
		c := courses[i]
		ti := outcomes.TrajectoryInput{Instrument: in.ID, Name: in.Name, RemissionMax: in.RemissionMax,
			HasRemission: in.HasRemission, ResponseDropPct: in.ResponseDropPct, T0: c.StartedAt, Scores: scores}
		if i+1 < len(courses) {
			ti.NextCourse = courses[i+1].StartedAt
		}
		for _, ad := range rec.Administrations {
			if ad.CourseID == c.ID {
				ti.Sessions = append(ti.Sessions, outcomes.TrajectorySession{At: ad.GivenAt, Route: ad.Route, DoseMg: ad.DoseMg})
			}
		}
		return ti
	}
	current, err := outcomes.BuildTrajectory(input(len(courses) - 1))
	if err != nil || len(current.Points) > 0 {
		return current, err == nil, err
	}
	for i := len(courses) - 2; i >= 0; i-- {
		tr, err := outcomes.BuildTrajectory(input(i))
		if err != nil {
			return t, false, err
		}
		if tr.HasBaseline {
			return tr, true, nil
		}
	}
	return current, true, nil
}

// PatientTrajectory reads a patient's record (audited) and returns the
// trajectory of one instrument.
func (s *Service) PatientTrajectory(ctx context.Context, a service.Actor, patientID int64, instrument string) (outcomes.Trajectory, bool, error) {
	rec, err := s.patients.Patient(ctx, a, patientID)
	if err != nil {
		return outcomes.Trajectory{}, false, err
	}
	return TrajectoryOf(rec, instrument)
}
