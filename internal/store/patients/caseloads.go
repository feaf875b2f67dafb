package patients

import (
	"context"
	"time"

	"onset/internal/record"
	"onset/internal/store/dbconn"
)

// AssignCaseload puts a patient on a therapist's caseload; false when
// they are on it already.
func (q *Queries) AssignCaseload(ctx context.Context, c record.CaseloadEntry) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM caseloads WHERE clinic_id = $1 AND therapist_id = $2 AND patient_id = $3
		AND ended_at IS NULL`, c.ClinicID, c.TherapistID, c.PatientID).Scan(&n); err != nil || n > 0 {
		return false, err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO caseloads (clinic_id, therapist_id, patient_id, assigned_by, assigned_at)
		VALUES ($1, $2, $3, $4, $5)`, c.ClinicID, c.TherapistID, c.PatientID, dbconn.NullInt(c.AssignedBy), q.T(c.AssignedAt))
	return err == nil, err
}

// EndCaseload takes a patient off a therapist's caseload; false when they
// were not on it.
func (q *Queries) EndCaseload(ctx context.Context, clinicID, therapistID, patientID int64, at time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE caseloads SET ended_at = $1 WHERE clinic_id = $2 AND therapist_id = $3
		AND patient_id = $4 AND ended_at IS NULL`, q.T(at), clinicID, therapistID, patientID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// Caseload lists the patients on a therapist's caseload now.
func (q *Queries) Caseload(ctx context.Context, clinicID, therapistID int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT patient_id FROM caseloads WHERE clinic_id = $1 AND therapist_id = $2
		AND ended_at IS NULL ORDER BY patient_id`, clinicID, therapistID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// PatientTherapists lists the therapists a patient is with now.
func (q *Queries) PatientTherapists(ctx context.Context, clinicID, patientID int64) ([]record.CaseloadEntry, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.therapist_id, u.name, c.assigned_at FROM caseloads c JOIN users u ON u.id = c.therapist_id
		WHERE c.clinic_id = $1 AND c.patient_id = $2 AND c.ended_at IS NULL ORDER BY u.name`, clinicID, patientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.CaseloadEntry
	for rows.Next() {
		c := record.CaseloadEntry{ClinicID: clinicID, PatientID: patientID}
		var at dbconn.Time
		if err := rows.Scan(&c.TherapistID, &c.TherapistName, &at); err != nil {
			return nil, err
		}
		c.AssignedAt = at.Time
		out = append(out, c)
	}
	return out, rows.Err()
}
