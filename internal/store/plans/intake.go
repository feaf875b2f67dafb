package plans

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/screening"
	"onset/internal/store/dbconn"
)

// Intakes and screening overrides (migration 0008). Lists (conditions,
// medications, findings) are stored as JSON text, the same on both engines.

func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// CreateIntake appends an intake version with its screening result. A
// second save of the same version (two people saving at once) is a conflict.
func (q *Queries) CreateIntake(ctx context.Context, in record.Intake) (int64, error) {
	conds := make([]string, 0, len(in.Conditions))
	for _, c := range in.Conditions {
		conds = append(conds, string(c))
	}
	var texts [4]string
	for i, v := range []any{conds, nonNil(in.Medications), nonNilF(in.Findings), nonNil(in.Unrecognized)} {
		var err error
		if texts[i], err = jsonText(v); err != nil {
			return 0, err
		}
	}
	factors, err := factorsText(in.Factors)
	if err != nil {
		return 0, err
	}
	var id int64
	err = q.QueryRowContext(ctx,
		`INSERT INTO intakes (clinic_id, patient_id, version, weight_kg, height_cm, conditions, medications,
		 aneurysm, avm, intracerebral_bleed, psychosis_active, psychosis_history, seizures, hyperthyroidism, substance_misuse,
		 pregnant, systolic, diastolic, heart_rate, consent_version, consent_name, consent_at, source,
		 recorded_by, recorded_by_name, recorded_at, eligible, findings, unrecognized, factors)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
		 $24, $25, $26, $27, $28, $29, $30) RETURNING id`,
		in.ClinicID, in.PatientID, in.Version, in.WeightKg, in.HeightCm, texts[0], texts[1],
		in.AneurysmalVascularDisease, in.ArteriovenousMalformation, in.IntracerebralHaemorrhage, in.ActivePsychosis,
		in.HistoryOfPsychosis, in.UncontrolledSeizures, in.Hyperthyroidism, in.ActiveSubstanceMisuse,
		string(in.Pregnant), in.SystolicBP, in.DiastolicBP, in.HeartRate, in.ConsentVersion, in.ConsentName, q.T(in.ConsentAt),
		in.Source, dbconn.NullInt(in.RecordedBy), in.RecordedByName, q.T(in.RecordedAt), in.Eligible, texts[2], texts[3], factors).Scan(&id)
	if dbconn.IsUniqueViolation(err) {
		return 0, clinic.Errorf(clinic.Conflict, "Someone else saved this patient's intake at the same moment. Reload the page to see it, then save again if needed.")
	}
	return id, err
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilF(s []record.IntakeFinding) []record.IntakeFinding {
	if s == nil {
		return []record.IntakeFinding{}
	}
	return s
}

const IntakeColumns = `id, clinic_id, patient_id, version, weight_kg, height_cm, conditions, medications,
	aneurysm, avm, intracerebral_bleed, psychosis_active, psychosis_history, seizures, hyperthyroidism, substance_misuse,
	pregnant, systolic, diastolic, heart_rate, consent_version, consent_name, consent_at, source,
	COALESCE(recorded_by, 0), recorded_by_name, recorded_at, eligible, findings, unrecognized, factors`

func ScanIntake(row interface{ Scan(...any) error }) (record.Intake, error) {
	var in record.Intake
	var conds, meds, findings, unknown, pregnant string
	var consentAt, recordedAt dbconn.Time
	var factors sql.NullString
	err := row.Scan(&in.ID, &in.ClinicID, &in.PatientID, &in.Version, &in.WeightKg, &in.HeightCm, &conds, &meds,
		&in.AneurysmalVascularDisease, &in.ArteriovenousMalformation, &in.IntracerebralHaemorrhage, &in.ActivePsychosis,
		&in.HistoryOfPsychosis, &in.UncontrolledSeizures, &in.Hyperthyroidism, &in.ActiveSubstanceMisuse,
		&pregnant, &in.SystolicBP, &in.DiastolicBP, &in.HeartRate, &in.ConsentVersion, &in.ConsentName, &consentAt, &in.Source,
		&in.RecordedBy, &in.RecordedByName, &recordedAt, &in.Eligible, &findings, &unknown, &factors)
	if err != nil {
		return in, err
	}
	if in.Factors, err = ReadFactors(factors); err != nil {
		return in, fmt.Errorf("store: intake %d: %w", in.ID, err)
	}
	in.Pregnant, in.ConsentAt, in.RecordedAt = screening.Pregnancy(pregnant), consentAt.Time, recordedAt.Time
	var cs []string
	for _, x := range []struct {
		text string
		dst  any
	}{{conds, &cs}, {meds, &in.Medications}, {findings, &in.Findings}, {unknown, &in.Unrecognized}} {
		if err := json.Unmarshal([]byte(x.text), x.dst); err != nil {
			return in, fmt.Errorf("store: intake %d: %w", in.ID, err)
		}
	}
	for _, c := range cs {
		in.Conditions = append(in.Conditions, clinic.Condition(c))
	}
	return in, nil
}

// LatestIntake is the patient's current intake; clinic.NotFound when none.
func (q *Queries) LatestIntake(ctx context.Context, clinicID, patientID int64) (record.Intake, error) {
	in, err := ScanIntake(q.QueryRowContext(ctx,
		`SELECT `+IntakeColumns+` FROM intakes WHERE clinic_id = $1 AND patient_id = $2 ORDER BY version DESC LIMIT 1`,
		clinicID, patientID))
	return in, dbconn.NotFound(err, "intake")
}

// Intakes lists a patient's intakes, newest first.
func (q *Queries) Intakes(ctx context.Context, clinicID, patientID int64) ([]record.Intake, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT `+IntakeColumns+` FROM intakes WHERE clinic_id = $1 AND patient_id = $2 ORDER BY version DESC`,
		clinicID, patientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.Intake
	for rows.Next() {
		in, err := ScanIntake(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

// SetPatientConditions replaces a patient's coded conditions.
func (q *Queries) SetPatientConditions(ctx context.Context, clinicID, patientID int64, cs []clinic.Condition) error {
	if _, err := q.ExecContext(ctx,
		`DELETE FROM patient_conditions WHERE clinic_id = $1 AND patient_id = $2`, clinicID, patientID); err != nil {
		return err
	}
	for _, c := range cs {
		if _, err := q.ExecContext(ctx,
			`INSERT INTO patient_conditions (clinic_id, patient_id, condition) VALUES ($1, $2, $3)`,
			clinicID, patientID, string(c)); err != nil {
			return err
		}
	}
	return nil
}

// CreateScreeningOverride records a clinician's override of one intake's
// screening; a second override of the same intake is a conflict.
func (q *Queries) CreateScreeningOverride(ctx context.Context, o record.ScreeningOverride) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO screening_overrides (clinic_id, patient_id, intake_id, reason, clinician_id, clinician_name, created_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		o.ClinicID, o.PatientID, o.IntakeID, o.Reason, dbconn.NullInt(o.ClinicianID), o.ClinicianName, q.T(o.CreatedAt)).Scan(&id)
	if dbconn.IsUniqueViolation(err) {
		return 0, clinic.Errorf(clinic.Conflict, "This screening was already overridden.")
	}
	return id, err
}

const overrideColumns = `id, clinic_id, patient_id, intake_id, reason, COALESCE(clinician_id, 0), clinician_name, created_at`

func scanOverride(row interface{ Scan(...any) error }) (record.ScreeningOverride, error) {
	var o record.ScreeningOverride
	var at dbconn.Time
	err := row.Scan(&o.ID, &o.ClinicID, &o.PatientID, &o.IntakeID, &o.Reason, &o.ClinicianID, &o.ClinicianName, &at)
	o.CreatedAt = at.Time
	return o, err
}

// IntakeOverride is the override of one intake's screening; clinic.NotFound when none.
func (q *Queries) IntakeOverride(ctx context.Context, clinicID, intakeID int64) (record.ScreeningOverride, error) {
	o, err := scanOverride(q.QueryRowContext(ctx,
		`SELECT `+overrideColumns+` FROM screening_overrides WHERE clinic_id = $1 AND intake_id = $2`, clinicID, intakeID))
	return o, dbconn.NotFound(err, "screening override")
}

// ScreeningOverrides lists a patient's overrides, newest first.
func (q *Queries) ScreeningOverrides(ctx context.Context, clinicID, patientID int64) ([]record.ScreeningOverride, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT `+overrideColumns+` FROM screening_overrides WHERE clinic_id = $1 AND patient_id = $2 ORDER BY id DESC`,
		clinicID, patientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.ScreeningOverride
	for rows.Next() {
		o, err := scanOverride(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// IntakesAwaitingOverride lists patients' current intakes whose screen
// excluded treatment and that no prescriber has overridden, oldest first
// (ID, PatientID, RecordedAt and RecordedByName only).
func (q *Queries) IntakesAwaitingOverride(ctx context.Context, clinicID int64, limit int) ([]record.Intake, error) {
	rows, err := q.QueryContext(ctx, `SELECT i.id, i.patient_id, i.recorded_at, i.recorded_by_name FROM intakes i
		WHERE i.clinic_id = $1 AND i.eligible = $2
		AND i.version = (SELECT MAX(v.version) FROM intakes v WHERE v.clinic_id = i.clinic_id AND v.patient_id = i.patient_id)
		AND NOT EXISTS (SELECT 1 FROM screening_overrides o WHERE o.intake_id = i.id)
		ORDER BY i.recorded_at, i.id LIMIT $3`, clinicID, false, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.Intake
	for rows.Next() {
		in := record.Intake{ClinicID: clinicID}
		var at dbconn.Time
		if err := rows.Scan(&in.ID, &in.PatientID, &at, &in.RecordedByName); err != nil {
			return nil, err
		}
		in.RecordedAt = at.Time
		out = append(out, in)
	}
	return out, rows.Err()
}
