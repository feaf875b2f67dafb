package store

import (
	"context"
	"fmt"
	"strings"

	"onset/internal/clinic"
)

// AppendAudit adds one audit entry. There is deliberately no update or
// delete: the trail is append-only, and the schema's triggers enforce it.
func (q *Queries) AppendAudit(ctx context.Context, e clinic.AuditEntry) error {
	_, err := q.q.ExecContext(ctx,
		`INSERT INTO audit_log (clinic_id, at, user_id, role, action, patient_id, record_type, record_id, address, request_id)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		e.ClinicID, q.t(e.At), nullInt(e.UserID), string(e.Role), e.Action, nullInt(e.PatientID),
		e.RecordType, nullInt(e.RecordID), e.Address, e.RequestID)
	return err
}

// Audit lists entries matching f, newest first.
func (q *Queries) Audit(ctx context.Context, f clinic.AuditFilter) ([]clinic.AuditEntry, error) {
	where := []string{"clinic_id = $1"}
	args := []any{f.ClinicID}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.UserID != 0 {
		add("user_id = $%d", f.UserID)
	}
	if f.PatientID != 0 {
		add("patient_id = $%d", f.PatientID)
	}
	if f.Action != "" {
		add("action = $%d", f.Action)
	}
	if !f.Since.IsZero() {
		add("at >= $%d", q.t(f.Since))
	}
	if !f.Until.IsZero() {
		add("at < $%d", q.t(f.Until))
	}
	if f.BeforeID != 0 {
		add("id < $%d", f.BeforeID)
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	rows, err := q.q.QueryContext(ctx, fmt.Sprintf(
		`SELECT id, clinic_id, at, COALESCE(user_id, 0), role, action, COALESCE(patient_id, 0),
		        record_type, COALESCE(record_id, 0), address, request_id
		 FROM audit_log WHERE %s ORDER BY id DESC LIMIT %d`, strings.Join(where, " AND "), limit), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []clinic.AuditEntry
	for rows.Next() {
		var e clinic.AuditEntry
		var at dbTime
		if err := rows.Scan(&e.ID, &e.ClinicID, &at, &e.UserID, &e.Role, &e.Action, &e.PatientID,
			&e.RecordType, &e.RecordID, &e.Address, &e.RequestID); err != nil {
			return nil, err
		}
		e.At = at.Time
		out = append(out, e)
	}
	return out, rows.Err()
}
