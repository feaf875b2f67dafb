package service

import (
	"context"
	"slices"
	"time"

	"onset/internal/clinic"
	"onset/internal/scales"
)

// Demo measurement data: how many alerts stay open, how far back alerts
// are raised, and how many patients have a questionnaire link waiting.
const (
	demoOpenAlerts   = 4
	demoAlertWindow  = 60 * 24 * time.Hour
	demoPendingLinks = 6
)

// loadDemoMeasurement adds what measurement-based care shows to a freshly
// loaded demo clinic, inside the loading transaction: safety alerts for
// positive suicide items of the last 60 days, and at least four (the
// newest four open, the rest acknowledged by a clinician with a note),
// and questionnaire links waiting in the outbox for a few patients.
func (s *Service) loadDemoMeasurement(ctx context.Context, tx Tx, clinicID int64, patientIDs []int64, now time.Time) error {
	users, err := tx.Users(ctx, clinicID)
	if err != nil {
		return err
	}
	var clinician clinic.User
	for _, u := range users {
		if u.Role == clinic.RoleClinician {
			clinician = u
			break
		}
	}
	var raised []SafetyAlert
	for _, pid := range patientIDs {
		as, err := tx.Assessments(ctx, clinicID, pid)
		if err != nil {
			return err
		}
		for _, a := range as {
			if a.Answers == nil {
				continue
			}
			res, err := scales.Score(a.Instrument, a.Answers)
			if err != nil {
				continue // imported totals without valid items raise nothing
			}
			for _, al := range alertsFor(a.Instrument, a.Answers, res) {
				al.ClinicID, al.PatientID, al.AssessmentID, al.CreatedAt = clinicID, pid, a.ID, a.TakenAt
				raised = append(raised, al)
			}
		}
	}
	slices.SortStableFunc(raised, func(a, b SafetyAlert) int { return b.CreatedAt.Compare(a.CreatedAt) })
	// Keep the last 60 days' alerts, and at least demoOpenAlerts of them
	// however old, so a small demo clinic has some too.
	keep := 0
	for keep < len(raised) && (keep < demoOpenAlerts || now.Sub(raised[keep].CreatedAt) <= demoAlertWindow) {
		keep++
	}
	raised = raised[:keep]
	for i, al := range raised {
		id, err := tx.CreateSafetyAlert(ctx, al)
		if err != nil {
			return err
		}
		if i < demoOpenAlerts || clinician.ID == 0 {
			continue
		}
		at := al.CreatedAt.Add(3 * time.Hour)
		if at.After(now) {
			at = now
		}
		if _, err := tx.AcknowledgeSafetyAlert(ctx, clinicID, id, clinician.ID,
			"Phoned the patient the same day: no plan or intent; safety plan reviewed; next session kept.", at); err != nil {
			return err
		}
	}
	made := 0
	for _, pid := range patientIDs {
		if made == demoPendingLinks {
			break
		}
		p, err := tx.Patient(ctx, clinicID, pid)
		if err != nil {
			return err
		}
		cs, err := tx.Courses(ctx, clinicID, pid)
		if err != nil {
			return err
		}
		if p.Email == "" || len(cs) == 0 {
			continue
		}
		c := cs[len(cs)-1]
		created := now.Add(-2 * time.Hour)
		l := QuestionnaireLink{ClinicID: clinicID, PatientID: pid, CourseID: c.ID, Instrument: PrimaryInstrument(c.Condition),
			Reason: "weekly check-in", CreatedAt: created, ExpiresAt: created.Add(LinkLifetime)}
		if _, err := s.issueLink(ctx, tx, s.entry(System(clinicID), "link.schedule", pid), l, p); err != nil {
			return err
		}
		made++
	}
	return nil
}
