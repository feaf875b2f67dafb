package patients

import (
	"context"
	"database/sql"
	"errors"

	"onset/internal/record"
	"onset/internal/store/dbconn"
)

// CreatePatientTransfer records a patient's transfer (append-only).
func (q *Queries) CreatePatientTransfer(ctx context.Context, t record.PatientTransfer) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO patient_transfers
		(clinic_id, patient_id, from_clinic_id, from_patient_id, by_user, at, reason)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		t.ClinicID, t.PatientID, t.FromClinicID, t.FromPatientID, t.ByUser, q.T(t.At), t.Reason).Scan(&id)
	return id, err
}

const transferSelect = `SELECT t.id, t.clinic_id, t.patient_id, t.from_clinic_id, t.from_patient_id, t.by_user, t.at, t.reason,
	c.name, f.name FROM patient_transfers t JOIN clinics c ON c.id = t.clinic_id JOIN clinics f ON f.id = t.from_clinic_id `

func (q *Queries) transfer(ctx context.Context, where string, clinicID, patientID int64) (record.PatientTransfer, bool, error) {
	var t record.PatientTransfer
	var at dbconn.Time
	err := q.QueryRowContext(ctx, transferSelect+where+` ORDER BY t.id DESC LIMIT 1`, clinicID, patientID).Scan(
		&t.ID, &t.ClinicID, &t.PatientID, &t.FromClinicID, &t.FromPatientID, &t.ByUser, &at, &t.Reason, &t.ClinicName, &t.FromClinicName)
	if errors.Is(err, sql.ErrNoRows) {
		return t, false, nil
	}
	t.At = at.Time
	return t, err == nil, err
}

// PatientTransferOut is the transfer that moved a clinic's patient away,
// if any.
func (q *Queries) PatientTransferOut(ctx context.Context, clinicID, patientID int64) (record.PatientTransfer, bool, error) {
	return q.transfer(ctx, `WHERE t.from_clinic_id = $1 AND t.from_patient_id = $2`, clinicID, patientID)
}

// PatientTransferIn is the transfer that brought a clinic's patient in,
// if any.
func (q *Queries) PatientTransferIn(ctx context.Context, clinicID, patientID int64) (record.PatientTransfer, bool, error) {
	return q.transfer(ctx, `WHERE t.clinic_id = $1 AND t.patient_id = $2`, clinicID, patientID)
}
