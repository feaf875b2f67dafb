package outreach

import (
	"context"

	"onset/internal/record"
	"onset/internal/store/dbconn"
)

// CreateContactPreference records a patient's choice of how to be reached.
func (q *Queries) CreateContactPreference(ctx context.Context, c record.ContactPreference) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO contact_preferences (clinic_id, patient_id, preference, source, recorded_by,
		recorded_by_name, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		c.ClinicID, c.PatientID, c.Preference, c.Source, dbconn.NullInt(c.RecordedBy), c.RecordedByName, q.T(c.RecordedAt)).Scan(&id)
	return id, err
}

// ContactPreferences lists a patient's recorded choices, newest first.
func (q *Queries) ContactPreferences(ctx context.Context, clinicID, patientID int64) ([]record.ContactPreference, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, clinic_id, patient_id, preference, source, COALESCE(recorded_by, 0),
		recorded_by_name, recorded_at FROM contact_preferences WHERE clinic_id = $1 AND patient_id = $2 ORDER BY id DESC`,
		clinicID, patientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.ContactPreference
	for rows.Next() {
		var c record.ContactPreference
		var at dbconn.Time
		if err := rows.Scan(&c.ID, &c.ClinicID, &c.PatientID, &c.Preference, &c.Source, &c.RecordedBy, &c.RecordedByName, &at); err != nil {
			return nil, err
		}
		c.RecordedAt = at.Time
		out = append(out, c)
	}
	return out, rows.Err()
}

// PatientOutboxMessages lists a patient's messages, newest first, at most limit.
func (q *Queries) PatientOutboxMessages(ctx context.Context, clinicID, patientID int64, limit int) ([]record.OutboxMessage, error) {
	return q.outbox(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE clinic_id = $1 AND patient_id = $2
		ORDER BY created_at DESC, id DESC LIMIT $3`, clinicID, patientID, limit)
}
