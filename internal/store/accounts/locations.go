package accounts

import (
	"context"

	"onset/internal/clinic"
)

// Clinic groups (issue 17): an organization's clinics (locations) and
// which of them each staff member works at.

const clinicColumns = `id, name, timezone, COALESCE(organization_id, 0)`

func (q *Queries) clinics(ctx context.Context, query string, args ...any) ([]clinic.Clinic, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []clinic.Clinic
	for rows.Next() {
		var c clinic.Clinic
		if err := rows.Scan(&c.ID, &c.Name, &c.Timezone, &c.OrganizationID); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// OrganizationClinics lists an organization's clinics by name.
func (q *Queries) OrganizationClinics(ctx context.Context, orgID int64) ([]clinic.Clinic, error) {
	return q.clinics(ctx, `SELECT `+clinicColumns+` FROM clinics WHERE organization_id = $1 ORDER BY name, id`, orgID)
}

// AllClinics lists every clinic of the deployment (the operator's CLI).
func (q *Queries) AllClinics(ctx context.Context) ([]clinic.Clinic, error) {
	return q.clinics(ctx, `SELECT `+clinicColumns+` FROM clinics ORDER BY id`)
}

// SiblingClinics lists the clinics of clinicID's organization, by name.
func (q *Queries) SiblingClinics(ctx context.Context, clinicID int64) ([]clinic.Clinic, error) {
	return q.clinics(ctx, `SELECT `+clinicColumns+` FROM clinics
		WHERE organization_id = (SELECT organization_id FROM clinics WHERE id = $1) ORDER BY name, id`, clinicID)
}

// StaffClinics lists the clinics a staff member works at, by name.
func (q *Queries) StaffClinics(ctx context.Context, userID int64) ([]clinic.Clinic, error) {
	return q.clinics(ctx, `SELECT c.id, c.name, c.timezone, COALESCE(c.organization_id, 0)
		FROM clinic_staff s JOIN clinics c ON c.id = s.clinic_id WHERE s.user_id = $1 ORDER BY c.name, c.id`, userID)
}

// SetStaffClinic adds a staff member to a clinic's staff, or takes them off.
func (q *Queries) SetStaffClinic(ctx context.Context, userID, clinicID int64, member bool) error {
	if !member {
		_, err := q.ExecContext(ctx, `DELETE FROM clinic_staff WHERE clinic_id = $1 AND user_id = $2`, clinicID, userID)
		return err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO clinic_staff (clinic_id, user_id) VALUES ($1, $2)
		ON CONFLICT (clinic_id, user_id) DO NOTHING`, clinicID, userID)
	return err
}

// OrganizationStaff lists the staff accounts whose own clinic is one of
// the organization's, with the clinics each works at.
func (q *Queries) OrganizationStaff(ctx context.Context, orgID int64) ([]clinic.User, map[int64][]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+userColumns+` FROM users
		WHERE patient_id IS NULL AND clinic_id IN (SELECT id FROM clinics WHERE organization_id = $1) ORDER BY name, id`, orgID)
	if err != nil {
		return nil, nil, err
	}
	var users []clinic.User
	for rows.Next() {
		u, err := ScanUser(rows)
		if err != nil {
			rows.Close()
			return nil, nil, err
		}
		users = append(users, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT s.user_id, s.clinic_id FROM clinic_staff s
		JOIN clinics c ON c.id = s.clinic_id WHERE c.organization_id = $1`, orgID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	member := map[int64][]int64{}
	for rows.Next() {
		var u, c int64
		if err := rows.Scan(&u, &c); err != nil {
			return nil, nil, err
		}
		member[u] = append(member[u], c)
	}
	return users, member, rows.Err()
}

// RenameClinic changes a clinic's name.
func (q *Queries) RenameClinic(ctx context.Context, clinicID int64, name string) error {
	return q.Exec1(ctx, "clinic", `UPDATE clinics SET name = $1 WHERE id = $2`, name, clinicID)
}

// HasOrgAdmin reports whether clinicID's organization has an organization
// admin.
func (q *Queries) HasOrgAdmin(ctx context.Context, clinicID int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM users u JOIN clinics c ON c.id = u.clinic_id
		WHERE u.org_admin AND NOT u.disabled AND c.organization_id = (SELECT organization_id FROM clinics WHERE id = $1)`, clinicID).Scan(&n)
	return n > 0, err
}

// SetOrgAdmin makes an account an organization admin, or not.
func (q *Queries) SetOrgAdmin(ctx context.Context, userID int64, orgAdmin bool) error {
	return q.Exec1(ctx, "user", `UPDATE users SET org_admin = $1 WHERE id = $2`, orgAdmin, userID)
}

// ClinicCounts counts a clinic's patients and staff, for the organization page.
func (q *Queries) ClinicCounts(ctx context.Context, clinicID int64) (patients, staff int, err error) {
	err = q.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM patients WHERE clinic_id = $1),
		(SELECT COUNT(*) FROM clinic_staff WHERE clinic_id = $1)`, clinicID).Scan(&patients, &staff)
	return patients, staff, err
}
