package measurement

import (
	"context"
	"time"

	"onset/internal/record"
	"onset/internal/store/dbconn"
)

// Clinic-wide reads for the questionnaire schedule (measurement.ScheduleLinks):
// one pass over a clinic costs a few queries, not three per patient.

// CourseSessionTimes lists, per course, when its doses were given.
func (q *Queries) CourseSessionTimes(ctx context.Context, clinicID int64) (map[int64][]time.Time, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT course_id, given_at FROM administrations WHERE clinic_id = $1 ORDER BY given_at`, clinicID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]time.Time{}
	for rows.Next() {
		var course int64
		var at dbconn.Time
		if err := rows.Scan(&course, &at); err != nil {
			return nil, err
		}
		out[course] = append(out[course], at.Time)
	}
	return out, rows.Err()
}

// LastTaken is when each patient last answered each questionnaire.
func (q *Queries) LastTaken(ctx context.Context, clinicID int64) (map[int64]map[string]time.Time, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT patient_id, instrument, MAX(taken_at) FROM assessments WHERE clinic_id = $1 GROUP BY patient_id, instrument`, clinicID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]map[string]time.Time{}
	for rows.Next() {
		var patient int64
		var inst string
		var at dbconn.Time
		if err := rows.Scan(&patient, &inst, &at); err != nil {
			return nil, err
		}
		if out[patient] == nil {
			out[patient] = map[string]time.Time{}
		}
		out[patient][inst] = at.Time
	}
	return out, rows.Err()
}

// ClinicLinks lists a clinic's questionnaire links by patient, newest
// first as PatientLinks does.
func (q *Queries) ClinicLinks(ctx context.Context, clinicID int64) (map[int64][]record.QuestionnaireLink, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+linkColumns+` FROM questionnaire_links
		WHERE clinic_id = $1 ORDER BY created_at DESC, id DESC`, clinicID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]record.QuestionnaireLink{}
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			return nil, err
		}
		out[l.PatientID] = append(out[l.PatientID], l)
	}
	return out, rows.Err()
}
