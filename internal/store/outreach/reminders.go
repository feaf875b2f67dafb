package outreach

import (
	"context"
	"database/sql"
	"errors"
	"onset/internal/record"
	"onset/internal/store/dbconn"
	"time"
)

// Appointment reminders (migration 0010, service/reminders.go).

const reminderColumns = `id, clinic_id, patient_id, appointment_id, appointment_start, channel, recipient, due_at,
	status, attempts, last_error, sent_at, created_at`

func (q *Queries) reminders(ctx context.Context, query string, args ...any) ([]record.AppointmentReminder, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.AppointmentReminder
	for rows.Next() {
		var r record.AppointmentReminder
		var start, due, sent, created dbconn.Time
		if err := rows.Scan(&r.ID, &r.ClinicID, &r.PatientID, &r.AppointmentID, &start, &r.Channel, &r.Recipient, &due,
			&r.Status, &r.Attempts, &r.LastError, &sent, &created); err != nil {
			return nil, err
		}
		r.AppointmentStart, r.DueAt, r.SentAt, r.CreatedAt = start.Time, due.Time, sent.Time, created.Time
		out = append(out, r)
	}
	return out, rows.Err()
}

// CreateAppointmentReminder queues a reminder unless the appointment
// already has one for that start time; then it returns 0.
func (q *Queries) CreateAppointmentReminder(ctx context.Context, r record.AppointmentReminder) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO appointment_reminders (clinic_id, patient_id, appointment_id, appointment_start, channel, recipient,
		 due_at, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		 ON CONFLICT (clinic_id, appointment_id, appointment_start) DO NOTHING RETURNING id`,
		r.ClinicID, r.PatientID, r.AppointmentID, q.T(r.AppointmentStart), r.Channel, r.Recipient, q.T(r.DueAt),
		record.OutboxPending, q.T(r.CreatedAt)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// ClaimDueAppointmentReminders takes pending reminders due at now as
// ClaimDueOutboxMessages takes messages. Call it in a write transaction.
func (q *Queries) ClaimDueAppointmentReminders(ctx context.Context, now, until time.Time, limit int) ([]record.AppointmentReminder, error) {
	rs, err := q.reminders(ctx, `SELECT `+reminderColumns+` FROM appointment_reminders WHERE status = $1 AND due_at <= $2
		ORDER BY due_at, id LIMIT $3`+q.SkipLocked(), record.OutboxPending, q.T(now), limit)
	if err != nil || len(rs) == 0 {
		return rs, err
	}
	ids := make([]int64, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return rs, q.HoldUntil(ctx, "appointment_reminders", ids, until)
}

// PatientAppointmentReminders lists a patient's reminders, oldest first.
func (q *Queries) PatientAppointmentReminders(ctx context.Context, clinicID, patientID int64) ([]record.AppointmentReminder, error) {
	return q.reminders(ctx, `SELECT `+reminderColumns+` FROM appointment_reminders WHERE clinic_id = $1 AND patient_id = $2
		ORDER BY created_at, id`, clinicID, patientID)
}

// MarkReminderSent records a delivery.
func (q *Queries) MarkReminderSent(ctx context.Context, id int64, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE appointment_reminders SET status = $1, sent_at = $2, attempts = attempts + 1
		WHERE id = $3 AND status = $4`, record.OutboxSent, q.T(now), id, record.OutboxPending)
	return err
}

// MarkReminderFailed counts a failed attempt and retries at retryAt.
func (q *Queries) MarkReminderFailed(ctx context.Context, id int64, reason string, retryAt time.Time) error {
	if reason == "" { // nothing failed: held until retryAt (the quiet hours)
		_, err := q.ExecContext(ctx, `UPDATE appointment_reminders SET due_at = $1 WHERE id = $2 AND status = $3`,
			q.T(retryAt), id, record.OutboxPending)
		return err
	}
	if retryAt.IsZero() { // given up: retrying cannot help
		_, err := q.ExecContext(ctx, `UPDATE appointment_reminders SET status = $1, attempts = attempts + 1, last_error = $2
			WHERE id = $3 AND status = $4`, record.OutboxFailed, reason, id, record.OutboxPending)
		return err
	}
	_, err := q.ExecContext(ctx, `UPDATE appointment_reminders SET attempts = attempts + 1, last_error = $1, due_at = $2
		WHERE id = $3 AND status = $4`, reason, q.T(retryAt), id, record.OutboxPending)
	return err
}

// CloseReminder ends a pending reminder with status (cancelled or expired).
func (q *Queries) CloseReminder(ctx context.Context, id int64, status string) error {
	_, err := q.ExecContext(ctx, `UPDATE appointment_reminders SET status = $1 WHERE id = $2 AND status = $3`,
		status, id, record.OutboxPending)
	return err
}
