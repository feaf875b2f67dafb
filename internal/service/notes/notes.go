package notes

import (
	"context"
	"slices"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Input is a note as its author writes it.
type Input struct {
	Kind, Session                                string
	Intentions, Themes, Observations, Plan, Body string
}

// What a note's parts may be (clinic.Text: printable UTF-8, bounded).
var (
	partText = clinic.Text{Name: "the note", Max: 4000, Lines: true}
	bodyText = clinic.Text{Name: "the note", Max: 20000, Lines: true}
)

// kindsFor says which notes a role writes: therapists therapy notes,
// nurses progress notes, clinicians (prescribers) all three.
func kindsFor(r clinic.Role) []string {
	switch r {
	case clinic.RoleTherapist:
		return []string{record.NoteTherapy}
	case clinic.RoleNurse:
		return []string{record.NoteProgress}
	case clinic.RoleClinician:
		return []string{record.NoteConsultation, record.NoteProgress, record.NoteTherapy}
	}
	return nil
}

// KindsFor is kindsFor for the pages.
func KindsFor(r clinic.Role) []string { return kindsFor(r) }

func (in Input) clean(a service.Actor) (record.ClinicalNote, error) {
	n := record.ClinicalNote{Kind: in.Kind, Session: in.Session}
	if !slices.Contains([]string{record.NoteTherapy, record.NoteProgress, record.NoteConsultation}, in.Kind) {
		return n, clinic.Errorf(clinic.Invalid, "Choose the kind of note: therapy, progress or consultation.")
	}
	if !slices.Contains(kindsFor(a.Role), in.Kind) {
		return n, clinic.Errorf(clinic.Forbidden, "You do not write %s notes.", in.Kind)
	}
	if in.Kind == record.NoteTherapy {
		if !slices.Contains(record.TherapySessions, in.Session) {
			return n, clinic.Errorf(clinic.Invalid, "Choose the therapy session: preparation, support or integration.")
		}
	} else {
		n.Session = ""
	}
	var err error
	for _, f := range []struct {
		to   *string
		from string
		t    clinic.Text
	}{{&n.Intentions, in.Intentions, partText}, {&n.Themes, in.Themes, partText}, {&n.Observations, in.Observations, partText},
		{&n.Plan, in.Plan, partText}, {&n.Body, in.Body, bodyText}} {
		if *f.to, err = f.t.Clean(f.from); err != nil {
			return n, err
		}
	}
	if n.Intentions+n.Themes+n.Observations+n.Plan+n.Body == "" {
		return n, clinic.Errorf(clinic.Invalid, "The note is empty.")
	}
	return n, nil
}

// CreateNote saves a new draft of the actor's for the patient.
func (s *Service) CreateNote(ctx context.Context, a service.Actor, patientID int64, in Input) (record.ClinicalNote, error) {
	if err := service.AuthorizePatient(a, service.ActNoteWrite, patientID); err != nil {
		return record.ClinicalNote{}, err
	}
	n, err := in.clean(a)
	if err != nil {
		return n, err
	}
	now := s.Now()
	n.ClinicID, n.PatientID, n.AuthorID, n.AuthorName, n.AuthorRole = a.ClinicID, patientID, a.UserID, service.ActorName(a), a.Role
	n.CreatedAt, n.UpdatedAt = now, now
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if _, err := tx.Patient(ctx, a.ClinicID, patientID); err != nil {
			return err
		}
		if n.ID, err = tx.CreateNote(ctx, n); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.noteEntry(a, "note.create", n))
	})
	return n, clinic.Wrap(err, "Could not save the note.")
}

// UpdateNote saves its author's edit of a draft; a signed note is locked.
func (s *Service) UpdateNote(ctx context.Context, a service.Actor, noteID int64, in Input) (record.ClinicalNote, error) {
	return s.draft(ctx, a, noteID, "note.update", func(tx Tx, n record.ClinicalNote) (record.ClinicalNote, error) {
		in.Kind = n.Kind
		edit, err := in.clean(a)
		if err != nil {
			return n, err
		}
		edit.ID, edit.ClinicID, edit.PatientID, edit.UpdatedAt = n.ID, n.ClinicID, n.PatientID, s.Now()
		ok, err := tx.UpdateNoteDraft(ctx, edit)
		if err == nil && !ok {
			err = errLocked
		}
		n.Session, n.Intentions, n.Themes, n.Observations, n.Plan, n.Body = edit.Session, edit.Intentions, edit.Themes,
			edit.Observations, edit.Plan, edit.Body
		return n, err
	})
}

// SignNote is its author's signature: the note is locked from then on. A
// signed therapy note counts as a psychotherapy session of the patient's
// course (record.TherapyByCourse): the course has therapy alongside, and
// its session count and first session are the outcome analytics' therapy
// factor, from the record rather than a tick box.
func (s *Service) SignNote(ctx context.Context, a service.Actor, noteID int64) (record.ClinicalNote, error) {
	return s.draft(ctx, a, noteID, "note.sign", func(tx Tx, n record.ClinicalNote) (record.ClinicalNote, error) {
		ok, err := tx.SignNote(ctx, a.ClinicID, noteID, s.Now())
		if err == nil && !ok {
			err = errLocked
		}
		if err == nil && n.Kind == record.NoteTherapy {
			err = countTherapy(ctx, tx, a.ClinicID, n.PatientID)
		}
		n.SignedAt = s.Now()
		return n, err
	})
}

