package accounts

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/store/dbconn"
)

// CreatePasswordToken stores a password token (its hash).
func (q *Queries) CreatePasswordToken(ctx context.Context, t record.PasswordToken) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO password_tokens (clinic_id, user_id, purpose, token_hash, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, t.ClinicID, t.UserID, t.Purpose, t.TokenHash, q.T(t.CreatedAt), q.T(t.ExpiresAt)).Scan(&id)
	return id, err
}

// PasswordTokenByHash finds a token by its hash (clinic.NotFound if none).
func (q *Queries) PasswordTokenByHash(ctx context.Context, hash string) (record.PasswordToken, error) {
	var t record.PasswordToken
	var created, expires, used dbconn.Time
	err := q.QueryRowContext(ctx, `SELECT id, clinic_id, user_id, purpose, token_hash, created_at, expires_at, used_at
		FROM password_tokens WHERE token_hash = $1`, hash).Scan(&t.ID, &t.ClinicID, &t.UserID, &t.Purpose, &t.TokenHash, &created, &expires, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return t, clinic.Errorf(clinic.NotFound, "There is no such token.")
	}
	t.CreatedAt, t.ExpiresAt, t.UsedAt = created.Time, expires.Time, used.Time
	return t, err
}

// UsePasswordTokens uses up every open token of a user — a password set
// one way ends every other way of setting it — and reports whether token
// id was among them (false: it was used already, by a request at the same
// moment perhaps).
func (q *Queries) UsePasswordTokens(ctx context.Context, userID, id int64, now time.Time) (bool, error) {
	rows, err := q.QueryContext(ctx, `UPDATE password_tokens SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL RETURNING id`,
		q.T(now), userID)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	found := false
	for rows.Next() {
		var got int64
		if err := rows.Scan(&got); err != nil {
			return false, err
		}
		found = found || got == id
	}
	return found, rows.Err()
}

const accountMessageColumns = `id, clinic_id, user_id, kind, channel, recipient, token, due_at, expires_at, status, attempts,
	last_error, sent_at, created_at`

// CreateAccountMessage queues an account message.
func (q *Queries) CreateAccountMessage(ctx context.Context, m record.AccountMessage) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO account_messages (clinic_id, user_id, kind, channel, recipient, token, due_at,
		expires_at, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		m.ClinicID, m.UserID, m.Kind, m.Channel, m.Recipient, m.Token, q.T(m.DueAt), q.T(m.ExpiresAt), record.OutboxPending,
		q.T(m.CreatedAt)).Scan(&id)
	return id, err
}

// ClaimDueAccountMessages takes due account messages as
// ClaimDueOutboxMessages takes messages. Call it in a write transaction.
func (q *Queries) ClaimDueAccountMessages(ctx context.Context, now, until time.Time, limit int) ([]record.AccountMessage, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+accountMessageColumns+` FROM account_messages WHERE status = $1 AND due_at <= $2
		ORDER BY due_at, id LIMIT $3`+q.SkipLocked(), record.OutboxPending, q.T(now), limit)
	if err != nil {
		return nil, err
	}
	var out []record.AccountMessage
	for rows.Next() {
		var m record.AccountMessage
		var due, exp, sent, created dbconn.Time
		if err := rows.Scan(&m.ID, &m.ClinicID, &m.UserID, &m.Kind, &m.Channel, &m.Recipient, &m.Token, &due, &exp, &m.Status,
			&m.Attempts, &m.LastError, &sent, &created); err != nil {
			rows.Close()
			return nil, err
		}
		m.DueAt, m.ExpiresAt, m.SentAt, m.CreatedAt = due.Time, exp.Time, sent.Time, created.Time
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	ids := make([]int64, len(out))
	for i, m := range out {
		ids[i] = m.ID
	}
	return out, q.HoldUntil(ctx, "account_messages", ids, until)
}

// MarkAccountMessage records a delivery's outcome: status sent (token
// blanked), pending again at retryAt after a failure, or failed for good
// (token blanked) when retryAt is zero.
func (q *Queries) MarkAccountMessage(ctx context.Context, id int64, sentAt time.Time, reason string, retryAt time.Time) error {
	var err error
	switch {
	case reason == "":
		_, err = q.ExecContext(ctx, `UPDATE account_messages SET status = $1, sent_at = $2, token = '', attempts = attempts + 1
			WHERE id = $3 AND status = $4`, record.OutboxSent, q.T(sentAt), id, record.OutboxPending)
	case retryAt.IsZero():
		_, err = q.ExecContext(ctx, `UPDATE account_messages SET status = $1, last_error = $2, token = '', attempts = attempts + 1
			WHERE id = $3 AND status = $4`, record.OutboxFailed, reason, id, record.OutboxPending)
	default:
		_, err = q.ExecContext(ctx, `UPDATE account_messages SET last_error = $1, due_at = $2, attempts = attempts + 1
			WHERE id = $3 AND status = $4`, reason, q.T(retryAt), id, record.OutboxPending)
	}
	return err
}
