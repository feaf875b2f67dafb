package accounts

import (
	"context"
	"slices"
	"time"

	"onset/internal/store/dbconn"
)

// ReserveAuthAttempts records one attempt under each key at now, drops
// every attempt older than since (so keys tried once, such as unknown
// emails, do not pile up), and returns the new rows' IDs. Reservations of
// a key take turns until commit, so the caller counts in the same
// transaction and sees every earlier attempt.
func (q *Queries) ReserveAuthAttempts(ctx context.Context, keys []string, now, since time.Time) ([]int64, error) {
	if q.Engine == dbconn.Postgres { // SQLite has one writer; PostgreSQL queues each key's reservations until commit
		sorted := slices.Sorted(slices.Values(keys)) // one order, so two reservations cannot deadlock
		for _, k := range sorted {
			if _, err := q.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, k); err != nil {
				return nil, err
			}
		}
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM auth_attempts WHERE at < $1`, q.T(since)); err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(keys))
	for _, k := range keys {
		var id int64
		if err := q.QueryRowContext(ctx, `INSERT INTO auth_attempts (key_hash, at) VALUES ($1, $2) RETURNING id`,
			k, q.T(now)).Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// CountAuthAttempts counts key's attempts since a time and returns the
// oldest of them (zero when there is none).
func (q *Queries) CountAuthAttempts(ctx context.Context, key string, since time.Time) (int, time.Time, error) {
	var n int
	var oldest dbconn.Time
	err := q.QueryRowContext(ctx, `SELECT COUNT(*), MIN(at) FROM auth_attempts WHERE key_hash = $1 AND at >= $2`,
		key, q.T(since)).Scan(&n, &oldest)
	return n, oldest.Time, err
}

// DeleteAuthAttempts forgets attempts by ID (a check that succeeded).
func (q *Queries) DeleteAuthAttempts(ctx context.Context, ids []int64) error {
	for _, id := range ids {
		if _, err := q.ExecContext(ctx, `DELETE FROM auth_attempts WHERE id = $1`, id); err != nil {
			return err
		}
	}
	return nil
}

// ClearAuthAttempts forgets every attempt under key.
func (q *Queries) ClearAuthAttempts(ctx context.Context, key string) error {
	_, err := q.ExecContext(ctx, `DELETE FROM auth_attempts WHERE key_hash = $1`, key)
	return err
}

// UseTOTPStep records step as the user's last accepted TOTP time step if
// it is later than the one stored; false means the code was used already.
func (q *Queries) UseTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	res, err := q.ExecContext(ctx,
		`UPDATE users SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1`, step, userID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// EndUserCredentials ends every way a user is signed in: browser
// sessions are deleted and API tokens revoked (password change, disable).
func (q *Queries) EndUserCredentials(ctx context.Context, userID int64, now time.Time) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM web_sessions WHERE user_id = $1`, userID); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`,
		q.T(now), userID)
	return err
}
