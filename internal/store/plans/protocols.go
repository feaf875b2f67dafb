package plans

import (
	"context"
	"encoding/json"
	"fmt"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/store/dbconn"
)

// CreateClinicTemplate stores one version of a clinic's protocol template.
func (q *Queries) CreateClinicTemplate(ctx context.Context, t record.ClinicTemplate) (int64, error) {
	body, err := json.Marshal(t.Template)
	if err != nil {
		return 0, err
	}
	var id int64
	err = q.QueryRowContext(ctx,
		`INSERT INTO protocol_templates (clinic_id, template_id, version, body, created_by, created_by_name, created_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		t.ClinicID, t.Template.ID, t.Version, string(body), dbconn.NullInt(t.CreatedBy), t.CreatedByName, q.T(t.CreatedAt)).Scan(&id)
	if dbconn.IsUniqueViolation(err) {
		return 0, clinic.Errorf(clinic.Conflict, "Version %d of %s was just saved by someone else; reload and try again.", t.Version, t.Template.ID)
	}
	return id, err
}

// ClinicTemplates lists every saved version of a clinic's templates.
func (q *Queries) ClinicTemplates(ctx context.Context, clinicID int64) ([]record.ClinicTemplate, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT id, clinic_id, version, body, COALESCE(created_by, 0), created_by_name, created_at
		 FROM protocol_templates WHERE clinic_id = $1 ORDER BY template_id, version`, clinicID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.ClinicTemplate
	for rows.Next() {
		var t record.ClinicTemplate
		var body string
		var created dbconn.Time
		if err := rows.Scan(&t.ID, &t.ClinicID, &t.Version, &body, &t.CreatedBy, &t.CreatedByName, &created); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(body), &t.Template); err != nil {
			return nil, fmt.Errorf("store: protocol template %d: %w", t.ID, err)
		}
		t.CreatedAt = created.Time
		out = append(out, t)
	}
	return out, rows.Err()
}
