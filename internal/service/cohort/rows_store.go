package cohort

import (
	"context"
	"maps"
	"slices"

	"onset/internal/outcomes"
)

// The rows cache's entries are kept in the database as well (store's
// cohort_rows, migration 0035), so an analysis in a new process — `onset
// outcomes`, a server after a restart — reads each patient's stored rows
// and the histories of the patients changed since they were stored,
// instead of every course, dose and score: on the 100,000-patient
// clinic, 120,000 stored rows instead of 2.8 million. The triggers of
// migration 0035 note the changes that add no row (a birth date, a
// dose's provider, anything edited or deleted), so stored rows brought
// up to date from their mark are exact; on PostgreSQL, where a
// transaction may commit below a mark already read, they are read again
// in full after rowsRebuild, as the in-memory entries are — in the
// background, while the stored rows brought up to date serve
// (rows_cache.go): a server restarted on PostgreSQL does not read every
// course of a large clinic before it answers.

// keepChunk is how many patients' rows one transaction stores when all
// are stored again: the single SQLite writer is not held for long.
const keepChunk = 5000

// storedRows is the database's rows for the clinic on instrument as an
// entry; nil when none are stored or when they were computed under
// another outcomes.RowsVersion. exact says whether stored rows are exact
// on this database.
func (s *Service) storedRows(ctx context.Context, clinicID int64, instrument string) (*rowsEntry, bool, error) {
	q := s.analytics.Analytics()
	st, ok, err := q.CohortRowsState(ctx, clinicID, instrument)
	if err != nil || !ok || st.Version != outcomes.RowsVersion {
		return nil, st.Exact, err
	}
	now := s.Now()
	if now.Before(st.BuiltAt) {
		return nil, st.Exact, nil
	}
	e := &rowsEntry{mark: st.Mark, built: st.BuiltAt, exact: st.Exact, by: map[int64][]outcomes.CourseRow{}}
	var dec outcomes.RowsDecoder
	err = q.CohortRows(ctx, clinicID, instrument, func(pid int64, body []byte) error {
		rs, err := dec.Decode(body)
		if err != nil {
			return err
		}
		e.by[pid] = rs
		e.rows += len(rs)
		return nil
	})
	if err != nil {
		// Rows that cannot be read are computed again and stored anew.
		return nil, st.Exact, nil
	}
	e.order = slices.Sorted(maps.Keys(e.by))
	return e, st.Exact, nil
}

// keepRows stores n's rows of the changed patients (all of them when
// full, replacing what was stored) and n's mark. The stored rows are a
// cache: a failure to store them costs the next new process time, not a
// wrong figure, so it is not the reader's error.
func (s *Service) keepRows(ctx context.Context, clinicID int64, instrument string, n *rowsEntry, changed map[int64][]outcomes.CourseRow, full bool) {
	bodies := make(map[int64][]byte, len(changed))
	for pid, rs := range changed {
		b, err := outcomes.EncodeRows(rs)
		if err != nil {
			return
		}
		bodies[pid] = b
	}
	state := outcomes.RowsState{Version: outcomes.RowsVersion, Mark: n.mark, BuiltAt: n.built}
	if !full {
		_ = s.store.WithTx(ctx, func(tx Tx) error {
			if err := tx.SaveCohortRows(ctx, clinicID, instrument, bodies); err != nil {
				return err
			}
			return tx.SaveCohortRowsState(ctx, clinicID, instrument, state)
		})
		return
	}
	if err := s.store.WithTx(ctx, func(tx Tx) error { return tx.ClearCohortRows(ctx, clinicID, instrument) }); err != nil {
		return
	}
	pids := slices.Sorted(maps.Keys(bodies))
	for len(pids) > 0 {
		chunk := pids[:min(keepChunk, len(pids))]
		pids = pids[len(chunk):]
		part := make(map[int64][]byte, len(chunk))
		for _, pid := range chunk {
			part[pid] = bodies[pid]
		}
		if err := s.store.WithTx(ctx, func(tx Tx) error { return tx.SaveCohortRows(ctx, clinicID, instrument, part) }); err != nil {
			return
		}
	}
	// The state last: until it is written no reader uses the rows.
	_ = s.store.WithTx(ctx, func(tx Tx) error { return tx.SaveCohortRowsState(ctx, clinicID, instrument, state) })
}
