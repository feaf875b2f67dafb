package patients

import (
	"context"
	"encoding/json"
	"strings"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/store/dbconn"
)

// CreatePatientVersion keeps one edit of a patient's details.
func (q *Queries) CreatePatientVersion(ctx context.Context, v record.PatientVersion) error {
	body, err := json.Marshal(v.Patient)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO patient_versions (clinic_id, patient_id, fields, body, changed_by, changed_by_name,
		changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, v.ClinicID, v.PatientID, strings.Join(v.Fields, ","), string(body),
		dbconn.NullInt(v.ChangedBy), v.ChangedByName, q.T(v.ChangedAt))
	return err
}

// PatientVersions lists a patient's edits, newest first.
func (q *Queries) PatientVersions(ctx context.Context, clinicID, patientID int64) ([]record.PatientVersion, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, fields, body, COALESCE(changed_by, 0), changed_by_name, changed_at
		FROM patient_versions WHERE clinic_id = $1 AND patient_id = $2 ORDER BY id DESC`, clinicID, patientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.PatientVersion
	for rows.Next() {
		v := record.PatientVersion{ClinicID: clinicID, PatientID: patientID}
		var fields, body string
		var at dbconn.Time
		if err := rows.Scan(&v.ID, &fields, &body, &v.ChangedBy, &v.ChangedByName, &at); err != nil {
			return nil, err
		}
		v.Fields, v.ChangedAt = strings.Split(fields, ","), at.Time
		var p clinic.Patient
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			return nil, err
		}
		v.Patient = p
		out = append(out, v)
	}
	return out, rows.Err()
}
