package cohort

import (
	"context"
	"database/sql"
	"errors"

	"onset/internal/outcomes"
	"onset/internal/store/dbconn"
)

// The stored course rows (migration 0035): see outcomes.EncodeRows and
// cohort's rows cache, which reads and keeps them.

// CohortRowsState is what the clinic's stored rows on instrument were
// computed from; ok is false when none are stored.
func (q *Queries) CohortRowsState(ctx context.Context, clinicID int64, instrument string) (outcomes.RowsState, bool, error) {
	var st outcomes.RowsState
	var built dbconn.Time
	err := q.QueryRowContext(ctx,
		`SELECT version, mark_courses, mark_doses, mark_scores, mark_changes, built_at FROM cohort_rows_state
		 WHERE clinic_id = $1 AND instrument = $2`, clinicID, instrument).
		Scan(&st.Version, &st.Mark.Courses, &st.Mark.Doses, &st.Mark.Scores, &st.Mark.Changes, &built)
	st.Exact = q.Engine == dbconn.SQLite // known whether or not rows are stored
	if errors.Is(err, sql.ErrNoRows) {
		return st, false, nil
	}
	st.BuiltAt = built.Time
	return st, err == nil, err
}

// CohortRows streams the clinic's stored rows on instrument, one patient
// at a time (the body as EncodeRows wrote it; fn must not keep body).
func (q *Queries) CohortRows(ctx context.Context, clinicID int64, instrument string, fn func(patientID int64, body []byte) error) error {
	rows, err := q.QueryContext(ctx, `SELECT patient_id, body FROM cohort_rows WHERE clinic_id = $1 AND instrument = $2`,
		clinicID, instrument)
	if err != nil {
		return err
	}
	defer rows.Close()
	var pid int64
	var body sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&pid, &body); err != nil {
			return err
		}
		if err := fn(pid, body); err != nil {
			return err
		}
	}
	return rows.Err()
}

// SaveCohortRows stores patients' rows (patient → EncodeRows) on
// instrument, replacing what was stored for them.
func (q *Queries) SaveCohortRows(ctx context.Context, clinicID int64, instrument string, bodies map[int64][]byte) error {
	if len(bodies) == 0 {
		return nil
	}
	ins, err := q.Prepare(ctx, `INSERT INTO cohort_rows (clinic_id, instrument, patient_id, body) VALUES ($1, $2, $3, $4)
		ON CONFLICT (clinic_id, instrument, patient_id) DO UPDATE SET body = excluded.body`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for pid, b := range bodies {
		if _, err := ins.ExecContext(ctx, clinicID, instrument, pid, b); err != nil {
			return err
		}
	}
	return nil
}

// ClearCohortRows forgets the clinic's stored rows on instrument and
// their state, before they are stored again in full.
func (q *Queries) ClearCohortRows(ctx context.Context, clinicID int64, instrument string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM cohort_rows_state WHERE clinic_id = $1 AND instrument = $2`, clinicID, instrument); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `DELETE FROM cohort_rows WHERE clinic_id = $1 AND instrument = $2`, clinicID, instrument)
	return err
}

// SaveCohortRowsState records what the stored rows now include.
func (q *Queries) SaveCohortRowsState(ctx context.Context, clinicID int64, instrument string, st outcomes.RowsState) error {
	_, err := q.ExecContext(ctx, `INSERT INTO cohort_rows_state (clinic_id, instrument, version, mark_courses, mark_doses,
		mark_scores, mark_changes, built_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (clinic_id, instrument) DO UPDATE SET version = excluded.version, mark_courses = excluded.mark_courses,
		mark_doses = excluded.mark_doses, mark_scores = excluded.mark_scores, mark_changes = excluded.mark_changes,
		built_at = excluded.built_at`,
		clinicID, instrument, st.Version, st.Mark.Courses, st.Mark.Doses, st.Mark.Scores, st.Mark.Changes, q.T(st.BuiltAt))
	return err
}
