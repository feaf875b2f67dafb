package treatment

import (
	"context"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/store/dbconn"
)

// Session sign-off and lock, addenda and Spravato REMS enrolment (issue 5,
// items 6 and 8; migration 0007). The migration's triggers refuse any
// change to a signed session or its rows; lockedErr turns that refusal
// into a conflict staff can read.

const lockedTrigger = "treatment session is signed and locked"

// lockedErr maps the lock trigger's error (either engine) to a conflict.
func lockedErr(err error) error {
	if err != nil && strings.Contains(err.Error(), lockedTrigger) {
		return clinic.Errorf(clinic.Conflict, "This session is signed and locked: nothing in it can change. Add an addendum instead.")
	}
	return err
}

// LockTreatmentSession re-reads a session inside a write transaction and,
// on PostgreSQL, holds its row lock until commit, so that a sign-off and a
// write to the same session cannot interleave. SQLite's single writer
// already makes write transactions serial.
func (q *Queries) LockTreatmentSession(ctx context.Context, clinicID, id int64) (record.TreatmentSession, error) {
	query := `SELECT ` + TreatmentSessionColumns + ` FROM treatment_sessions WHERE id = $1 AND clinic_id = $2`
	if q.Engine == dbconn.Postgres {
		query += ` FOR UPDATE`
	}
	s, err := ScanTreatmentSession(q.QueryRowContext(ctx, query, id, clinicID))
	return s, dbconn.NotFound(err, "treatment session")
}

// SignTreatmentSession signs a discharged session that is not yet signed.
func (q *Queries) SignTreatmentSession(ctx context.Context, clinicID, id, userID int64, name string, at time.Time) error {
	res, err := q.ExecContext(ctx,
		`UPDATE treatment_sessions SET signed_by = $1, signed_by_name = $2, signed_at = $3
		 WHERE id = $4 AND clinic_id = $5 AND status = 'discharged' AND signed_at IS NULL`,
		dbconn.NullInt(userID), name, q.T(at), id, clinicID)
	return changed1(res, err, "This session is already signed, or it is not discharged.")
}

// CreateAddendum appends a signed note to a session.
func (q *Queries) CreateAddendum(ctx context.Context, a record.Addendum) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO session_addenda (clinic_id, session_id, body, author_id, author_name, author_role, created_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		a.ClinicID, a.SessionID, a.Body, dbconn.NullInt(a.AuthorID), a.AuthorName, string(a.AuthorRole), q.T(a.CreatedAt)).Scan(&id)
	return id, err
}

// SessionAddenda lists a session's addenda, oldest first.
func (q *Queries) SessionAddenda(ctx context.Context, clinicID, sessionID int64) ([]record.Addendum, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+AddendumColumns+` FROM session_addenda
		WHERE clinic_id = $1 AND session_id = $2 ORDER BY id`, clinicID, sessionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.Addendum
	for rows.Next() {
		a, err := ScanAddendum(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

const AddendumColumns = `id, clinic_id, session_id, body, COALESCE(author_id, 0), author_name, author_role, created_at`

func ScanAddendum(row interface{ Scan(...any) error }) (record.Addendum, error) {
	var a record.Addendum
	var at dbconn.Time
	err := row.Scan(&a.ID, &a.ClinicID, &a.SessionID, &a.Body, &a.AuthorID, &a.AuthorName, &a.AuthorRole, &at)
	a.CreatedAt = at.Time
	return a, err
}

// CreateREMSEnrolment appends a REMS enrolment record for a patient.
func (q *Queries) CreateREMSEnrolment(ctx context.Context, e record.REMSEnrolment) (int64, error) {
	var on any
	if !e.EnrolledOn.IsZero() {
		on = q.T(e.EnrolledOn)
	}
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO rems_enrolments (clinic_id, patient_id, enrolled, enrolled_on, rems_patient_id, recorded_by,
		 recorded_by_name, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		e.ClinicID, e.PatientID, e.Enrolled, on, e.REMSPatientID, dbconn.NullInt(e.RecordedBy), e.RecordedByName,
		q.T(e.RecordedAt)).Scan(&id)
	return id, err
}

// REMSEnrolments lists a patient's REMS enrolment records, newest first:
// the first is the patient's current status.
func (q *Queries) REMSEnrolments(ctx context.Context, clinicID, patientID int64) ([]record.REMSEnrolment, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT id, clinic_id, patient_id, enrolled, enrolled_on, rems_patient_id, COALESCE(recorded_by, 0),
		 recorded_by_name, recorded_at FROM rems_enrolments WHERE clinic_id = $1 AND patient_id = $2 ORDER BY id DESC`,
		clinicID, patientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.REMSEnrolment
	for rows.Next() {
		var e record.REMSEnrolment
		var on, at dbconn.Time
		if err := rows.Scan(&e.ID, &e.ClinicID, &e.PatientID, &e.Enrolled, &on, &e.REMSPatientID, &e.RecordedBy,
			&e.RecordedByName, &at); err != nil {
			return nil, err
		}
		e.EnrolledOn, e.RecordedAt = on.Time, at.Time
		out = append(out, e)
	}
	return out, rows.Err()
}
