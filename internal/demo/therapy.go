package demo

import (
	"fmt"
	"slices"
	"time"

	"onset/internal/record"
	"onset/internal/service/notes"
)

// Psychotherapy around the dose: about half the patients see the demo's
// therapist, who has them on her caseload and, the day after each
// treatment session, writes and signs an integration note.

// integrationThemes vary the demo's notes; none is about a real person.
var integrationThemes = []string{"grief and letting go", "reconnecting with family", "self-compassion",
	"work and rest", "fear of relapse", "what the imagery meant"}

func (s *sim) integration(patientID int64, dosed time.Time) {
	if s.dosed == nil {
		s.dosed = map[int64]time.Time{}
	}
	s.dosed[patientID] = dosed // the latest dose (careteam.go)
	if len(s.therapists) == 0 {
		return
	}
	th := &s.therapists[0]
	// Half the patients (even IDs), and the first one treated whatever its
	// ID, so that a small demo's therapist has a caseload too.
	if patientID%2 != 0 && len(th.Caseload) > 0 && !slices.Contains(th.Caseload, patientID) {
		return
	}
	s.at(dosed.Add(26*time.Hour), func() error {
		if !slices.Contains(th.Caseload, patientID) {
			if err := s.svc.AssignTherapist(s.ctx, s.admin, patientID, th.UserID); err != nil {
				return s.refused(fmt.Sprintf("caseload of patient %d", patientID), err)
			}
			th.Caseload = append(th.Caseload, patientID)
		}
		theme := integrationThemes[s.rng.IntN(len(integrationThemes))]
		n, err := s.svc.CreateNote(s.ctx, *th, patientID, notes.Input{Kind: record.NoteTherapy, Session: "integration",
			Intentions: "To make sense of yesterday's session", Themes: theme,
			Observations: "Engaged and reflective; mood brighter than at preparation",
			Plan:         "Journal daily; next integration session after the next treatment"})
		if err != nil {
			return s.refused(fmt.Sprintf("integration note for patient %d", patientID), err)
		}
		if s.notesWritten++; s.notesWritten > 1 && s.rng.IntN(5) == 0 {
			return nil // left as a draft: on the therapist's worklist
		}
		_, err = s.svc.SignNote(s.ctx, *th, n.ID)
		return s.refused(fmt.Sprintf("signing the note for patient %d", patientID), err)
	})
}
