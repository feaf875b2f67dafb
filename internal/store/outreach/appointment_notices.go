package outreach

import (
	"context"
	"database/sql"
	"time"

	"onset/internal/record"
	"onset/internal/store/dbconn"
)

// CreateAppointmentNotice queues a notice of a booking, move or cancellation.
func (q *Queries) CreateAppointmentNotice(ctx context.Context, n record.AppointmentNotice) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO appointment_notices (clinic_id, patient_id, appointment_id, kind, appointment_start,
		channel, recipient, due_at, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		n.ClinicID, n.PatientID, n.AppointmentID, n.Kind, q.T(n.AppointmentStart), n.Channel, n.Recipient, q.T(n.DueAt),
		record.OutboxPending, q.T(n.CreatedAt)).Scan(&id)
	return id, err
}

// ClaimDueAppointmentNotices takes due notices as ClaimDueOutboxMessages
// takes messages. Call it in a write transaction.
func (q *Queries) ClaimDueAppointmentNotices(ctx context.Context, now, until time.Time, limit int) ([]record.AppointmentNotice, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+noticeColumns+` FROM appointment_notices WHERE status = $1 AND due_at <= $2
		ORDER BY due_at, id LIMIT $3`+q.SkipLocked(), record.OutboxPending, q.T(now), limit)
	if err != nil {
		return nil, err
	}
	out, err := scanNotices(rows)
	if err != nil || len(out) == 0 {
		return out, err
	}
	ids := make([]int64, len(out))
	for i, n := range out {
		ids[i] = n.ID
	}
	return out, q.HoldUntil(ctx, "appointment_notices", ids, until)
}

// MarkAppointmentNotice records what became of a notice: sent at at (no
// reason, no retryAt), held until retryAt (no reason: the quiet hours),
// tried again at retryAt (a reason), or failed for good (a reason, no
// retryAt).
func (q *Queries) MarkAppointmentNotice(ctx context.Context, id int64, at time.Time, reason string, retryAt time.Time) error {
	var err error
	switch {
	case reason == "" && !retryAt.IsZero():
		_, err = q.ExecContext(ctx, `UPDATE appointment_notices SET due_at = $1 WHERE id = $2 AND status = $3`,
			q.T(retryAt), id, record.OutboxPending)
	case reason == "":
		_, err = q.ExecContext(ctx, `UPDATE appointment_notices SET status = $1, sent_at = $2, attempts = attempts + 1
			WHERE id = $3 AND status = $4`, record.OutboxSent, q.T(at), id, record.OutboxPending)
	case retryAt.IsZero():
		_, err = q.ExecContext(ctx, `UPDATE appointment_notices SET status = $1, last_error = $2, attempts = attempts + 1
			WHERE id = $3 AND status = $4`, record.OutboxFailed, reason, id, record.OutboxPending)
	default:
		_, err = q.ExecContext(ctx, `UPDATE appointment_notices SET last_error = $1, due_at = $2, attempts = attempts + 1
			WHERE id = $3 AND status = $4`, reason, q.T(retryAt), id, record.OutboxPending)
	}
	return err
}

// noticeColumns are an appointment notice's columns, in scanNotices' order.
const noticeColumns = `id, clinic_id, patient_id, appointment_id, kind, appointment_start, channel, recipient,
	due_at, status, attempts, last_error, sent_at, created_at`

// PatientAppointmentNotices lists a patient's notices, newest first.
func (q *Queries) PatientAppointmentNotices(ctx context.Context, clinicID, patientID int64, limit int) ([]record.AppointmentNotice, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+noticeColumns+` FROM appointment_notices WHERE clinic_id = $1 AND patient_id = $2
		ORDER BY id DESC LIMIT $3`, clinicID, patientID, limit)
	if err != nil {
		return nil, err
	}
	return scanNotices(rows)
}

// scanNotices reads and closes rows of noticeColumns.
func scanNotices(rows *sql.Rows) ([]record.AppointmentNotice, error) {
	defer rows.Close()
	var out []record.AppointmentNotice
	for rows.Next() {
		var n record.AppointmentNotice
		var start, due, sent, created dbconn.Time
		if err := rows.Scan(&n.ID, &n.ClinicID, &n.PatientID, &n.AppointmentID, &n.Kind, &start, &n.Channel, &n.Recipient,
			&due, &n.Status, &n.Attempts, &n.LastError, &sent, &created); err != nil {
			return nil, err
		}
		n.AppointmentStart, n.DueAt, n.SentAt, n.CreatedAt = start.Time, due.Time, sent.Time, created.Time
		out = append(out, n)
	}
	return out, rows.Err()
}
