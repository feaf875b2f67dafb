package treatment

import (
	"context"
	"database/sql"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/session"
	"onset/internal/store/dbconn"
)

// Treatment sessions (issue 5): not to be confused with web_sessions
// (sign-in sessions, store/accounts/sessions.go).

// CreateTreatmentSession stores a check-in with its checklist and baseline.
func (q *Queries) CreateTreatmentSession(ctx context.Context, s record.TreatmentSession) (int64, error) {
	c, b := s.Checklist, s.Baseline
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO treatment_sessions (clinic_id, patient_id, plan_id, route, drug, planned_dose_mg, ceiling_mg, weight_kg,
		 age_years, status, identity_confirmed, consent_current, plan_signed, nothing_by_mouth, responsible_adult, pregnancy,
		 base_systolic, base_diastolic, base_heart_rate, base_spo2, base_resp_rate, hold_reason, checked_in_by,
		 checked_in_by_name, checked_in_at, appointment_id, plan_session, spacing_override, spacing_override_by,
		 spacing_override_by_name)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25,
		 $26, $27, $28, $29, $30)
		 RETURNING id`,
		s.ClinicID, s.PatientID, dbconn.NullInt(s.PlanID), string(s.Route), s.Drug, s.PlannedDoseMg, s.CeilingMg, s.WeightKg,
		s.AgeYears, string(s.Status), c.IdentityConfirmed, c.ConsentCurrent, c.PlanSigned, c.NothingByMouth,
		c.ResponsibleAdult, c.Pregnancy, b.Systolic, b.Diastolic, b.HeartRate, b.SpO2, b.RespRate, s.HoldReason,
		dbconn.NullInt(s.CheckedInBy), s.CheckedInByName, q.T(s.CheckedInAt), dbconn.NullInt(s.AppointmentID), s.PlanSession,
		s.SpacingOverride, dbconn.NullInt(s.SpacingOverrideBy), s.SpacingOverrideByName).Scan(&id)
	return id, err
}

const TreatmentSessionColumns = `id, clinic_id, patient_id, COALESCE(plan_id, 0), route, drug, planned_dose_mg, ceiling_mg,
	weight_kg, age_years, status, identity_confirmed, consent_current, plan_signed, nothing_by_mouth, responsible_adult,
	pregnancy, base_systolic, base_diastolic, base_heart_rate, base_spo2, base_resp_rate, hold_reason, hold_decision,
	hold_decision_reason, COALESCE(hold_decided_by, 0), hold_decided_by_name, hold_decided_at, COALESCE(checked_in_by, 0),
	checked_in_by_name, checked_in_at, alert_oriented, adult_present, discharge_instructions, COALESCE(discharged_by, 0),
	discharged_by_name, discharged_at, COALESCE(signed_by, 0), signed_by_name, signed_at, COALESCE(appointment_id, 0),
	plan_session, spacing_override, COALESCE(spacing_override_by, 0), spacing_override_by_name,
	env_music, env_eyeshade, env_support`

func ScanTreatmentSession(row interface{ Scan(...any) error }) (record.TreatmentSession, error) {
	var s record.TreatmentSession
	var decided, checked, discharged, signed dbconn.Time
	var env [3]sql.NullBool
	c, b := &s.Checklist, &s.Baseline
	err := row.Scan(&s.ID, &s.ClinicID, &s.PatientID, &s.PlanID, &s.Route, &s.Drug, &s.PlannedDoseMg, &s.CeilingMg,
		&s.WeightKg, &s.AgeYears, &s.Status, &c.IdentityConfirmed, &c.ConsentCurrent, &c.PlanSigned, &c.NothingByMouth,
		&c.ResponsibleAdult, &c.Pregnancy, &b.Systolic, &b.Diastolic, &b.HeartRate, &b.SpO2, &b.RespRate, &s.HoldReason,
		&s.HoldDecision, &s.HoldDecisionReason, &s.HoldDecidedBy, &s.HoldDecidedByName, &decided, &s.CheckedInBy,
		&s.CheckedInByName, &checked, &s.AlertOriented, &s.AdultPresent, &s.DischargeInstructions, &s.DischargedBy,
		&s.DischargedByName, &discharged, &s.SignedBy, &s.SignedByName, &signed, &s.AppointmentID, &s.PlanSession,
		&s.SpacingOverride, &s.SpacingOverrideBy, &s.SpacingOverrideByName, &env[0], &env[1], &env[2])
	s.Environment = clinic.SessionEnvironment{Music: NullBoolPtr(env[0]), Eyeshade: NullBoolPtr(env[1]), SupportPerson: NullBoolPtr(env[2])}
	b.Sedation = session.NoSedation
	s.HoldDecidedAt, s.CheckedInAt, s.DischargedAt, s.SignedAt = decided.Time, checked.Time, discharged.Time, signed.Time
	return s, err
}

// TreatmentSession returns one session of a clinic.
func (q *Queries) TreatmentSession(ctx context.Context, clinicID, id int64) (record.TreatmentSession, error) {
	s, err := ScanTreatmentSession(q.QueryRowContext(ctx,
		`SELECT `+TreatmentSessionColumns+` FROM treatment_sessions WHERE id = $1 AND clinic_id = $2`, id, clinicID))
	return s, dbconn.NotFound(err, "treatment session")
}

func (q *Queries) treatmentSessions(ctx context.Context, query string, args ...any) ([]record.TreatmentSession, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.TreatmentSession
	for rows.Next() {
		s, err := ScanTreatmentSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// PatientTreatmentSessions lists a patient's sessions, newest first.
func (q *Queries) PatientTreatmentSessions(ctx context.Context, clinicID, patientID int64) ([]record.TreatmentSession, error) {
	return q.treatmentSessions(ctx, `SELECT `+TreatmentSessionColumns+` FROM treatment_sessions
		WHERE clinic_id = $1 AND patient_id = $2 ORDER BY checked_in_at DESC, id DESC`, clinicID, patientID)
}

// ClinicSessionsSince lists the clinic's sessions checked in since since,
// oldest first.
func (q *Queries) ClinicSessionsSince(ctx context.Context, clinicID int64, since time.Time) ([]record.TreatmentSession, error) {
	return q.treatmentSessions(ctx, `SELECT `+TreatmentSessionColumns+` FROM treatment_sessions
		WHERE clinic_id = $1 AND checked_in_at >= $2 ORDER BY checked_in_at, id`, clinicID, q.T(since))
}

// PatientDoseLinks lists which plan session each of the patient's session
// doses gave (sessions checked in before plans were linked give none).
func (q *Queries) PatientDoseLinks(ctx context.Context, clinicID, patientID int64) ([]record.DoseLink, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.administration_id, s.plan_id, s.plan_session
		FROM session_doses d JOIN treatment_sessions s ON s.id = d.session_id AND s.clinic_id = d.clinic_id
		WHERE s.clinic_id = $1 AND s.patient_id = $2 AND s.plan_id IS NOT NULL AND s.plan_session > 0`, clinicID, patientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.DoseLink
	for rows.Next() {
		var l record.DoseLink
		if err := rows.Scan(&l.AdministrationID, &l.PlanID, &l.PlanSession); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// EsketamineSessionsSince lists the clinic's dosed or discharged
// esketamine sessions checked in at or after since, oldest first: the
// sessions that need a REMS Patient Monitoring Form.
func (q *Queries) EsketamineSessionsSince(ctx context.Context, clinicID int64, since time.Time) ([]record.TreatmentSession, error) {
	return q.treatmentSessions(ctx, `SELECT `+TreatmentSessionColumns+` FROM treatment_sessions
		WHERE clinic_id = $1 AND drug = 'esketamine' AND status IN ('dosed', 'discharged') AND checked_in_at >= $2
		ORDER BY checked_in_at, id`, clinicID, q.T(since))
}

// changed1 turns "no row matched the guarded update" into a conflict.
func changed1(res sql.Result, err error, msg string) error {
	if err != nil {
		return lockedErr(err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return clinic.Errorf(clinic.Conflict, "%s", msg)
	}
	return nil
}

// DecideSessionHold records a clinician's decision on a held dose and
// moves the session to status. A session no longer held is a conflict.
func (q *Queries) DecideSessionHold(ctx context.Context, s record.TreatmentSession) error {
	res, err := q.ExecContext(ctx,
		`UPDATE treatment_sessions SET status = $1, hold_decision = $2, hold_decision_reason = $3, hold_decided_by = $4,
		 hold_decided_by_name = $5, hold_decided_at = $6 WHERE id = $7 AND clinic_id = $8 AND status = 'held'`,
		string(s.Status), s.HoldDecision, s.HoldDecisionReason, dbconn.NullInt(s.HoldDecidedBy), s.HoldDecidedByName,
		q.T(s.HoldDecidedAt), s.ID, s.ClinicID)
	return changed1(res, err, "This session is no longer waiting for a decision on its blood pressure.")
}

// CreateSessionDose stores the dose and marks the session dosed; only a
// session ready for its dose may be dosed, once.
func (q *Queries) CreateSessionDose(ctx context.Context, d record.Dose) (int64, error) {
	res, err := q.ExecContext(ctx,
		`UPDATE treatment_sessions SET status = 'dosed' WHERE id = $1 AND clinic_id = $2 AND status = 'ready'`,
		d.SessionID, d.ClinicID)
	if err := changed1(res, err, "This session is not ready for a dose: it is held, cancelled or already dosed."); err != nil {
		return 0, err
	}
	var id int64
	err = q.QueryRowContext(ctx,
		`INSERT INTO session_doses (clinic_id, session_id, administration_id, drug, route, dose_mg, mg_per_kg,
		 concentration_mg_per_ml, volume_ml, rate_ml_per_hour, duration_min, devices, lot_number, lot_expiry, started_at,
		 ended_at, administered_by, administered_by_name, created_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id`,
		d.ClinicID, d.SessionID, d.AdministrationID, d.Drug, string(d.Route), d.DoseMg, d.MgPerKg, d.ConcentrationMgPerML,
		d.VolumeML, d.RateMLPerHour, d.DurationMin, d.Devices, d.LotNumber, q.T(d.LotExpiry), q.T(d.StartedAt),
		q.T(d.EndedAt), dbconn.NullInt(d.AdministeredBy), d.AdministeredByName, q.T(d.CreatedAt)).Scan(&id)
	if dbconn.IsUniqueViolation(err) {
		return 0, clinic.Errorf(clinic.Conflict, "This session already has a dose recorded.")
	}
	return id, lockedErr(err)
}

// CreateSessionVitals stores one grid entry.
func (q *Queries) CreateSessionVitals(ctx context.Context, v record.VitalsEntry) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO session_vitals (clinic_id, session_id, taken_at, systolic, diastolic, heart_rate, spo2, resp_rate,
		 sedation, note, recorded_by, recorded_by_name, created_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		v.ClinicID, v.SessionID, q.T(v.TakenAt), v.Systolic, v.Diastolic, v.HeartRate, v.SpO2, v.RespRate, v.Sedation,
		v.Note, dbconn.NullInt(v.RecordedBy), v.RecordedByName, q.T(v.CreatedAt)).Scan(&id)
	return id, lockedErr(err)
}

// SessionVitals lists a session's grid entries, oldest first.
func (q *Queries) SessionVitals(ctx context.Context, clinicID, sessionID int64) ([]record.VitalsEntry, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+VitalsColumns+` FROM session_vitals
		 WHERE session_id = $1 AND clinic_id = $2 ORDER BY taken_at, id`, sessionID, clinicID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.VitalsEntry
	for rows.Next() {
		v, err := ScanVitals(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

const VitalsColumns = `id, clinic_id, session_id, taken_at, systolic, diastolic, heart_rate, spo2, resp_rate, sedation, note,
	COALESCE(recorded_by, 0), recorded_by_name, created_at`

func ScanVitals(row interface{ Scan(...any) error }) (record.VitalsEntry, error) {
	var v record.VitalsEntry
	var taken, created dbconn.Time
	err := row.Scan(&v.ID, &v.ClinicID, &v.SessionID, &taken, &v.Systolic, &v.Diastolic, &v.HeartRate, &v.SpO2,
		&v.RespRate, &v.Sedation, &v.Note, &v.RecordedBy, &v.RecordedByName, &created)
	v.TakenAt, v.CreatedAt = taken.Time, created.Time
	return v, err
}

// CreateVitalsAlert stores an alert raised by a grid entry.
func (q *Queries) CreateVitalsAlert(ctx context.Context, a record.VitalsAlert) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO session_alerts (clinic_id, session_id, vitals_id, kind, message, created_at)
		 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		a.ClinicID, a.SessionID, a.VitalsID, string(a.Kind), a.Message, q.T(a.CreatedAt)).Scan(&id)
	return id, lockedErr(err)
}

// SessionAlerts lists a session's alerts, oldest first.
func (q *Queries) SessionAlerts(ctx context.Context, clinicID, sessionID int64) ([]record.VitalsAlert, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+VitalsAlertColumns+` FROM session_alerts
		 WHERE session_id = $1 AND clinic_id = $2 ORDER BY id`, sessionID, clinicID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.VitalsAlert
	for rows.Next() {
		a, err := ScanVitalsAlert(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

const VitalsAlertColumns = `id, clinic_id, session_id, vitals_id, kind, message, created_at, COALESCE(ack_by, 0), ack_by_name,
	ack_at, ack_action, ack_note`

func ScanVitalsAlert(row interface{ Scan(...any) error }) (record.VitalsAlert, error) {
	var a record.VitalsAlert
	var created, ack dbconn.Time
	err := row.Scan(&a.ID, &a.ClinicID, &a.SessionID, &a.VitalsID, &a.Kind, &a.Message, &created, &a.AckBy,
		&a.AckByName, &ack, &a.AckAction, &a.AckNote)
	a.CreatedAt, a.AckAt = created.Time, ack.Time
	return a, err
}

// AcknowledgeVitalsAlert records the action taken on an open alert; an
// alert already acknowledged (or not in this session) is a conflict.
func (q *Queries) AcknowledgeVitalsAlert(ctx context.Context, a record.VitalsAlert) error {
	res, err := q.ExecContext(ctx,
		`UPDATE session_alerts SET ack_by = $1, ack_by_name = $2, ack_at = $3, ack_action = $4, ack_note = $5
		 WHERE id = $6 AND session_id = $7 AND clinic_id = $8 AND ack_at IS NULL`,
		dbconn.NullInt(a.AckBy), a.AckByName, q.T(a.AckAt), a.AckAction, a.AckNote, a.ID, a.SessionID, a.ClinicID)
	return changed1(res, err, "This alert has already been acknowledged.")
}

// CreateSideEffect stores a side effect or an adverse event.
func (q *Queries) CreateSideEffect(ctx context.Context, e record.SideEffect) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO session_side_effects (clinic_id, session_id, kind, effect, grade, outcome, noted_at, note, recorded_by,
		 recorded_by_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		e.ClinicID, e.SessionID, e.Kind, e.Effect, e.Grade, e.Outcome, q.T(e.NotedAt), e.Note, dbconn.NullInt(e.RecordedBy),
		e.RecordedByName).Scan(&id)
	return id, lockedErr(err)
}

// DischargeSession records the discharge of a dosed session.
func (q *Queries) DischargeSession(ctx context.Context, s record.TreatmentSession) error {
	res, err := q.ExecContext(ctx,
		`UPDATE treatment_sessions SET status = 'discharged', alert_oriented = $1, adult_present = $2,
		 discharge_instructions = $3, discharged_by = $4, discharged_by_name = $5, discharged_at = $6
		 WHERE id = $7 AND clinic_id = $8 AND status = 'dosed'`,
		s.AlertOriented, s.AdultPresent, s.DischargeInstructions, dbconn.NullInt(s.DischargedBy), s.DischargedByName,
		q.T(s.DischargedAt), s.ID, s.ClinicID)
	return changed1(res, err, "Only a dosed session that is still open can be discharged.")
}

// SessionRecord loads a session with everything recorded in it.
func (q *Queries) SessionRecord(ctx context.Context, clinicID, id int64) (record.SessionRecord, error) {
	var rec record.SessionRecord
	var err error
	if rec.Session, err = q.TreatmentSession(ctx, clinicID, id); err != nil {
		return rec, err
	}
	d, err := ScanDose(q.QueryRowContext(ctx,
		`SELECT `+doseColumns+` FROM session_doses WHERE session_id = $1 AND clinic_id = $2`, id, clinicID))
	switch {
	case err == nil:
		rec.Dose = &d
	case err != sql.ErrNoRows:
		return rec, err
	}
	if rec.Vitals, err = q.SessionVitals(ctx, clinicID, id); err != nil {
		return rec, err
	}
	if rec.Alerts, err = q.SessionAlerts(ctx, clinicID, id); err != nil {
		return rec, err
	}
	if rec.SideEffects, err = q.sideEffects(ctx, clinicID, id); err != nil {
		return rec, err
	}
	r, err := q.REMSAnswers(ctx, clinicID, id)
	if err == nil {
		rec.REMS = &r
	} else if clinic.ErrorCode(err) != clinic.NotFound {
		return rec, err
	}
	if rec.Addenda, err = q.SessionAddenda(ctx, clinicID, id); err != nil {
		return rec, err
	}
	return rec, nil
}

// doseColumns are a session dose's columns of session_doses, in ScanDose's order.
const doseColumns = `id, clinic_id, session_id, administration_id, drug, route, dose_mg, mg_per_kg, concentration_mg_per_ml,
	volume_ml, rate_ml_per_hour, duration_min, devices, lot_number, lot_expiry, started_at, ended_at,
	COALESCE(administered_by, 0), administered_by_name, created_at`

func ScanDose(row interface{ Scan(...any) error }) (record.Dose, error) {
	var d record.Dose
	var expiry, started, ended, created dbconn.Time
	err := row.Scan(&d.ID, &d.ClinicID, &d.SessionID, &d.AdministrationID, &d.Drug, &d.Route, &d.DoseMg, &d.MgPerKg,
		&d.ConcentrationMgPerML, &d.VolumeML, &d.RateMLPerHour, &d.DurationMin, &d.Devices, &d.LotNumber, &expiry, &started,
		&ended, &d.AdministeredBy, &d.AdministeredByName, &created)
	d.LotExpiry, d.StartedAt, d.EndedAt, d.CreatedAt = expiry.Time, started.Time, ended.Time, created.Time
	return d, err
}

func (q *Queries) sideEffects(ctx context.Context, clinicID, sessionID int64) ([]record.SideEffect, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+SideEffectColumns+` FROM session_side_effects
		WHERE session_id = $1 AND clinic_id = $2 ORDER BY noted_at, id`, sessionID, clinicID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.SideEffect
	for rows.Next() {
		e, err := ScanSideEffect(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

const SideEffectColumns = `id, clinic_id, session_id, kind, effect, grade, outcome, noted_at, note, COALESCE(recorded_by, 0),
	recorded_by_name`

func ScanSideEffect(row interface{ Scan(...any) error }) (record.SideEffect, error) {
	var e record.SideEffect
	var at dbconn.Time
	err := row.Scan(&e.ID, &e.ClinicID, &e.SessionID, &e.Kind, &e.Effect, &e.Grade, &e.Outcome, &at, &e.Note,
		&e.RecordedBy, &e.RecordedByName)
	e.NotedAt = at.Time
	return e, err
}

func boolPtr(b sql.NullBool) *bool {
	if !b.Valid {
		return nil
	}
	v := b.Bool
	return &v
}

func nullBool(b *bool) sql.NullBool {
	if b == nil {
		return sql.NullBool{}
	}
	return sql.NullBool{Bool: *b, Valid: true}
}

// REMSAnswers returns a session's REMS form answers (NotFound when none).
func (q *Queries) REMSAnswers(ctx context.Context, clinicID, sessionID int64) (record.REMSAnswers, error) {
	var r record.REMSAnswers
	var meds [4]sql.NullBool
	var ready sql.NullInt64
	var updated, signed dbconn.Time
	err := q.QueryRowContext(ctx,
		`SELECT session_id, clinic_id, benzodiazepines, sedative_hypnotics, psychostimulants, maois, ready_minutes,
		 updated_at, COALESCE(signed_by, 0), signed_by_name, signed_at FROM rems_forms WHERE session_id = $1 AND clinic_id = $2`,
		sessionID, clinicID).Scan(&r.SessionID, &r.ClinicID, &meds[0], &meds[1], &meds[2], &meds[3], &ready, &updated,
		&r.SignedBy, &r.SignedByName, &signed)
	if err != nil {
		return r, dbconn.NotFound(err, "REMS form")
	}
	for i := range meds {
		r.Medications[i] = boolPtr(meds[i])
	}
	if ready.Valid {
		m := int(ready.Int64)
		r.ReadyMinutes = &m
	}
	r.UpdatedAt, r.SignedAt = updated.Time, signed.Time
	return r, nil
}

// SaveREMSAnswers creates or replaces a form's answers; a signed form is
// a conflict.
func (q *Queries) SaveREMSAnswers(ctx context.Context, r record.REMSAnswers) error {
	var ready sql.NullInt64
	if r.ReadyMinutes != nil {
		ready = sql.NullInt64{Int64: int64(*r.ReadyMinutes), Valid: true}
	}
	res, err := q.ExecContext(ctx,
		`INSERT INTO rems_forms (session_id, clinic_id, benzodiazepines, sedative_hypnotics, psychostimulants, maois,
		 ready_minutes, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		 ON CONFLICT (session_id, clinic_id) DO UPDATE SET benzodiazepines = excluded.benzodiazepines,
		 sedative_hypnotics = excluded.sedative_hypnotics, psychostimulants = excluded.psychostimulants,
		 maois = excluded.maois, ready_minutes = excluded.ready_minutes, updated_at = excluded.updated_at
		 WHERE rems_forms.signed_at IS NULL AND rems_forms.clinic_id = excluded.clinic_id`,
		r.SessionID, r.ClinicID, nullBool(r.Medications[0]), nullBool(r.Medications[1]), nullBool(r.Medications[2]),
		nullBool(r.Medications[3]), ready, q.T(r.UpdatedAt))
	return changed1(res, err, "This REMS form is signed and can no longer be changed.")
}

// SignREMSForm signs a form that is not yet signed.
func (q *Queries) SignREMSForm(ctx context.Context, clinicID, sessionID, userID int64, name string, at time.Time) error {
	res, err := q.ExecContext(ctx,
		`UPDATE rems_forms SET signed_by = $1, signed_by_name = $2, signed_at = $3
		 WHERE session_id = $4 AND clinic_id = $5 AND signed_at IS NULL`,
		dbconn.NullInt(userID), name, q.T(at), sessionID, clinicID)
	return changed1(res, err, "This REMS form is already signed, or its answers have not been saved yet.")
}
