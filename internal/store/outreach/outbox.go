package outreach

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/store/dbconn"
)

const outboxColumns = `id, clinic_id, patient_id, link_id, kind, channel, recipient, token, due_at, status,
	attempts, last_error, sent_at, created_at`

func scanOutbox(row interface{ Scan(...any) error }) (record.OutboxMessage, error) {
	var m record.OutboxMessage
	var due, sent, created dbconn.Time
	err := row.Scan(&m.ID, &m.ClinicID, &m.PatientID, &m.LinkID, &m.Kind, &m.Channel, &m.Recipient, &m.Token,
		&due, &m.Status, &m.Attempts, &m.LastError, &sent, &created)
	m.DueAt, m.SentAt, m.CreatedAt = due.Time, sent.Time, created.Time
	return m, err
}

func (q *Queries) outbox(ctx context.Context, query string, args ...any) ([]record.OutboxMessage, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.OutboxMessage
	for rows.Next() {
		m, err := scanOutbox(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// CreateOutboxMessage queues a message.
func (q *Queries) CreateOutboxMessage(ctx context.Context, m record.OutboxMessage) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO outbox (clinic_id, patient_id, link_id, kind, channel, recipient, token, due_at, status, created_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		m.ClinicID, m.PatientID, m.LinkID, m.Kind, m.Channel, m.Recipient, m.Token, q.T(m.DueAt), record.OutboxPending,
		q.T(m.CreatedAt)).Scan(&id)
	return id, err
}

// OutboxMessage reads one of a clinic's messages (clinic.NotFound if none).
func (q *Queries) OutboxMessage(ctx context.Context, clinicID, id int64) (record.OutboxMessage, error) {
	ms, err := q.outbox(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE clinic_id = $1 AND id = $2`, clinicID, id)
	if err != nil {
		return record.OutboxMessage{}, err
	}
	if len(ms) == 0 {
		return record.OutboxMessage{}, clinic.Errorf(clinic.NotFound, "There is no such message.")
	}
	return ms[0], nil
}

// ClaimDueOutboxMessages takes up to limit pending messages due at now,
// oldest first, in every clinic, and holds them until until: their due
// time moves there, so another process running the outbox at the same
// time takes others (PostgreSQL skips the rows this transaction locked;
// SQLite has one writer). A process that dies before marking one leaves
// it due again at until, so a crash repeats at most what it held. It
// returns the messages as they were before the claim. Call it in a
// write transaction.
func (q *Queries) ClaimDueOutboxMessages(ctx context.Context, now, until time.Time, limit int) ([]record.OutboxMessage, error) {
	ms, err := q.outbox(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE status = $1 AND due_at <= $2
		ORDER BY due_at, id LIMIT $3`+q.SkipLocked(), record.OutboxPending, q.T(now), limit)
	if err != nil || len(ms) == 0 {
		return ms, err
	}
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	return ms, q.HoldUntil(ctx, "outbox", ids, until)
}

// OutboxMessages lists a clinic's messages, newest first, at most limit.
func (q *Queries) OutboxMessages(ctx context.Context, clinicID int64, limit int) ([]record.OutboxMessage, error) {
	return q.outbox(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE clinic_id = $1
		ORDER BY created_at DESC, id DESC LIMIT $2`, clinicID, limit)
}

// MarkOutboxSent records a delivery and blanks the token.
func (q *Queries) MarkOutboxSent(ctx context.Context, id int64, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE outbox SET status = $1, sent_at = $2, token = '', attempts = attempts + 1
		WHERE id = $3 AND status = $4`, record.OutboxSent, q.T(now), id, record.OutboxPending)
	return err
}

// MarkOutboxFailed counts a failed attempt and retries at retryAt; a zero
// retryAt gives the message up as failed and blanks its token. Without a
// reason nothing failed: the message is only made due at retryAt (held
// through the quiet hours, or sent now).
func (q *Queries) MarkOutboxFailed(ctx context.Context, id int64, reason string, retryAt time.Time) error {
	if reason == "" {
		_, err := q.ExecContext(ctx, `UPDATE outbox SET due_at = $1 WHERE id = $2 AND status = $3`, q.T(retryAt), id, record.OutboxPending)
		return err
	}
	if retryAt.IsZero() {
		_, err := q.ExecContext(ctx, `UPDATE outbox SET status = $1, attempts = attempts + 1, last_error = $2, token = ''
			WHERE id = $3 AND status = $4`, record.OutboxFailed, reason, id, record.OutboxPending)
		return err
	}
	_, err := q.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = $1, due_at = $2
		WHERE id = $3 AND status = $4`, reason, q.T(retryAt), id, record.OutboxPending)
	return err
}

// CloseLinkOutbox ends a link's pending messages with status (cancelled
// when it was answered, expired when it ran out) and blanks their tokens.
func (q *Queries) CloseLinkOutbox(ctx context.Context, linkID int64, status string) error {
	_, err := q.ExecContext(ctx, `UPDATE outbox SET status = $1, token = '' WHERE link_id = $2 AND status = $3`,
		status, linkID, record.OutboxPending)
	return err
}

// ExpireOutbox ends a clinic's pending messages whose link has expired by
// now (or was answered) and blanks their tokens.
func (q *Queries) ExpireOutbox(ctx context.Context, clinicID int64, now time.Time) (int64, error) {
	res, err := q.ExecContext(ctx, `UPDATE outbox SET status = $1, token = ''
		WHERE clinic_id = $2 AND status = $3 AND link_id IN
		(SELECT id FROM questionnaire_links WHERE clinic_id = $2 AND (expires_at <= $4 OR used_at IS NOT NULL))`,
		record.OutboxExpired, clinicID, record.OutboxPending, q.T(now))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// ClinicIDs lists every clinic, for jobs that run across clinics.
func (q *Queries) ClinicIDs(ctx context.Context) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM clinics ORDER BY id`)
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

// ClinicCourses lists every course of a clinic, by patient and start.
func (q *Queries) ClinicCourses(ctx context.Context, clinicID int64) ([]clinic.Course, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT id, clinic_id, patient_id, condition, route, started_at, therapy
		 FROM courses WHERE clinic_id = $1 ORDER BY patient_id, started_at, id`, clinicID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []clinic.Course
	for rows.Next() {
		var c clinic.Course
		var started dbconn.Time
		if err := rows.Scan(&c.ID, &c.ClinicID, &c.PatientID, &c.Condition, &c.Route, &started, &c.Therapy); err != nil {
			return nil, err
		}
		c.StartedAt = started.Time
		out = append(out, c)
	}
	return out, rows.Err()
}
