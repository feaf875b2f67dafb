package record

import (
	"time"

	"onset/internal/clinic"
)

// Kinds of clinical note.
const (
	NoteTherapy      = "therapy"      // a psychotherapy session: preparation, support or integration
	NoteProgress     = "progress"     // a visit's progress note
	NoteConsultation = "consultation" // the psychiatric evaluation
)

// Psychotherapy around the dose: the sessions a therapy note is of.
var TherapySessions = []string{"preparation", "support", "integration"}

// ClinicalNote is a note in a patient's record: written as a draft by its
// author, then signed, which locks it; after that only addenda add to it.
type ClinicalNote struct {
	ID, ClinicID, PatientID int64
	Kind                    string
	Session                 string // for therapy notes: preparation, support or integration
	// The structured parts of a therapy note, and the plain note.
	Intentions, Themes, Observations, Plan, Body string
	AuthorID                                     int64
	AuthorName                                   string
	AuthorRole                                   clinic.Role
	CreatedAt, UpdatedAt, SignedAt               time.Time
	Addenda                                      []NoteAddendum
}

// Signed reports whether the note is locked.
func (n ClinicalNote) Signed() bool { return !n.SignedAt.IsZero() }

// NoteAddendum is text added to a signed note.
type NoteAddendum struct {
	ID, NoteID int64
	Body       string
	AuthorID   int64
	AuthorName string
	CreatedAt  time.Time
}
