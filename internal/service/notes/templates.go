package notes

import (
	"context"
	"slices"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Note templates: the clinic's starting text for each kind of note,
// edited by its admins and prescribers (ActNoteTemplates); a clinic that
// has saved none has record.DefaultNoteTemplates, stored with its first
// edit. The consultation note starts from the patient's intake, screening
// findings and latest scores (record.ConsultationSummary).

var (
	templateName = clinic.Text{Name: "the template's name", Max: 100}
	templateBody = clinic.Text{Name: "the template", Max: 20000, Lines: true}
)

// NoteTemplates lists the clinic's templates (the defaults, with no IDs,
// until it saves one). They hold no patient's data: not audited.
func (s *Service) NoteTemplates(ctx context.Context, a service.Actor) ([]record.NoteTemplate, error) {
	if !service.Allowed(a.Role, service.ActNoteWrite) && !service.Allowed(a.Role, service.ActNoteTemplates) {
		return nil, clinic.Errorf(clinic.Forbidden, "You do not have permission to do that.")
	}
	ts, err := s.store.Read().NoteTemplates(ctx, a.ClinicID)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not read the note templates.")
	}
	if len(ts) == 0 {
		ts = record.DefaultNoteTemplates()
	}
	return ts, nil
}

// SaveNoteTemplate saves a new template (ID 0) or an edit of one.
func (s *Service) SaveNoteTemplate(ctx context.Context, a service.Actor, t record.NoteTemplate) (record.NoteTemplate, error) {
	if err := service.Authorize(a, service.ActNoteTemplates); err != nil {
		return t, err
	}
	if !slices.Contains([]string{record.NoteTherapy, record.NoteProgress, record.NoteConsultation}, t.Kind) {
		return t, clinic.Errorf(clinic.Invalid, "Choose the kind of note: therapy, progress or consultation.")
	}
	var err error
	if t.Name, err = templateName.Clean(t.Name); err != nil {
		return t, err
	}
	if t.Body, err = templateBody.Clean(t.Body); err != nil {
		return t, err
	}
	if t.Name == "" || t.Body == "" {
		return t, clinic.Errorf(clinic.Invalid, "A template needs a name and some text.")
	}
	t.ClinicID, t.UpdatedBy, t.UpdatedAt = a.ClinicID, a.UserID, s.Now()
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if err := s.seedTemplates(ctx, tx, a, &t); err != nil {
			return err
		}
		if t.ID, err = tx.SaveNoteTemplate(ctx, t); err != nil {
			return err
		}
		e := s.Entry(a, "note_template.save", 0)
		e.RecordType, e.RecordID = "note_template", t.ID
		return tx.AppendAudit(ctx, e)
	})
	return t, clinic.Wrap(err, "Could not save the template.")
}

// DeleteNoteTemplate removes one of the clinic's templates.
func (s *Service) DeleteNoteTemplate(ctx context.Context, a service.Actor, id int64) error {
	if err := service.Authorize(a, service.ActNoteTemplates); err != nil {
		return err
	}
	return clinic.Wrap(s.store.WithTx(ctx, func(tx Tx) error {
		if err := tx.DeleteNoteTemplate(ctx, a.ClinicID, id); err != nil {
			if clinic.ErrorCode(err) == clinic.NotFound {
				return clinic.Errorf(clinic.NotFound, "There is no such template.")
			}
			return err
		}
		e := s.Entry(a, "note_template.delete", 0)
		e.RecordType, e.RecordID = "note_template", id
		return tx.AppendAudit(ctx, e)
	}), "Could not delete the template.")
}

// seedTemplates stores the defaults when the clinic has none yet, so the
// first edit keeps the others; an edit of a default (no ID) then changes
// the stored copy of the same name.
func (s *Service) seedTemplates(ctx context.Context, tx Tx, a service.Actor, t *record.NoteTemplate) error {
	have, err := tx.NoteTemplates(ctx, a.ClinicID)
	if err != nil || len(have) > 0 {
		return err
	}
	for _, d := range record.DefaultNoteTemplates() {
		d.ClinicID, d.UpdatedBy, d.UpdatedAt = a.ClinicID, a.UserID, t.UpdatedAt
		id, err := tx.SaveNoteTemplate(ctx, d)
		if err != nil {
			return err
		}
		if t.ID == 0 && d.Name == t.Name {
			t.ID = id
		}
	}
	return nil
}

// NoteDraft is a new note's starting text for the patient: the template
// (by its name, unique in the clinic; "": the clinic's first of the
// kind), and for a consultation
// the patient's intake, screening findings and latest scores above it.
// Reading the intake and scores is audited.
func (s *Service) NoteDraft(ctx context.Context, a service.Actor, patientID int64, kind, template string) (Input, error) {
	if err := service.AuthorizePatient(a, service.ActNoteWrite, patientID); err != nil {
		return Input{}, err
	}
	if !slices.Contains(kindsFor(a.Role), kind) {
		return Input{}, clinic.Errorf(clinic.Invalid, "Choose a kind of note you write: %v.", kindsFor(a.Role))
	}
	ts, err := s.NoteTemplates(ctx, a)
	if err != nil {
		return Input{}, err
	}
	in := Input{Kind: kind}
	found := template == ""
	for _, t := range ts {
		if t.Kind == kind && (template != "" && t.Name == template || template == "" && in.Body == "") {
			in.Body, found = t.Body, true
		}
	}
	if !found {
		return Input{}, clinic.Errorf(clinic.NotFound, "There is no such template for a %s note.", kind)
	}
	if kind != record.NoteConsultation {
		return in, nil
	}
	q := s.store.Read()
	if _, err := q.Patient(ctx, a.ClinicID, patientID); err != nil {
		return Input{}, err
	}
	var intake *record.Intake
	if it, err := q.LatestIntake(ctx, a.ClinicID, patientID); err == nil {
		intake = &it
	} else if clinic.ErrorCode(err) != clinic.NotFound {
		return Input{}, clinic.Wrap(err, "Could not read the intake.")
	}
	scores, err := q.Assessments(ctx, a.ClinicID, patientID)
	if err != nil {
		return Input{}, clinic.Wrap(err, "Could not read the questionnaires.")
	}
	_, loc, err := service.ClinicSettingsIn(ctx, q, a.ClinicID)
	if err != nil {
		return Input{}, clinic.Wrap(err, "Could not read the clinic's settings.")
	}
	in.Body = record.ConsultationSummary(intake, scores, loc) + "\n" + in.Body
	e := s.Entry(a, "note.prefill", patientID)
	e.RecordType = "clinical_note"
	return in, s.AuditRead(ctx, e)
}
