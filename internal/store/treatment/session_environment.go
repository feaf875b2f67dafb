package treatment

import (
	"context"
	"database/sql"

	"onset/internal/record"
)

// The session's environment (migration 0034): three nullable columns of
// treatment_sessions, NULL when not recorded.

// SetSessionEnvironment records how an open session is set.
func (q *Queries) SetSessionEnvironment(ctx context.Context, s record.TreatmentSession) error {
	e := s.Environment
	_, err := q.ExecContext(ctx,
		`UPDATE treatment_sessions SET env_music = $1, env_eyeshade = $2, env_support = $3 WHERE id = $4 AND clinic_id = $5`,
		boolPtrArg(e.Music), boolPtrArg(e.Eyeshade), boolPtrArg(e.SupportPerson), s.ID, s.ClinicID)
	return err
}

func boolPtrArg(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}

func NullBoolPtr(b sql.NullBool) *bool {
	if !b.Valid {
		return nil
	}
	v := b.Bool
	return &v
}
