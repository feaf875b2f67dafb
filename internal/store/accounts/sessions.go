package accounts

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/store/dbconn"
)

// CreateWebSession stores a new browser session.
func (q *Queries) CreateWebSession(ctx context.Context, s clinic.WebSession) error {
	_, err := q.ExecContext(ctx,
		`INSERT INTO web_sessions (token_hash, user_id, csrf_token, mfa_passed, created_at, last_seen_at, expires_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		s.TokenHash, s.UserID, s.CSRFToken, s.MFAPassed, q.T(s.CreatedAt), q.T(s.LastSeenAt), q.T(s.ExpiresAt))
	return err
}

// WebSession returns the session with the given token hash.
func (q *Queries) WebSession(ctx context.Context, tokenHash string) (clinic.WebSession, error) {
	var s clinic.WebSession
	var created, seen, expires dbconn.Time
	err := q.QueryRowContext(ctx,
		`SELECT token_hash, user_id, csrf_token, mfa_passed, COALESCE(clinic_id, 0), created_at, last_seen_at, expires_at
		 FROM web_sessions WHERE token_hash = $1`, tokenHash).
		Scan(&s.TokenHash, &s.UserID, &s.CSRFToken, &s.MFAPassed, &s.ClinicID, &created, &seen, &expires)
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = created.Time, seen.Time, expires.Time
	return s, dbconn.NotFound(err, "session")
}

// TouchWebSession records activity on a session (idle expiry counts from it).
func (q *Queries) TouchWebSession(ctx context.Context, tokenHash string, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE web_sessions SET last_seen_at = $1 WHERE token_hash = $2`, q.T(now), tokenHash)
	return err
}

// SetWebSessionClinic records the clinic a session works in.
func (q *Queries) SetWebSessionClinic(ctx context.Context, tokenHash string, clinicID int64) error {
	return q.Exec1(ctx, "session", `UPDATE web_sessions SET clinic_id = $1 WHERE token_hash = $2`, clinicID, tokenHash)
}

// DeleteWebSession ends a session.
func (q *Queries) DeleteWebSession(ctx context.Context, tokenHash string) error {
	_, err := q.ExecContext(ctx, `DELETE FROM web_sessions WHERE token_hash = $1`, tokenHash)
	return err
}

// DeleteExpiredWebSessions removes sessions past their absolute expiry.
func (q *Queries) DeleteExpiredWebSessions(ctx context.Context, now time.Time) error {
	_, err := q.ExecContext(ctx, `DELETE FROM web_sessions WHERE expires_at < $1`, q.T(now))
	return err
}

// CreateAPIToken stores a hashed API token.
func (q *Queries) CreateAPIToken(ctx context.Context, t clinic.APIToken) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		t.UserID, t.Name, t.TokenHash, q.T(t.CreatedAt)).Scan(&id)
	return id, err
}

const tokenColumns = `id, user_id, name, token_hash, created_at, last_used_at, revoked_at`

func scanToken(row interface{ Scan(...any) error }) (clinic.APIToken, error) {
	var t clinic.APIToken
	var created, used, revoked dbconn.Time
	err := row.Scan(&t.ID, &t.UserID, &t.Name, &t.TokenHash, &created, &used, &revoked)
	t.CreatedAt, t.LastUsedAt, t.RevokedAt = created.Time, used.Time, revoked.Time
	return t, err
}

// APITokenByHash finds a token by its hash.
func (q *Queries) APITokenByHash(ctx context.Context, hash string) (clinic.APIToken, error) {
	t, err := scanToken(q.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE token_hash = $1`, hash))
	return t, dbconn.NotFound(err, "API token")
}

// APITokens lists a user's tokens, newest first.
func (q *Queries) APITokens(ctx context.Context, userID int64) ([]clinic.APIToken, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT `+tokenColumns+` FROM api_tokens WHERE user_id = $1 ORDER BY id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []clinic.APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken revokes one of a user's tokens.
func (q *Queries) RevokeAPIToken(ctx context.Context, userID, tokenID int64, now time.Time) error {
	return q.Exec1(ctx, "API token",
		`UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL`,
		q.T(now), tokenID, userID)
}

// TouchAPIToken records a token's last use.
func (q *Queries) TouchAPIToken(ctx context.Context, id int64, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, q.T(now), id)
	return err
}
