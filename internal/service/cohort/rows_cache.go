package cohort

import (
	"context"
	"slices"
	"sync"
	"time"

	"onset/internal/clinic"
	"onset/internal/outcomes"
	"onset/internal/scales"
)

// The dashboard's course rows (without follow-ups) are kept per clinic and
// instrument and brought up to date on each request: one query reads the
// tables' mark (outcomes.Mark, the three highest IDs); when nothing was
// added the rows are reused, when rows were added the histories of this
// clinic's patients who have them are read again, and when there is no
// entry every course is read. Courses, administrations and assessments
// are found by their IDs above the mark, and what changes in place (a
// birth date, a dose's provider, anything edited or deleted) is noted by
// migration 0035's triggers, so on SQLite (one writer: IDs in commit
// order) an entry brought up to date is exact however old. On PostgreSQL
// a transaction may commit below a mark already read, and its rows would
// be missed: there an entry is read again in full once it is older than
// rowsRebuild, in the background while it still serves brought up to
// date (rebuildRows), so no request waits for a whole clinic's courses
// (20,000 patients' take about 18 s there). Each full read costs that
// much CPU beside the staff's pages (the load test's p99 rose from 93 to
// 491 ms while five ran): an hour bounds both the cost and how long such
// a rare late commit can be missing from the clinic's figures.
const (
	rowsRebuild    = time.Hour
	rowsMaxEntries = 32 // clinic × instrument entries kept; the least recently used goes
)

type rowsKey struct {
	clinicID   int64
	instrument string
}

// rowsEntry is one clinic's rows on one instrument at mark. It is not
// changed once published: an update makes a new entry.
type rowsEntry struct {
	mark  outcomes.Mark
	built time.Time // when every course was last read
	// exact: brought up to date from its mark it is exact however old
	// (outcomes.RowsState.Exact); otherwise every course is read again
	// after rowsRebuild.
	exact bool
	by    map[int64][]outcomes.CourseRow // patient → rows, in course order
	order []int64                        // patients in ID order
	rows  int                            // rows in all
}

// rowsSlot holds a key's entry; mu serializes its updates, so concurrent
// requests for one clinic wait for one read instead of each making it.
type rowsSlot struct {
	mu         sync.Mutex
	entry      *rowsEntry
	used       time.Time
	rebuilding bool      // a full read runs in the background (rebuildRows)
	failedAt   time.Time // when the last one failed: retried a minute later
}

type rowsCache struct {
	mu    sync.Mutex
	slots map[rowsKey]*rowsSlot
	// rebuild lets one background full read run at a time: after a
	// restart on PostgreSQL every clinic's wants one, and together they
	// would take both cores from the staff's pages.
	rebuild sync.Mutex
}

func (c *rowsCache) slot(k rowsKey, now time.Time) *rowsSlot {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.slots == nil {
		c.slots = map[rowsKey]*rowsSlot{}
	}
	s, ok := c.slots[k]
	if !ok {
		if len(c.slots) >= rowsMaxEntries {
			var old rowsKey
			var oldest time.Time
			for k2, s2 := range c.slots {
				if oldest.IsZero() || s2.used.Before(oldest) {
					old, oldest = k2, s2.used
				}
			}
			delete(c.slots, old)
		}
		s = &rowsSlot{}
		c.slots[k] = s
	}
	s.used = now
	return s
}

// cachedCourseRows is courseRows without follow-ups, from the cache.
func (s *Service) cachedCourseRows(ctx context.Context, clinicID int64, inst scales.Instrument, from, to time.Time) ([]outcomes.CourseRow, error) {
	// The cached rows have no minimum baseline: the clinic's is applied to
	// the copies handed out, so a changed setting reads nothing again.
	min, err := s.minBaseline(ctx, clinicID, inst)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not load the clinic's settings.")
	}
	slot := s.rows.slot(rowsKey{clinicID, inst.ID}, s.Now())
	slot.mu.Lock()
	defer slot.mu.Unlock()
	e, rebuild, err := s.refreshRows(ctx, clinicID, inst, slot.entry, false)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not load the clinic's courses.")
	}
	slot.entry = e
	if rebuild && !slot.rebuilding && s.Now().Sub(slot.failedAt) > time.Minute {
		slot.rebuilding = true
		go s.rebuildRows(clinicID, inst, slot)
	}
	rows := make([]outcomes.CourseRow, 0, e.rows)
	for _, pid := range e.order {
		for _, r := range e.by[pid] {
			if (!from.IsZero() && r.T0.Before(from)) || (!to.IsZero() && !r.T0.Before(to)) {
				continue
			}
			outcomes.ApplyMinBaseline(&r, min)
			rows = append(rows, r)
		}
	}
	return rows, nil
}

