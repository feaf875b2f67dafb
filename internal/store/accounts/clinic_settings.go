package accounts

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"onset/internal/record"
	"onset/internal/store/dbconn"
)

// CreateClinicSettings saves a new version of a clinic's settings.
func (q *Queries) CreateClinicSettings(ctx context.Context, clinicID int64, st record.ClinicSettings) error {
	body, err := json.Marshal(st)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx,
		`INSERT INTO clinic_settings (clinic_id, body, created_by, created_by_name, created_at) VALUES ($1, $2, $3, $4, $5)`,
		clinicID, string(body), dbconn.NullInt(st.SavedBy), st.SavedByName, q.T(st.SavedAt))
	return err
}

// ClinicSettings returns the clinic's settings in force; ok is false when
// it has saved none.
func (q *Queries) ClinicSettings(ctx context.Context, clinicID int64) (record.ClinicSettings, bool, error) {
	var st record.ClinicSettings
	var body string
	err := q.QueryRowContext(ctx,
		`SELECT body FROM clinic_settings WHERE clinic_id = $1 ORDER BY id DESC LIMIT 1`, clinicID).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return st, false, nil
	}
	if err != nil {
		return st, false, err
	}
	return st, true, json.Unmarshal([]byte(body), &st)
}
