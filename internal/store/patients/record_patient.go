package patients

import (
	"context"

	"onset/internal/clinic"
	"onset/internal/store/dbconn"
)

// recordPatient is, for each kind of record, the query of the patient it
// belongs to: $1 the record's id, $2 the clinic's.
var recordPatient = map[string]string{
	"assessment":        `SELECT patient_id FROM assessments WHERE id = $1 AND clinic_id = $2`,
	"treatment_session": `SELECT patient_id FROM treatment_sessions WHERE id = $1 AND clinic_id = $2`,
	"session_dose": `SELECT s.patient_id FROM session_doses d JOIN treatment_sessions s ON s.id = d.session_id
		WHERE d.id = $1 AND d.clinic_id = $2`,
	"session_vitals": `SELECT s.patient_id FROM session_vitals v JOIN treatment_sessions s ON s.id = v.session_id
		WHERE v.id = $1 AND v.clinic_id = $2`,
	"intake":             `SELECT patient_id FROM intakes WHERE id = $1 AND clinic_id = $2`,
	"plan":               `SELECT patient_id FROM treatment_plans WHERE id = $1 AND clinic_id = $2`,
	"appointment":        `SELECT patient_id FROM appointments WHERE id = $1 AND clinic_id = $2`,
	"contact_preference": `SELECT patient_id FROM contact_preferences WHERE id = $1 AND clinic_id = $2`,
}

// RecordPatient is the patient one of a clinic's records belongs to. kind
// is assessment, treatment_session, session_dose, session_vitals, intake,
// plan, appointment or contact_preference; NotFound when the clinic has no such record.
func (q *Queries) RecordPatient(ctx context.Context, clinicID int64, kind string, id int64) (int64, error) {
	query, ok := recordPatient[kind]
	if !ok {
		return 0, clinic.Errorf(clinic.NotFound, "no records of kind %q", kind)
	}
	var patientID int64
	err := q.QueryRowContext(ctx, query, id, clinicID).Scan(&patientID)
	return patientID, dbconn.NotFound(err, kind)
}