// rebuildRows reads every course of the clinic again, away from any
// request, and puts the result in slot unless a newer full read is there.
func (s *Service) rebuildRows(clinicID int64, inst scales.Instrument, slot *rowsSlot) {
	s.rows.rebuild.Lock()
	n, _, err := s.refreshRows(context.Background(), clinicID, inst, nil, true)
	s.rows.rebuild.Unlock()
	slot.mu.Lock()
	defer slot.mu.Unlock()
	slot.rebuilding = false
	if err != nil {
		slot.failedAt = s.Now()
		return
	}
	if slot.entry == nil || !slot.entry.built.After(n.built) {
		slot.entry = n // the next request brings it up from its mark
	}
}

// refreshRows returns e brought up to the data's current mark. Without
// an entry (a new process, or one evicted) it starts from the rows the
// database keeps (rows_store.go), and whatever it computes it keeps there
// too. full reads every course, whatever e or the stored rows are.
// rebuild says the entry returned is past rowsRebuild on a database where
// entries are not exact (PostgreSQL): it serves, and the caller has every
// course read again in the background.
func (s *Service) refreshRows(ctx context.Context, clinicID int64, inst scales.Instrument, e *rowsEntry, full bool) (*rowsEntry, bool, error) {
	q := s.analytics.Analytics()
	m, err := q.CohortMark(ctx)
	if err != nil {
		return nil, false, err
	}
	now := s.Now()
	exact := e != nil && e.exact
	switch {
	case full: // only entries that are not exact are read again in full
		e, exact = nil, false
	case e == nil:
		e, exact, err = s.storedRows(ctx, clinicID, inst.ID)
	}
	if err != nil {
		return nil, false, err
	}
	fresh := e != nil && !now.Before(e.built) && (e.exact || now.Sub(e.built) <= rowsRebuild)
	// Past rowsRebuild (PostgreSQL): served brought up to date all the
	// same, and read again in full in the background.
	rebuild := e != nil && !fresh && !now.Before(e.built)
	fromMark := fresh || rebuild
	if fromMark && m == e.mark {
		return e, rebuild, nil
	}
	ci := cohortInstrument(inst, 0)
	n := &rowsEntry{mark: m, by: map[int64][]outcomes.CourseRow{}}
	changed := map[int64][]outcomes.CourseRow{}
	add := func(h outcomes.History) error {
		rs, err := outcomes.CourseRows(h, ci)
		if err != nil {
			return err
		}
		for i := range rs {
			rs[i].FollowUps = nil
		}
		n.by[h.PatientID] = rs
		changed[h.PatientID] = rs
		return nil
	}
	if fromMark {
		n.built, n.exact = e.built, e.exact
		for pid, rs := range e.by {
			n.by[pid] = rs
		}
		// Rows added after m was read are read here too and shown; the
		// next request reads them again (its mark is m).
		if err := q.CohortHistoriesSince(ctx, clinicID, inst.ID, e.mark, add); err != nil {
			return nil, false, err
		}
	} else {
		n.built, n.exact = now, exact
		if err := q.CohortHistories(ctx, clinicID, inst.ID, add); err != nil {
			return nil, false, err
		}
	}
	n.order = make([]int64, 0, len(n.by))
	for pid := range n.by {
		n.order = append(n.order, pid)
		n.rows += len(n.by[pid])
	}
	slices.Sort(n.order)
	s.keepRows(ctx, clinicID, inst.ID, n, changed, !fromMark)
	return n, rebuild, nil
}
