package measurement

import (
	"context"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/store/dbconn"
	"onset/internal/store/patients"
)

// Assessment returns one assessment of a clinic.
func (q *Queries) Assessment(ctx context.Context, clinicID, id int64) (clinic.Assessment, error) {
	var a clinic.Assessment
	var taken dbconn.Time
	var answers string
	err := q.QueryRowContext(ctx,
		`SELECT id, clinic_id, patient_id, instrument, taken_at, total, answers, source
		 FROM assessments WHERE id = $1 AND clinic_id = $2`, id, clinicID).
		Scan(&a.ID, &a.ClinicID, &a.PatientID, &a.Instrument, &taken, &a.Total, &answers, &a.Source)
	if err != nil {
		return a, dbconn.NotFound(err, "assessment")
	}
	a.TakenAt = taken.Time
	a.Answers, err = patients.SplitAnswers(answers)
	return a, err
}

// IdempotencyKey returns the stored result of an earlier API submission
// by userID with key; NotFound when there is none.
func (q *Queries) IdempotencyKey(ctx context.Context, userID int64, key string) (record.IdempotencyKey, error) {
	k := record.IdempotencyKey{UserID: userID, Key: key}
	var created dbconn.Time
	err := q.QueryRowContext(ctx,
		`SELECT clinic_id, fingerprint, assessment_id, created_at FROM idempotency_keys
		 WHERE user_id = $1 AND idem_key = $2`, userID, key).Scan(&k.ClinicID, &k.Fingerprint, &k.AssessmentID, &created)
	k.CreatedAt = created.Time
	return k, dbconn.NotFound(err, "idempotency key")
}

// CreateIdempotencyKey stores a key; a key the user already used is a conflict.
func (q *Queries) CreateIdempotencyKey(ctx context.Context, k record.IdempotencyKey) error {
	_, err := q.ExecContext(ctx,
		`INSERT INTO idempotency_keys (clinic_id, user_id, idem_key, fingerprint, assessment_id, created_at)
		 VALUES ($1, $2, $3, $4, $5, $6)`,
		k.ClinicID, k.UserID, k.Key, k.Fingerprint, k.AssessmentID, q.T(k.CreatedAt))
	if dbconn.IsUniqueViolation(err) {
		return clinic.Errorf(clinic.Conflict, "This Idempotency-Key is already in use by another request.")
	}
	return err
}
