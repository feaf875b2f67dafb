package plans

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/protocol"
	"onset/internal/record"
	"onset/internal/store/dbconn"
)

// CreatePlan inserts a plan version and its sessions. Version 1 has no
// root (its own ID is the series' ID); a version that already exists in
// the series is a conflict, so two amendments made at once cannot both win.
func (q *Queries) CreatePlan(ctx context.Context, p record.Plan) (int64, error) {
	root := dbconn.NullInt(0)
	if p.Version > 1 {
		root = dbconn.NullInt(p.RootID)
	}
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO treatment_plans (clinic_id, patient_id, root_id, version, status, template_id, template_name,
		 template_source, route, weight_kg, age_years, start_date, weekdays, concentration_mg_per_ml, diluent_ml,
		 reason, created_by, created_by_name, created_at, template_json)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING id`,
		p.ClinicID, p.PatientID, root, p.Version, string(p.Status), p.TemplateID, p.TemplateName,
		p.TemplateSource, string(p.Route), p.WeightKg, p.AgeYears, q.T(p.StartDate), JoinWeekdays(p.Weekdays),
		p.ConcentrationMgPerML, p.DiluentML, p.Reason, dbconn.NullInt(p.CreatedBy), p.CreatedByName, q.T(p.CreatedAt),
		templateJSON(p.Template)).Scan(&id)
	if dbconn.IsUniqueViolation(err) {
		return 0, clinic.Errorf(clinic.Conflict, "version %d of this plan already exists", p.Version)
	}
	if err != nil {
		return 0, err
	}
	return id, q.insertPlanSessions(ctx, p.ClinicID, id, p.Sessions)
}

func (q *Queries) insertPlanSessions(ctx context.Context, clinicID, planID int64, ss []record.PlannedSession) error {
	for _, s := range ss {
		if _, err := q.ExecContext(ctx,
			`INSERT INTO plan_sessions (clinic_id, plan_id, number, phase, planned_on, route, dose_mg, mg_per_kg, devices,
			 duration_min, monitor_min, volume_ml, total_ml, rate_ml_per_hour, steps)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
			clinicID, planID, s.Number, s.Phase, q.T(s.Date), string(s.Route), s.DoseMg, s.MgPerKg, s.Devices,
			s.DurationMin, s.MonitorMin, s.VolumeML, s.TotalML, s.RateMLPerHour, strings.Join(s.Steps, "\n")); err != nil {
			return err
		}
	}
	return nil
}

