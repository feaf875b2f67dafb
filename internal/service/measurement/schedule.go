package measurement

import (
	"context"
	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/scales"
	"onset/internal/schedule"
	"onset/internal/service"
	"time"
)

// ScheduleLinks makes the questionnaire links that the clinic's courses
// are due for now (see Due), each with its queued messages and audit row.
// It returns how many it made.
func (s *Service) ScheduleLinks(ctx context.Context, a service.Actor) (int, error) {
	if err := service.Authorize(a, service.ActLinkCreate); err != nil {
		return 0, err
	}
	r := s.store.Read()
	courses, err := r.ClinicCourses(ctx, a.ClinicID)
	if err != nil {
		return 0, clinic.Wrap(err, "Could not list courses.")
	}
	settings, _, err := service.ClinicSettingsIn(ctx, r, a.ClinicID)
	if err != nil {
		return 0, clinic.Wrap(err, "Could not read the clinic's settings.")
	}
	cadence := settings.Cadence()
	// Each patient's current course: the latest that has started.
	now := s.Now()
	current := map[int64]clinic.Course{}
	var order []int64
	for _, c := range courses {
		if c.StartedAt.After(now) {
			continue
		}
		if _, ok := current[c.PatientID]; !ok {
			order = append(order, c.PatientID)
		}
		current[c.PatientID] = c
	}
	// Treatment sessions booked in the next cadence.PreAhead get a
	// questionnaire before them — for a first session, the baseline.
	booked := map[int64][]time.Time{}
	appts, err := r.Appointments(ctx, a.ClinicID, now, now.Add(cadence.PreAhead))
	if err != nil {
		return 0, clinic.Wrap(err, "Could not read the bookings.")
	}
	for _, ap := range record.Upcoming(appts, now) {
		if !schedule.IsTreatment(ap.Kind) {
			continue
		}
		if _, ok := current[ap.PatientID]; !ok {
			p, err := r.Patient(ctx, a.ClinicID, ap.PatientID)
			if err != nil {
				return 0, clinic.Wrap(err, "Could not read a booked patient.")
			}
			cond, ok := clinic.TreatedCondition(nil, p)
			if !ok {
				continue // no condition recorded: no instrument to send
			}
			// Not started yet: the questionnaire is the course's baseline.
			current[ap.PatientID] = clinic.Course{ClinicID: a.ClinicID, PatientID: ap.PatientID, Condition: cond}
			order = append(order, ap.PatientID)
		}
		booked[ap.PatientID] = append(booked[ap.PatientID], ap.Start)
	}
	// What each patient's due questionnaire depends on, read for the whole
	// clinic at once: their course's sessions, when they last answered,
	// and their links.
	sessions, err := r.CourseSessionTimes(ctx, a.ClinicID)
	if err != nil {
		return 0, clinic.Wrap(err, "Could not read sessions.")
	}
	taken, err := r.LastTaken(ctx, a.ClinicID)
	if err != nil {
		return 0, clinic.Wrap(err, "Could not read assessments.")
	}
	links, err := r.ClinicLinks(ctx, a.ClinicID)
	if err != nil {
		return 0, clinic.Wrap(err, "Could not read the clinic's links.")
	}
	made := 0
	for _, pid := range order {
		c := current[pid]
		in := scales.ScheduleInput{Course: c, Now: now, Upcoming: booked[pid], Cadence: cadence}
		if c.ID != 0 { // a course not started yet has no sessions
			in.Sessions = sessions[c.ID]
		}
		in.LastTaken = taken[pid][scales.PrimaryFor(c.Condition)]
		due, ok := scales.Due(in)
		if !ok {
			continue
		}
		// Usually the link is there already (made a minute ago, or still
		// open): that was read without taking the writer, which the
		// clinic's pages need; the transaction checks again before it writes.
		if linked(links[pid], due, now) {
			continue
		}
		err = s.store.WithTx(ctx, func(tx Tx) error {
			ls, err := tx.PatientLinks(ctx, a.ClinicID, pid)
			if err != nil {
				return err
			}
			if linked(ls, due, now) {
				return nil
			}
			p, err := tx.Patient(ctx, a.ClinicID, pid)
			if err != nil {
				return err
			}
			l := record.QuestionnaireLink{ClinicID: a.ClinicID, PatientID: pid, CourseID: c.ID, Instrument: due.Instrument,
				Reason: due.Reason, ScheduleKey: due.Key, CreatedBy: a.UserID, CreatedAt: now, ExpiresAt: due.ExpiresAt}
			if _, err := s.issueLink(ctx, tx, s.Entry(a, "link.schedule", pid), l, p); err != nil {
				return err
			}
			made++
			return nil
		})
		if err != nil {
			return made, clinic.Wrap(err, "Could not schedule a questionnaire.")
		}
	}
	return made, nil
}

// linked reports whether the patient's links already answer due: one
// link per slot, and none while another for the same questionnaire is open.
func linked(ls []record.QuestionnaireLink, due scales.DueQuestionnaire, now time.Time) bool {
	for _, l := range ls {
		if l.ScheduleKey == due.Key || (l.Instrument == due.Instrument && l.Open(now)) {
			return true
		}
	}
	return false
}
