package notes

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/store/dbconn"
)

// CreateNote inserts a draft note.
func (q *Queries) CreateNote(ctx context.Context, n record.ClinicalNote) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO clinical_notes (clinic_id, patient_id, kind, session, intentions, themes,
		observations, plan, body, author_id, author_name, author_role, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id`,
		n.ClinicID, n.PatientID, n.Kind, n.Session, n.Intentions, n.Themes, n.Observations, n.Plan, n.Body,
		n.AuthorID, n.AuthorName, string(n.AuthorRole), q.T(n.CreatedAt)).Scan(&id)
	return id, err
}

// UpdateNoteDraft saves a draft's text; false when the note is signed
// (or not the clinic's).
func (q *Queries) UpdateNoteDraft(ctx context.Context, n record.ClinicalNote) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE clinical_notes SET session = $1, intentions = $2, themes = $3, observations = $4,
		plan = $5, body = $6, updated_at = $7 WHERE id = $8 AND clinic_id = $9 AND signed_at IS NULL`,
		n.Session, n.Intentions, n.Themes, n.Observations, n.Plan, n.Body, q.T(n.UpdatedAt), n.ID, n.ClinicID)
	if err != nil {
		return false, err
	}
	c, err := res.RowsAffected()
	return c == 1, err
}

// SignNote locks a draft; false when it was already signed.
func (q *Queries) SignNote(ctx context.Context, clinicID, id int64, at time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE clinical_notes SET signed_at = $1, updated_at = $1 WHERE id = $2 AND clinic_id = $3
		AND signed_at IS NULL`, q.T(at), id, clinicID)
	if err != nil {
		return false, err
	}
	c, err := res.RowsAffected()
	return c == 1, err
}

// CreateNoteAddendum adds text to a signed note.
func (q *Queries) CreateNoteAddendum(ctx context.Context, clinicID int64, a record.NoteAddendum) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO note_addenda (clinic_id, note_id, body, author_id, author_name, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, clinicID, a.NoteID, a.Body, a.AuthorID, a.AuthorName, q.T(a.CreatedAt)).Scan(&id)
	return id, err
}

const NoteColumns = `id, clinic_id, patient_id, kind, session, intentions, themes, observations, plan, body, author_id,
	author_name, author_role, created_at, updated_at, signed_at`

// Note returns one note of the clinic with its addenda.
func (q *Queries) Note(ctx context.Context, clinicID, id int64) (record.ClinicalNote, error) {
	ns, err := q.notes(ctx, `clinic_id = $1 AND id = $2`, clinicID, id)
	if err != nil {
		return record.ClinicalNote{}, err
	}
	if len(ns) == 0 {
		return record.ClinicalNote{}, clinic.Errorf(clinic.NotFound, "There is no such note.")
	}
	n := ns[0]
	rows, err := q.QueryContext(ctx, `SELECT id, body, author_id, author_name, created_at FROM note_addenda
		WHERE clinic_id = $1 AND note_id = $2 ORDER BY id`, clinicID, id)
	if err != nil {
		return n, err
	}
	defer rows.Close()
	for rows.Next() {
		a := record.NoteAddendum{NoteID: id}
		var at dbconn.Time
		if err := rows.Scan(&a.ID, &a.Body, &a.AuthorID, &a.AuthorName, &at); err != nil {
			return n, err
		}
		a.CreatedAt = at.Time
		n.Addenda = append(n.Addenda, a)
	}
	return n, rows.Err()
}

// PatientNotes lists a patient's notes, newest first, without addenda.
func (q *Queries) PatientNotes(ctx context.Context, clinicID, patientID int64) ([]record.ClinicalNote, error) {
	return q.notes(ctx, `clinic_id = $1 AND patient_id = $2 ORDER BY id DESC`, clinicID, patientID)
}

func (q *Queries) notes(ctx context.Context, where string, args ...any) ([]record.ClinicalNote, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+NoteColumns+` FROM clinical_notes WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.ClinicalNote
	for rows.Next() {
		n, err := ScanNote(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// ScanNote reads a row of NoteColumns (without the note's addenda).
func ScanNote(row interface{ Scan(...any) error }) (record.ClinicalNote, error) {
	var n record.ClinicalNote
	var role string
	var created, updated, signed dbconn.Time
	err := row.Scan(&n.ID, &n.ClinicID, &n.PatientID, &n.Kind, &n.Session, &n.Intentions, &n.Themes, &n.Observations,
		&n.Plan, &n.Body, &n.AuthorID, &n.AuthorName, &role, &created, &updated, &signed)
	n.AuthorRole, n.CreatedAt, n.UpdatedAt, n.SignedAt = clinic.Role(role), created.Time, updated.Time, signed.Time
	return n, err
}

// DraftNotesBy lists an author's unsigned notes, oldest first.
func (q *Queries) DraftNotesBy(ctx context.Context, clinicID, authorID int64) ([]record.ClinicalNote, error) {
	return q.notes(ctx, `clinic_id = $1 AND author_id = $2 AND signed_at IS NULL ORDER BY id`, clinicID, authorID)
}

// MarkCourseTherapy records that the patient's course current at at has
// psychotherapy alongside (a signed therapy note); false when the patient
// has no course begun by then.
func (q *Queries) MarkCourseTherapy(ctx context.Context, clinicID, patientID int64, at time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE courses SET therapy = $1 WHERE id = (SELECT id FROM courses
		WHERE clinic_id = $2 AND patient_id = $3 AND started_at <= $4 ORDER BY started_at DESC, id DESC LIMIT 1)`,
		true, clinicID, patientID, q.T(at))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SignedTherapyNoteTimes lists when the patient's signed therapy notes
// were written, oldest first: the psychotherapy sessions held.
func (q *Queries) SignedTherapyNoteTimes(ctx context.Context, clinicID, patientID int64) ([]time.Time, error) {
	rows, err := q.QueryContext(ctx, `SELECT created_at FROM clinical_notes WHERE clinic_id = $1 AND patient_id = $2
		AND kind = 'therapy' AND signed_at IS NOT NULL ORDER BY created_at`, clinicID, patientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at dbconn.Time
		if err := rows.Scan(&at); err != nil {
			return nil, err
		}
		out = append(out, at.Time)
	}
	return out, rows.Err()
}

// SetCourseTherapy records a course's psychotherapy: its session count and
// the first session's time; a course with sessions has therapy alongside.
func (q *Queries) SetCourseTherapy(ctx context.Context, clinicID int64, t record.CourseTherapy) error {
	_, err := q.ExecContext(ctx, `UPDATE courses SET therapy_sessions = $1, therapy_first_at = $2,
		therapy = (therapy OR $3) WHERE id = $4 AND clinic_id = $5`,
		t.Sessions, q.OptTime(t.FirstAt), t.Sessions > 0, t.CourseID, clinicID)
	return err
}
