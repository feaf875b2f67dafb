package measurement

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/store/dbconn"
)

const linkColumns = `id, clinic_id, patient_id, course_id, instrument, token_hash, reason, schedule_key,
	created_by, created_at, expires_at, used_at, assessment_id`

func scanLink(row interface{ Scan(...any) error }) (record.QuestionnaireLink, error) {
	var l record.QuestionnaireLink
	var course, createdBy, assessment *int64
	var key *string
	var created, expires, used dbconn.Time
	err := row.Scan(&l.ID, &l.ClinicID, &l.PatientID, &course, &l.Instrument, &l.TokenHash, &l.Reason, &key,
		&createdBy, &created, &expires, &used, &assessment)
	l.CreatedAt, l.ExpiresAt, l.UsedAt = created.Time, expires.Time, used.Time
	if course != nil {
		l.CourseID = *course
	}
	if createdBy != nil {
		l.CreatedBy = *createdBy
	}
	if assessment != nil {
		l.AssessmentID = *assessment
	}
	if key != nil {
		l.ScheduleKey = *key
	}
	return l, err
}

// CreateLink stores a questionnaire link. A second link for the same
// schedule slot is a conflict.
func (q *Queries) CreateLink(ctx context.Context, l record.QuestionnaireLink) (int64, error) {
	var key any
	if l.ScheduleKey != "" {
		key = l.ScheduleKey
	}
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO questionnaire_links (clinic_id, patient_id, course_id, instrument, token_hash, reason,
		 schedule_key, created_by, created_at, expires_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		l.ClinicID, l.PatientID, dbconn.NullInt(l.CourseID), l.Instrument, l.TokenHash, l.Reason, key,
		dbconn.NullInt(l.CreatedBy), q.T(l.CreatedAt), q.T(l.ExpiresAt)).Scan(&id)
	if dbconn.IsUniqueViolation(err) {
		return 0, clinic.Errorf(clinic.Conflict, "A questionnaire link for this slot already exists.")
	}
	return id, err
}

// LinkByTokenHash finds a link by its token's hash, in any clinic: the
// token is the only thing a patient without an account presents.
func (q *Queries) LinkByTokenHash(ctx context.Context, hash string) (record.QuestionnaireLink, error) {
	l, err := scanLink(q.QueryRowContext(ctx,
		`SELECT `+linkColumns+` FROM questionnaire_links WHERE token_hash = $1`, hash))
	return l, dbconn.NotFound(err, "questionnaire link")
}

// PatientLinks lists a patient's links, newest first.
func (q *Queries) PatientLinks(ctx context.Context, clinicID, patientID int64) ([]record.QuestionnaireLink, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+linkColumns+` FROM questionnaire_links
		WHERE clinic_id = $1 AND patient_id = $2 ORDER BY created_at DESC, id DESC`, clinicID, patientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.QuestionnaireLink
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// UseLink marks a link answered, once: it reports false when the link was
// already used (a concurrent submission got there first).
func (q *Queries) UseLink(ctx context.Context, id, assessmentID int64, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx,
		`UPDATE questionnaire_links SET used_at = $1, assessment_id = $2 WHERE id = $3 AND used_at IS NULL`,
		q.T(now), assessmentID, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Link returns one link of a clinic.
func (q *Queries) Link(ctx context.Context, clinicID, id int64) (record.QuestionnaireLink, error) {
	l, err := scanLink(q.QueryRowContext(ctx,
		`SELECT `+linkColumns+` FROM questionnaire_links WHERE id = $1 AND clinic_id = $2`, id, clinicID))
	return l, dbconn.NotFound(err, "questionnaire link")
}
