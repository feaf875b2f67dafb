package accounts

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/store/dbconn"
)

// formTokenLife is how long a used form token is kept: longer than any
// sign-in (12 hours), within which a form can be sent again.
const formTokenLife = 48 * time.Hour

// UseFormToken records that the form with token was sent, inside the
// write's transaction; a token already used is a Conflict. clinicID and
// userID are 0 for a form sent without a sign-in.
func (q *Queries) UseFormToken(ctx context.Context, token string, clinicID, userID int64, now time.Time) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM form_submissions WHERE used_at < $1`, q.T(now.Add(-formTokenLife))); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx,
		`INSERT INTO form_submissions (token, clinic_id, user_id, used_at) VALUES ($1, $2, $3, $4)`,
		token, dbconn.NullInt(clinicID), dbconn.NullInt(userID), q.T(now))
	if dbconn.IsUniqueViolation(err) {
		return clinic.Errorf(clinic.Conflict, "This form was already sent, and what it holds was saved once. Open the page again to send it anew.")
	}
	return err
}
