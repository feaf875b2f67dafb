package notes

import (
	"context"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/store/dbconn"
)

// NoteTemplates lists the clinic's saved note templates by kind and name
// (none: the clinic still has the defaults).
func (q *Queries) NoteTemplates(ctx context.Context, clinicID int64) ([]record.NoteTemplate, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, clinic_id, kind, name, body, COALESCE(updated_by, 0), updated_at
		FROM note_templates WHERE clinic_id = $1 ORDER BY kind, name, id`, clinicID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.NoteTemplate
	for rows.Next() {
		var t record.NoteTemplate
		var at dbconn.Time
		if err := rows.Scan(&t.ID, &t.ClinicID, &t.Kind, &t.Name, &t.Body, &t.UpdatedBy, &at); err != nil {
			return nil, err
		}
		t.UpdatedAt = at.Time
		out = append(out, t)
	}
	return out, rows.Err()
}

// SaveNoteTemplate inserts a template (ID 0) or changes one of the
// clinic's; a name the clinic already uses is a conflict.
func (q *Queries) SaveNoteTemplate(ctx context.Context, t record.NoteTemplate) (int64, error) {
	if t.ID == 0 {
		var id int64
		err := q.QueryRowContext(ctx, `INSERT INTO note_templates (clinic_id, kind, name, body, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			t.ClinicID, t.Kind, t.Name, t.Body, dbconn.NullInt(t.UpdatedBy), q.T(t.UpdatedAt)).Scan(&id)
		if dbconn.IsUniqueViolation(err) {
			return 0, clinic.Errorf(clinic.Conflict, "The clinic already has a template called %q.", t.Name)
		}
		return id, err
	}
	err := q.Exec1(ctx, "note template", `UPDATE note_templates SET kind = $1, name = $2, body = $3, updated_by = $4, updated_at = $5
		WHERE id = $6 AND clinic_id = $7`, t.Kind, t.Name, t.Body, dbconn.NullInt(t.UpdatedBy), q.T(t.UpdatedAt), t.ID, t.ClinicID)
	if dbconn.IsUniqueViolation(err) {
		return 0, clinic.Errorf(clinic.Conflict, "The clinic already has a template called %q.", t.Name)
	}
	return t.ID, err
}

// DeleteNoteTemplate removes one of the clinic's templates (the notes
// written from it keep their text).
func (q *Queries) DeleteNoteTemplate(ctx context.Context, clinicID, id int64) error {
	return q.Exec1(ctx, "note template", `DELETE FROM note_templates WHERE id = $1 AND clinic_id = $2`, id, clinicID)
}