var errLocked = clinic.Errorf(clinic.Conflict, "This note is signed and locked: add an addendum instead.")

// draft runs change on a draft of the actor's own, audited as action.
func (s *Service) draft(ctx context.Context, a service.Actor, noteID int64, action string,
	change func(Tx, record.ClinicalNote) (record.ClinicalNote, error)) (record.ClinicalNote, error) {
	if err := service.Authorize(a, service.ActNoteWrite); err != nil {
		return record.ClinicalNote{}, err
	}
	var out record.ClinicalNote
	err := s.store.WithTx(ctx, func(tx Tx) error {
		n, err := tx.Note(ctx, a.ClinicID, noteID)
		if err != nil {
			return err
		}
		if err := service.AuthorizePatient(a, service.ActNoteWrite, n.PatientID); err != nil {
			return clinic.Errorf(clinic.NotFound, "There is no such note.")
		}
		switch {
		case n.Signed():
			return errLocked
		case n.AuthorID != a.UserID:
			return clinic.Errorf(clinic.Forbidden, "Only %s, who wrote this draft, can change or sign it.", n.AuthorName)
		}
		if out, err = change(tx, n); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.noteEntry(a, action, out))
	})
	return out, clinic.Wrap(err, "Could not save the note.")
}

// AddNoteAddendum adds to a signed note (any note writer who may see the
// patient); a draft is edited instead.
func (s *Service) AddNoteAddendum(ctx context.Context, a service.Actor, noteID int64, text string) (record.NoteAddendum, error) {
	if err := service.Authorize(a, service.ActNoteWrite); err != nil {
		return record.NoteAddendum{}, err
	}
	body, err := partText.Clean(text)
	if err != nil {
		return record.NoteAddendum{}, err
	}
	if body == "" {
		return record.NoteAddendum{}, clinic.Errorf(clinic.Invalid, "The addendum is empty.")
	}
	ad := record.NoteAddendum{NoteID: noteID, Body: body, AuthorID: a.UserID, AuthorName: service.ActorName(a), CreatedAt: s.Now()}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		n, err := tx.Note(ctx, a.ClinicID, noteID)
		if err != nil {
			return err
		}
		if err := service.AuthorizePatient(a, service.ActNoteWrite, n.PatientID); err != nil {
			return clinic.Errorf(clinic.NotFound, "There is no such note.")
		}
		if !n.Signed() {
			return clinic.Errorf(clinic.Conflict, "The note is a draft: edit it rather than adding to it.")
		}
		if ad.ID, err = tx.CreateNoteAddendum(ctx, a.ClinicID, ad); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.noteEntry(a, "note.addendum", n))
	})
	return ad, clinic.Wrap(err, "Could not add the addendum.")
}

// Note reads one note with its addenda (audited).
func (s *Service) Note(ctx context.Context, a service.Actor, noteID int64) (record.ClinicalNote, error) {
	if err := service.Authorize(a, service.ActNoteRead); err != nil {
		return record.ClinicalNote{}, err
	}
	n, err := s.store.Read().Note(ctx, a.ClinicID, noteID)
	if err != nil {
		return n, err
	}
	if err := service.AuthorizePatient(a, service.ActNoteRead, n.PatientID); err != nil {
		return record.ClinicalNote{}, clinic.Errorf(clinic.NotFound, "There is no such note.")
	}
	return n, s.AuditRead(ctx, s.noteEntry(a, string(service.ActNoteRead), n))
}

// PatientNotes lists a patient's notes, newest first (audited).
func (s *Service) PatientNotes(ctx context.Context, a service.Actor, patientID int64) ([]record.ClinicalNote, error) {
	if err := service.AuthorizePatient(a, service.ActNoteRead, patientID); err != nil {
		return nil, err
	}
	ns, err := s.store.Read().PatientNotes(ctx, a.ClinicID, patientID)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not read the notes.")
	}
	e := s.Entry(a, service.ActNoteRead, patientID)
	e.RecordType = "clinical_notes"
	return ns, s.AuditRead(ctx, e)
}

func (s *Service) noteEntry(a service.Actor, action string, n record.ClinicalNote) clinic.AuditEntry {
	e := s.Entry(a, service.Action(action), n.PatientID)
	e.RecordType, e.RecordID = "clinical_note", n.ID
	return e
}

// countTherapy recounts the therapy sessions of each of the patient's
// courses from their signed therapy notes.
func countTherapy(ctx context.Context, tx Tx, clinicID, patientID int64) error {
	courses, err := tx.Courses(ctx, clinicID, patientID)
	if err != nil {
		return err
	}
	times, err := tx.SignedTherapyNoteTimes(ctx, clinicID, patientID)
	if err != nil {
		return err
	}
	for _, ct := range record.TherapyByCourse(courses, times) {
		if err := tx.SetCourseTherapy(ctx, clinicID, ct); err != nil {
			return err
		}
	}
	return nil
}
