package demo

import (
	"fmt"
	"slices"
	"time"

	"onset/internal/record"
	"onset/internal/scales"
	"onset/internal/service/measurement"
)

// Questionnaires of the last backfill before the go-live were answered
// on paper; at the go-live the nurses entered them on the tablet with the
// time they were taken, so the product scores them and checks them for
// safety alerts as it does every answer. From the go-live on they are
// answered as the product takes them: on the tablet, recorded by a nurse (baselines, the
// questionnaire before a session, clinician-rated scales, and every fourth
// follow-up, answered at a visit), or by the patient through a
// questionnaire link a nurse sends half an hour before. Safety alerts the
// answers raise are acknowledged by the patient's prescriber three hours
// later, except the newest few, which the demo shows open.

// backfill is how far before the go-live paper questionnaires were entered.
const backfill = 42 * day

// openAlerts is how many of the newest safety alerts stay open.
const openAlerts = 4

// linkLead is how long before answering a link is sent.
const linkLead = 30 * time.Minute

// alerts are the safety alerts to leave open, by assessment index.
type alerts struct{ keepOpen map[int]bool }

// planQuestionnaires puts every generated questionnaire from the go-live
// to today on the agenda.
func (s *sim) planQuestionnaires() {
	visits := map[int][]time.Time{} // patient index → generated session times
	for _, a := range s.c.Administrations {
		visits[a.PatientIndex] = append(visits[a.PatientIndex], a.GivenAt)
	}
	followUps := map[int]int{}
	var raising []int
	s.alerts.keepOpen = map[int]bool{}
	for i, a := range s.c.Assessments {
		if a.TakenAt.Before(s.start.Add(-backfill)) || a.TakenAt.After(s.end) {
			continue
		}
		// The product raises a safety alert for PHQ-9 item 9 above 0.
		if a.Instrument == scales.PHQ9 && len(a.Answers) == 9 && a.Answers[8] > 0 {
			raising = append(raising, i)
		}
		p := s.patients[a.PatientIndex]
		if paper := a.TakenAt.Before(s.start); paper || s.atClinic(a, visits[a.PatientIndex], followUps) {
			at, taken := a.TakenAt, time.Time{}
			if paper {
				at, taken = s.start.Add(2*time.Hour), a.TakenAt
			}
			s.at(at, func() error {
				rec, err := s.svc.RecordAssessment(s.ctx, s.nurse(p), measurement.NewAssessment{PatientID: p.id,
					Instrument: a.Instrument, Answers: a.Answers, TakenAt: taken, Source: measurement.SourceStaff})
				if err != nil {
					return s.refused(fmt.Sprintf("questionnaire of patient %d", p.id), err)
				}
				s.followUp(p, i, rec.Alerts)
				return nil
			})
			continue
		}
		var token string
		s.at(a.TakenAt.Add(-linkLead), func() error {
			l, err := s.svc.CreateLink(s.ctx, s.nurse(p), measurement.NewLink{PatientID: p.id, Instrument: a.Instrument,
				Reason: "follow-up questionnaire"})
			token = l.Token
			return s.refused(fmt.Sprintf("link for patient %d", p.id), err)
		})
		s.at(a.TakenAt, func() error {
			if token == "" {
				return nil
			}
			rec, err := s.svc.SubmitLink(s.ctx, token, a.Answers, phone(p), "")
			if err != nil {
				return s.refused(fmt.Sprintf("answers of patient %d", p.id), err)
			}
			s.followUp(p, i, rec.Alerts)
			return nil
		})
	}
	for _, i := range raising[max(0, len(raising)-openAlerts):] {
		s.alerts.keepOpen[i] = true
	}
}

// atClinic reports whether assessment a is answered at the clinic: a
// clinician-rated scale, a course's baseline, the questionnaire in the
// 90 minutes before a session, or every fourth follow-up of a course.
func (s *sim) atClinic(a Assessment, sessions []time.Time, followUps map[int]int) bool {
	if in, _ := scales.Lookup(a.Instrument); in.Respondent == scales.Clinician {
		return true
	}
	if !a.TakenAt.After(s.c.Courses[a.CourseIndex].StartedAt) {
		return true
	}
	if slices.ContainsFunc(sessions, func(t time.Time) bool { return t.After(a.TakenAt) && t.Sub(a.TakenAt) <= 90*time.Minute }) {
		return true
	}
	followUps[a.CourseIndex]++
	return followUps[a.CourseIndex]%4 == 0
}

// followUp has the prescriber acknowledge the safety alerts an answer
// raised, after phoning the patient, unless the demo keeps it open.
func (s *sim) followUp(p *patient, i int, raised []record.SafetyAlert) {
	if s.alerts.keepOpen[i] {
		return
	}
	for _, al := range raised {
		s.at(s.clock.Now().Add(3*time.Hour), func() error {
			_, err := s.svc.AcknowledgeAlert(s.ctx, p.prescriber, al.ID,
				"Phoned the patient the same day: no plan or intent; safety plan reviewed; next session kept.")
			return s.refused(fmt.Sprintf("acknowledging patient %d's alert", p.id), err)
		})
	}
}

// phone is the address a patient answers a link from: their phone, in
// the documentation range (RFC 5737).
func phone(p *patient) string { return fmt.Sprintf("198.51.100.%d", 1+p.index%250) }

// pendingLinks is a nurse sending this week's check-in to the first few
// patients under care; they have not answered yet.
func (s *sim) pendingLinks() error {
	started := map[int]bool{}
	for _, c := range s.c.Courses {
		started[c.PatientIndex] = true
	}
	sent := 0
	for _, p := range s.patients {
		if sent == unansweredLinks {
			break
		}
		if p.Email == "" || !started[p.index] {
			continue
		}
		_, err := s.svc.CreateLink(s.ctx, s.nurse(p), measurement.NewLink{PatientID: p.id,
			Instrument: scales.PrimaryFor(p.Conditions[0]), Reason: "weekly check-in"})
		if err := s.refused(fmt.Sprintf("link for patient %d", p.id), err); err != nil {
			return err
		}
		sent++
	}
	return nil
}

// unansweredLinks is how many links wait for an answer at the end.
const unansweredLinks = 6
