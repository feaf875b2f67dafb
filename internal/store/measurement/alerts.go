package measurement

import (
	"context"
	"onset/internal/record"
	"onset/internal/store/dbconn"
	"time"
)

const AlertColumns = `a.id, a.clinic_id, a.patient_id, COALESCE(a.assessment_id, 0), COALESCE(a.message_id, 0), a.kind,
	a.detail, a.created_at, a.acknowledged_at, a.acknowledged_by, a.note, p.given_name || ' ' || p.family_name,
	COALESCE(u.name, ''), COALESCE(m.thread_id, 0)`

const AlertFrom = ` FROM safety_alerts a JOIN patients p ON p.id = a.patient_id
	LEFT JOIN users u ON u.id = a.acknowledged_by LEFT JOIN messages m ON m.id = a.message_id`

func ScanAlert(row interface{ Scan(...any) error }) (record.SafetyAlert, error) {
	var a record.SafetyAlert
	var created, acked dbconn.Time
	var by *int64
	err := row.Scan(&a.ID, &a.ClinicID, &a.PatientID, &a.AssessmentID, &a.MessageID, &a.Kind, &a.Detail, &created,
		&acked, &by, &a.Note, &a.PatientName, &a.AcknowledgerName, &a.ThreadID)
	a.CreatedAt, a.AcknowledgedAt = created.Time, acked.Time
	if by != nil {
		a.AcknowledgedBy = *by
	}
	return a, err
}

func (q *Queries) alerts(ctx context.Context, query string, args ...any) ([]record.SafetyAlert, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.SafetyAlert
	for rows.Next() {
		a, err := ScanAlert(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CreateSafetyAlert stores an alert, raised by an assessment or a message.
func (q *Queries) CreateSafetyAlert(ctx context.Context, a record.SafetyAlert) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO safety_alerts (clinic_id, patient_id, assessment_id, message_id, kind, detail, created_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		a.ClinicID, a.PatientID, dbconn.NullInt(a.AssessmentID), dbconn.NullInt(a.MessageID), a.Kind, a.Detail, q.T(a.CreatedAt)).Scan(&id)
	return id, err
}

// SafetyAlert returns one alert of a clinic.
func (q *Queries) SafetyAlert(ctx context.Context, clinicID, id int64) (record.SafetyAlert, error) {
	a, err := ScanAlert(q.QueryRowContext(ctx,
		`SELECT `+AlertColumns+AlertFrom+` WHERE a.id = $1 AND a.clinic_id = $2`, id, clinicID))
	return a, dbconn.NotFound(err, "safety alert")
}

// PatientSafetyAlerts lists a patient's alerts, open ones first, newest first.
func (q *Queries) PatientSafetyAlerts(ctx context.Context, clinicID, patientID int64) ([]record.SafetyAlert, error) {
	return q.alerts(ctx, `SELECT `+AlertColumns+AlertFrom+` WHERE a.clinic_id = $1 AND a.patient_id = $2
		ORDER BY CASE WHEN a.acknowledged_at IS NULL THEN 0 ELSE 1 END, a.created_at DESC, a.id DESC`, clinicID, patientID)
}

// OpenSafetyAlerts lists a clinic's unacknowledged alerts, oldest first
// (the longest-waiting at the top), at most limit.
func (q *Queries) OpenSafetyAlerts(ctx context.Context, clinicID int64, limit int) ([]record.SafetyAlert, error) {
	return q.alerts(ctx, `SELECT `+AlertColumns+AlertFrom+` WHERE a.clinic_id = $1 AND a.acknowledged_at IS NULL
		ORDER BY a.created_at, a.id LIMIT $2`, clinicID, limit)
}

// AcknowledgeSafetyAlert records the acknowledgement, once: false when the
// alert was already acknowledged.
func (q *Queries) AcknowledgeSafetyAlert(ctx context.Context, clinicID, id, userID int64, note string, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx,
		`UPDATE safety_alerts SET acknowledged_at = $1, acknowledged_by = $2, note = $3
		 WHERE id = $4 AND clinic_id = $5 AND acknowledged_at IS NULL`,
		q.T(now), dbconn.NullInt(userID), note, id, clinicID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
