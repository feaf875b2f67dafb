package cohort

import (
	"context"
	"database/sql"
	"fmt"

	"onset/internal/clinic"
	"onset/internal/outcomes"
	"onset/internal/store/dbconn"
	"onset/internal/store/patients"
	"onset/internal/store/plans"
	"onset/internal/store/treatment"
)

// CohortFactors reads what a clinic's course factors come from (issue
// 15): every intake version that recorded factors, the environment of
// every session that recorded one (with the course of its dose), and, when
// answers is set, the PHQ-9, QIDS-SR16 and GAD-7 answers that give sleep
// and stress at baseline. Call it on the read pool.
func (q *Queries) CohortFactors(ctx context.Context, clinicID int64, answers bool) (outcomes.FactorSources, error) {
	var src outcomes.FactorSources
	rows, err := q.QueryContext(ctx,
		`SELECT patient_id, recorded_at, factors FROM intakes WHERE clinic_id = $1 AND factors IS NOT NULL ORDER BY patient_id, version`, clinicID)
	if err != nil {
		return src, err
	}
	for rows.Next() {
		var in outcomes.IntakeAt
		var at dbconn.Time
		var text sql.NullString
		if err := rows.Scan(&in.PatientID, &at, &text); err != nil {
			rows.Close()
			return src, err
		}
		in.At = at.Time
		if in.Factors, err = plans.ReadFactors(text); err != nil {
			rows.Close()
			return src, fmt.Errorf("store: intake factors of patient %d: %w", in.PatientID, err)
		}
		src.Intakes = append(src.Intakes, in)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return src, err
	}

	rows, err = q.QueryContext(ctx,
		`SELECT DISTINCT ts.id, a.course_id, ts.env_music, ts.env_eyeshade, ts.env_support
		 FROM treatment_sessions ts
		 JOIN session_doses d ON d.session_id = ts.id AND d.clinic_id = ts.clinic_id
		 JOIN administrations a ON a.id = d.administration_id AND a.clinic_id = d.clinic_id
		 WHERE ts.clinic_id = $1 AND (ts.env_music IS NOT NULL OR ts.env_eyeshade IS NOT NULL OR ts.env_support IS NOT NULL)
		 ORDER BY ts.id`, clinicID)
	if err != nil {
		return src, err
	}
	for rows.Next() {
		var sid int64
		var s outcomes.SessionEnvironmentAt
		var env [3]sql.NullBool
		if err := rows.Scan(&sid, &s.CourseID, &env[0], &env[1], &env[2]); err != nil {
			rows.Close()
			return src, err
		}
		s.Environment = clinic.SessionEnvironment{Music: treatment.NullBoolPtr(env[0]), Eyeshade: treatment.NullBoolPtr(env[1]), SupportPerson: treatment.NullBoolPtr(env[2])}
		src.Sessions = append(src.Sessions, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil || !answers {
		return src, err
	}

	rows, err = q.QueryContext(ctx,
		`SELECT patient_id, instrument, taken_at, total, answers FROM assessments
		 WHERE clinic_id = $1 AND instrument IN ('phq9', 'qids-sr16', 'gad7') ORDER BY patient_id, taken_at, id`, clinicID)
	if err != nil {
		return src, err
	}
	defer rows.Close()
	for rows.Next() {
		var a outcomes.AnswersAt
		var at dbconn.Time
		var text string
		if err := rows.Scan(&a.PatientID, &a.Instrument, &at, &a.Total, &text); err != nil {
			return src, err
		}
		a.At = at.Time
		if a.Answers, err = patients.SplitAnswers(text); err != nil {
			return src, err
		}
		src.Answers = append(src.Answers, a)
	}
	return src, rows.Err()
}
