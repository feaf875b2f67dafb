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

// The SMART Backend Services clients of a clinic (migration 0036).

// CreateBackendClient registers a client.
func (q *Queries) CreateBackendClient(ctx context.Context, c record.BackendClient) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO backend_clients (clinic_id, client_id, name, jwks, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		c.ClinicID, c.ClientID, c.Name, c.JWKS, sql.NullInt64{Int64: c.CreatedBy, Valid: c.CreatedBy != 0}, q.T(c.CreatedAt)).Scan(&id)
	return id, err
}

const backendClientColumns = `id, clinic_id, client_id, name, jwks, COALESCE(created_by, 0), created_at, revoked_at`

func scanBackendClient(row interface{ Scan(...any) error }) (record.BackendClient, error) {
	var c record.BackendClient
	var created, revoked dbconn.Time
	err := row.Scan(&c.ID, &c.ClinicID, &c.ClientID, &c.Name, &c.JWKS, &c.CreatedBy, &created, &revoked)
	c.CreatedAt, c.RevokedAt = created.Time, revoked.Time
	return c, err
}

// BackendClientByClientID finds a client by the id it names itself by, in
// any clinic; NotFound when there is none.
func (q *Queries) BackendClientByClientID(ctx context.Context, clientID string) (record.BackendClient, error) {
	c, err := scanBackendClient(q.QueryRowContext(ctx,
		`SELECT `+backendClientColumns+` FROM backend_clients WHERE client_id = $1`, clientID))
	if errors.Is(err, sql.ErrNoRows) {
		return c, clinic.Errorf(clinic.NotFound, "There is no such backend client.")
	}
	return c, err
}

// BackendClientByRow reads a client by its row, in any clinic (an access
// token names its client's row).
func (q *Queries) BackendClientByRow(ctx context.Context, id int64) (record.BackendClient, error) {
	c, err := scanBackendClient(q.QueryRowContext(ctx,
		`SELECT `+backendClientColumns+` FROM backend_clients WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, clinic.Errorf(clinic.NotFound, "There is no such backend client.")
	}
	return c, err
}

// BackendClient reads one client of the clinic.
func (q *Queries) BackendClient(ctx context.Context, clinicID, id int64) (record.BackendClient, error) {
	c, err := scanBackendClient(q.QueryRowContext(ctx,
		`SELECT `+backendClientColumns+` FROM backend_clients WHERE clinic_id = $1 AND id = $2`, clinicID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, clinic.Errorf(clinic.NotFound, "There is no such backend client.")
	}
	return c, err
}

// BackendClients lists the clinic's clients, newest first.
func (q *Queries) BackendClients(ctx context.Context, clinicID int64) ([]record.BackendClient, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+backendClientColumns+` FROM backend_clients
		WHERE clinic_id = $1 ORDER BY id DESC`, clinicID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.BackendClient
	for rows.Next() {
		c, err := scanBackendClient(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// RevokeBackendClient revokes a client of the clinic and every token it
// holds.
func (q *Queries) RevokeBackendClient(ctx context.Context, clinicID, id int64, now time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE backend_clients SET revoked_at = $1
		WHERE clinic_id = $2 AND id = $3 AND revoked_at IS NULL`, q.T(now), clinicID, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return clinic.Errorf(clinic.NotFound, "There is no such backend client, or it is already revoked.")
	}
	_, err = q.ExecContext(ctx, `DELETE FROM backend_tokens WHERE client = $1`, id)
	return err
}

// TakeAssertion records an assertion's jti; Conflict when the client used
// it before. Expired ones are dropped on the way.
func (q *Queries) TakeAssertion(ctx context.Context, client int64, jti string, expires, now time.Time) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM backend_assertions WHERE expires_at < $1`, q.T(now)); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO backend_assertions (client, jti, expires_at) VALUES ($1, $2, $3)`,
		client, jti, q.T(expires))
	if dbconn.IsUniqueViolation(err) {
		return clinic.Errorf(clinic.Conflict, "This assertion (jti) was used before.")
	}
	return err
}

// CreateBackendToken keeps an issued token's hash; expired tokens are
// dropped on the way.
func (q *Queries) CreateBackendToken(ctx context.Context, t record.BackendToken) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM backend_tokens WHERE expires_at < $1`, q.T(t.IssuedAt)); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO backend_tokens (token_hash, client, scope, issued_at, expires_at)
		VALUES ($1, $2, $3, $4, $5)`, t.Hash, t.Client, t.Scope, q.T(t.IssuedAt), q.T(t.ExpiresAt))
	return err
}

// BackendTokenByHash finds an issued token; NotFound when there is none.
func (q *Queries) BackendTokenByHash(ctx context.Context, hash string) (record.BackendToken, error) {
	var t record.BackendToken
	var issued, expires dbconn.Time
	err := q.QueryRowContext(ctx, `SELECT token_hash, client, scope, issued_at, expires_at FROM backend_tokens
		WHERE token_hash = $1`, hash).Scan(&t.Hash, &t.Client, &t.Scope, &issued, &expires)
	t.IssuedAt, t.ExpiresAt = issued.Time, expires.Time
	if errors.Is(err, sql.ErrNoRows) {
		return t, clinic.Errorf(clinic.NotFound, "There is no such token.")
	}
	return t, err
}