// UpdateDraftPlan replaces a draft's inputs and sessions. A plan that is
// no longer a draft is a conflict: signed versions are never edited.
func (q *Queries) UpdateDraftPlan(ctx context.Context, p record.Plan) error {
	res, err := q.ExecContext(ctx,
		`UPDATE treatment_plans SET template_id = $1, template_name = $2, template_source = $3, route = $4,
		 weight_kg = $5, age_years = $6, start_date = $7, weekdays = $8, concentration_mg_per_ml = $9, diluent_ml = $10,
		 template_json = $13
		 WHERE id = $11 AND clinic_id = $12 AND status = 'draft'`,
		p.TemplateID, p.TemplateName, p.TemplateSource, string(p.Route), p.WeightKg, p.AgeYears, q.T(p.StartDate),
		JoinWeekdays(p.Weekdays), p.ConcentrationMgPerML, p.DiluentML, p.ID, p.ClinicID, templateJSON(p.Template))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		if err != nil {
			return err
		}
		return clinic.Errorf(clinic.Conflict, "This plan is signed and cannot be changed; amend it instead.")
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM plan_sessions WHERE plan_id = $1 AND clinic_id = $2`, p.ID, p.ClinicID); err != nil {
		return err
	}
	return q.insertPlanSessions(ctx, p.ClinicID, p.ID, p.Sessions)
}

// SignPlan marks a draft signed by userID at at. A plan that is not a
// draft (already signed by someone else a moment ago) is a conflict.
func (q *Queries) SignPlan(ctx context.Context, clinicID, planID, userID int64, name string, at time.Time) error {
	res, err := q.ExecContext(ctx,
		`UPDATE treatment_plans SET status = 'signed', signed_by = $1, signed_by_name = $2, signed_at = $3
		 WHERE id = $4 AND clinic_id = $5 AND status = 'draft'`,
		dbconn.NullInt(userID), name, q.T(at), planID, clinicID)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return clinic.Errorf(clinic.Conflict, "This plan is no longer a draft; it may have been signed already.")
	}
	return nil
}

// SupersedePlans marks every other signed version of the series rootID superseded.
func (q *Queries) SupersedePlans(ctx context.Context, clinicID, rootID, exceptID int64) error {
	_, err := q.ExecContext(ctx,
		`UPDATE treatment_plans SET status = 'superseded'
		 WHERE clinic_id = $1 AND (id = $2 OR root_id = $2) AND id <> $3 AND status = 'signed'`,
		clinicID, rootID, exceptID)
	return err
}

const PlanColumns = `id, clinic_id, patient_id, COALESCE(root_id, id), version, status, template_id, template_name,
	template_source, route, weight_kg, age_years, start_date, weekdays, concentration_mg_per_ml, diluent_ml, reason,
	COALESCE(created_by, 0), created_by_name, created_at, COALESCE(signed_by, 0), signed_by_name, signed_at, template_json`

func ScanPlan(row interface{ Scan(...any) error }) (record.Plan, error) {
	var p record.Plan
	var start, created, signed dbconn.Time
	var weekdays, tmpl string
	err := row.Scan(&p.ID, &p.ClinicID, &p.PatientID, &p.RootID, &p.Version, &p.Status, &p.TemplateID, &p.TemplateName,
		&p.TemplateSource, &p.Route, &p.WeightKg, &p.AgeYears, &start, &weekdays, &p.ConcentrationMgPerML, &p.DiluentML,
		&p.Reason, &p.CreatedBy, &p.CreatedByName, &created, &p.SignedBy, &p.SignedByName, &signed, &tmpl)
	if err != nil {
		return p, err
	}
	if tmpl != "" {
		if err := json.Unmarshal([]byte(tmpl), &p.Template); err != nil {
			return p, fmt.Errorf("store: plan %d: bad template snapshot: %w", p.ID, err)
		}
	}
	p.StartDate, p.CreatedAt, p.SignedAt = start.Time, created.Time, signed.Time
	p.Weekdays, err = SplitWeekdays(weekdays)
	return p, err
}

// Plan returns one plan version of a clinic with its sessions.
func (q *Queries) Plan(ctx context.Context, clinicID, id int64) (record.Plan, error) {
	p, err := ScanPlan(q.QueryRowContext(ctx,
		`SELECT `+PlanColumns+` FROM treatment_plans WHERE id = $1 AND clinic_id = $2`, id, clinicID))
	if err != nil {
		return p, dbconn.NotFound(err, "treatment plan")
	}
	p.Sessions, err = q.planSessions(ctx, clinicID, id)
	return p, err
}

// Plans lists a patient's plan versions, oldest first, with their sessions.
func (q *Queries) Plans(ctx context.Context, clinicID, patientID int64) ([]record.Plan, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT `+PlanColumns+` FROM treatment_plans WHERE clinic_id = $1 AND patient_id = $2 ORDER BY id`,
		clinicID, patientID)
	if err != nil {
		return nil, err
	}
	var out []record.Plan
	for rows.Next() {
		p, err := ScanPlan(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Sessions, err = q.planSessions(ctx, clinicID, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (q *Queries) planSessions(ctx context.Context, clinicID, planID int64) ([]record.PlannedSession, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT number, phase, planned_on, route, dose_mg, mg_per_kg, devices, duration_min, monitor_min, volume_ml,
		 total_ml, rate_ml_per_hour, steps FROM plan_sessions WHERE plan_id = $1 AND clinic_id = $2 ORDER BY number`,
		planID, clinicID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.PlannedSession
	for rows.Next() {
		var s record.PlannedSession
		var on dbconn.Time
		var steps string
		if err := rows.Scan(&s.Number, &s.Phase, &on, &s.Route, &s.DoseMg, &s.MgPerKg, &s.Devices, &s.DurationMin,
			&s.MonitorMin, &s.VolumeML, &s.TotalML, &s.RateMLPerHour, &steps); err != nil {
			return nil, err
		}
		s.Date = on.Time
		if steps != "" {
			s.Steps = strings.Split(steps, "\n")
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func JoinWeekdays(ds []time.Weekday) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = strconv.Itoa(int(d))
	}
	return strings.Join(parts, ",")
}

func SplitWeekdays(s string) ([]time.Weekday, error) {
	if s == "" {
		return nil, nil
	}
	var out []time.Weekday
	for _, p := range strings.Split(s, ",") {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, err
		}
		out = append(out, time.Weekday(n))
	}
	return out, nil
}

// templateJSON is a plan's template snapshot as stored; "" for none.
func templateJSON(t protocol.Template) string {
	if t.ID == "" {
		return ""
	}
	b, err := json.Marshal(t)
	if err != nil {
		return "" // a template is plain data; Marshal cannot fail on it
	}
	return string(b)
}

// DraftPlans lists the clinic's plan drafts waiting for a signature,
// oldest first, without their sessions.
func (q *Queries) DraftPlans(ctx context.Context, clinicID int64, limit int) ([]record.Plan, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+PlanColumns+` FROM treatment_plans WHERE clinic_id = $1 AND status = $2
		ORDER BY id LIMIT $3`, clinicID, string(record.PlanDraft), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.Plan
	for rows.Next() {
		p, err := ScanPlan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
