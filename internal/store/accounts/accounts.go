package accounts

import (
	"context"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/store/dbconn"
)

// CreateClinic inserts a clinic.
func (q *Queries) CreateClinic(ctx context.Context, c clinic.Clinic, now time.Time) (int64, error) {
	if c.Timezone == "" {
		c.Timezone = "UTC"
	}
	if c.OrganizationID == 0 { // a clinic on its own is an organization of one
		if err := q.QueryRowContext(ctx, `INSERT INTO organizations (name, created_at) VALUES ($1, $2) RETURNING id`,
			c.Name, q.T(now)).Scan(&c.OrganizationID); err != nil {
			return 0, err
		}
	}
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO clinics (name, timezone, organization_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		c.Name, c.Timezone, c.OrganizationID, q.T(now)).Scan(&id)
	if err != nil {
		return 0, err
	}
	// The clinic's audit chain starts here (store/audit.go).
	_, err = q.ExecContext(ctx, `INSERT INTO audit_heads (clinic_id, seq, hash) VALUES ($1, 0, '')`, id)
	return id, err
}

// Clinic returns one clinic.
func (q *Queries) Clinic(ctx context.Context, id int64) (clinic.Clinic, error) {
	var c clinic.Clinic
	err := q.QueryRowContext(ctx, `SELECT `+clinicColumns+` FROM clinics WHERE id = $1`, id).
		Scan(&c.ID, &c.Name, &c.Timezone, &c.OrganizationID)
	return c, dbconn.NotFound(err, "clinic")
}

// FirstClinic returns the clinic with the lowest ID (single-clinic setups).
func (q *Queries) FirstClinic(ctx context.Context) (clinic.Clinic, error) {
	var c clinic.Clinic
	err := q.QueryRowContext(ctx, `SELECT `+clinicColumns+` FROM clinics ORDER BY id LIMIT 1`).
		Scan(&c.ID, &c.Name, &c.Timezone, &c.OrganizationID)
	return c, dbconn.NotFound(err, "clinic")
}

const userColumns = `id, clinic_id, email, name, role, password_hash, totp_secret, totp_enabled,
	COALESCE(patient_id, 0), disabled, org_admin, created_at`

func ScanUser(row interface{ Scan(...any) error }) (clinic.User, error) {
	var u clinic.User
	var created dbconn.Time
	err := row.Scan(&u.ID, &u.ClinicID, &u.Email, &u.Name, &u.Role, &u.PasswordHash,
		&u.TOTPSecret, &u.TOTPEnabled, &u.PatientID, &u.Disabled, &u.OrgAdmin, &created)
	u.CreatedAt = created.Time
	return u, err
}

// CreateUser inserts a user; a taken email is a conflict.
func (q *Queries) CreateUser(ctx context.Context, u clinic.User) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO users (clinic_id, email, name, role, password_hash, totp_secret, totp_enabled, patient_id, disabled, org_admin, created_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		u.ClinicID, strings.ToLower(u.Email), u.Name, string(u.Role), u.PasswordHash, u.TOTPSecret,
		u.TOTPEnabled, dbconn.NullInt(u.PatientID), u.Disabled, u.OrgAdmin, q.T(u.CreatedAt)).Scan(&id)
	if dbconn.IsUniqueViolation(err) {
		return 0, clinic.Errorf(clinic.Conflict, "an account with email %s already exists", u.Email)
	}
	if err != nil || u.PatientID != 0 {
		return id, err
	}
	return id, q.SetStaffClinic(ctx, id, u.ClinicID, true) // staff work at their own clinic
}

// UserByEmail finds a user by (case-insensitive) email.
func (q *Queries) UserByEmail(ctx context.Context, email string) (clinic.User, error) {
	u, err := ScanUser(q.QueryRowContext(ctx,
		`SELECT `+userColumns+` FROM users WHERE email = $1`, strings.ToLower(email)))
	return u, dbconn.NotFound(err, "user")
}

// User finds a user by ID.
func (q *Queries) User(ctx context.Context, id int64) (clinic.User, error) {
	u, err := ScanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	return u, dbconn.NotFound(err, "user")
}

// Users lists a clinic's users by role and name.
func (q *Queries) Users(ctx context.Context, clinicID int64) ([]clinic.User, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT `+userColumns+` FROM users WHERE clinic_id = $1 ORDER BY role, name`, clinicID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []clinic.User
	for rows.Next() {
		u, err := ScanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetPassword replaces a user's password hash.
func (q *Queries) SetPassword(ctx context.Context, userID int64, hash string) error {
	return q.Exec1(ctx, "user", `UPDATE users SET password_hash = $1 WHERE id = $2`, hash, userID)
}

// SetTOTP stores a user's TOTP secret and whether MFA is on. A new secret
// starts with no time step used.
func (q *Queries) SetTOTP(ctx context.Context, userID int64, secret string, enabled bool) error {
	return q.Exec1(ctx, "user", `UPDATE users SET totp_secret = $1, totp_enabled = $2,
		totp_last_step = CASE WHEN totp_secret = $1 THEN totp_last_step ELSE 0 END WHERE id = $3`, secret, enabled, userID)
}

// SetDisabled turns an account off or on.
func (q *Queries) SetDisabled(ctx context.Context, userID int64, disabled bool) error {
	return q.Exec1(ctx, "user", `UPDATE users SET disabled = $1 WHERE id = $2`, disabled, userID)
}

// ReplaceRecoveryCodes stores new hashed recovery codes, dropping old ones.
func (q *Queries) ReplaceRecoveryCodes(ctx context.Context, userID int64, hashes []string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, userID); err != nil {
		return err
	}
	for _, h := range hashes {
		if _, err := q.ExecContext(ctx,
			`INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)`, userID, h); err != nil {
			return err
		}
	}
	return nil
}

// UseRecoveryCode marks an unused code as used; false if none matched.
func (q *Queries) UseRecoveryCode(ctx context.Context, userID int64, hash string, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx,
		`UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL`,
		q.T(now), userID, hash)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
