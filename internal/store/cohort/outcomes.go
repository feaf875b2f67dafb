package cohort

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"sync"

	"onset/internal/clinic"
	"onset/internal/outcomes"
	"onset/internal/store/dbconn"
)

// CohortHistories streams a clinic's patients who have courses, one
// History at a time in patient order, with their courses, doses and the
// scores of one instrument. It runs three queries side by side (courses,
// administrations, assessments), each ordered by patient, and merges them:
// three queries for the whole clinic, none per patient, and only a few
// patients' records in memory at a time. Doses and scores are read and
// scanned by goroutines of their own, so the three queries proceed in
// parallel. Call it on the read pool, not inside a transaction (it needs
// three connections at once).
func (q *Queries) CohortHistories(ctx context.Context, clinicID int64, instrument string, fn func(outcomes.History) error) error {
	return q.cohortHistories(ctx, clinicID, instrument, nil, fn)
}

// CohortHistoriesSince is CohortHistories for only the patients who have
// a course, an administration or a score on instrument with an ID above
// since's: what changed after a cache of course rows was built at since.
func (q *Queries) CohortHistoriesSince(ctx context.Context, clinicID int64, instrument string, since outcomes.Mark, fn func(outcomes.History) error) error {
	return q.cohortHistories(ctx, clinicID, instrument, &since, fn)
}

// changedPatients is the patients with rows above a mark's IDs ($3, $4,
// $5; outcome changes above $6), found through the primary keys: only the
// new rows are visited.
// (+clinic_id keeps SQLite from choosing the clinic's index instead, a
// scan of all the clinic's rows; UNION ALL, deduplicated by the caller,
// keeps it from scanning the patient indexes to merge the parts in order.)
const changedPatients = `SELECT patient_id FROM courses WHERE id > $3 AND +clinic_id = $1
	UNION ALL SELECT patient_id FROM administrations WHERE id > $4 AND +clinic_id = $1
	UNION ALL SELECT patient_id FROM assessments WHERE id > $5 AND +clinic_id = $1 AND instrument = $2
	UNION ALL SELECT patient_id FROM outcome_changes WHERE id > $6 AND +clinic_id = $1`

// changedPatients lists the clinic's patients with rows above since.
func (q *Queries) changedPatients(ctx context.Context, clinicID int64, instrument string, since outcomes.Mark) ([]int64, error) {
	rows, err := q.QueryContext(ctx, changedPatients, clinicID, instrument, since.Courses, since.Doses, since.Scores, since.Changes)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	seen := map[int64]bool{}
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, rows.Err()
}

// CohortMark reads the highest IDs of courses, administrations,
// assessments and outcome changes (migration 0035's triggers): the last
// entry of each primary key, whatever the tables' size.
func (q *Queries) CohortMark(ctx context.Context) (outcomes.Mark, error) {
	var m outcomes.Mark
	err := q.QueryRowContext(ctx,
		`SELECT (SELECT COALESCE(MAX(id), 0) FROM courses), (SELECT COALESCE(MAX(id), 0) FROM administrations),
		        (SELECT COALESCE(MAX(id), 0) FROM assessments), (SELECT COALESCE(MAX(id), 0) FROM outcome_changes)`).
		Scan(&m.Courses, &m.Doses, &m.Scores, &m.Changes)
	return m, err
}

func (q *Queries) cohortHistories(ctx context.Context, clinicID int64, instrument string, since *outcomes.Mark, fn func(outcomes.History) error) error {
	if q.Fanout != nil { // three connections at once: take a turn (DB.fanout)
		select {
		case q.Fanout <- struct{}{}:
			defer func() { <-q.Fanout }()
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait() // after cancel (deferred later, so run first): the readers stop and close their rows
	defer cancel()

	// only limits a query to the changed patients when since is set,
	// named one by one so each query goes through the patient's index:
	// with the subquery SQLite walked all of the clinic's rows, about half
	// a second at 20,000 patients, on every dashboard read after any new
	// answer (bench/load). A change in another clinic changes nothing here.
	var changed []string
	if since != nil {
		ids, err := q.changedPatients(ctx, clinicID, instrument, *since)
		if err != nil || len(ids) == 0 {
			return err
		}
		for _, id := range ids {
			changed = append(changed, strconv.FormatInt(id, 10))
		}
	}
	only := func(table string) string {
		if since == nil {
			return ""
		}
		return " AND " + table + ".patient_id IN (" + strings.Join(changed, ",") + ")"
	}
	args := func(scores bool) []any {
		if scores {
			return []any{clinicID, instrument}
		}
		return []any{clinicID}
	}
	courses, err := q.QueryContext(ctx,
		`SELECT c.id, c.patient_id, c.condition, c.route, c.started_at, c.therapy, c.therapy_sessions, c.therapy_first_at, p.birth_date
		 FROM courses c JOIN patients p ON p.id = c.patient_id
		 WHERE c.clinic_id = $1`+only("c")+` ORDER BY c.patient_id, c.started_at, c.id`, args(false)...)
	if err != nil {
		return err
	}
	defer courses.Close()
	doses, err := q.QueryContext(ctx,
		`SELECT a.id, a.course_id, a.patient_id, a.given_at, a.route, a.dose_mg, a.weight_kg,
		        COALESCE(d.administered_by, 0), COALESCE(d.administered_by_name, '')
		 FROM administrations a LEFT JOIN session_doses d ON d.administration_id = a.id
		 WHERE a.clinic_id = $1`+only("a")+` ORDER BY a.patient_id, a.given_at, a.id`, args(false)...)
	if err != nil {
		return err
	}
	scores, err := q.QueryContext(ctx,
		`SELECT patient_id, taken_at, total FROM assessments
		 WHERE clinic_id = $1 AND instrument = $2`+only("assessments")+` ORDER BY patient_id, taken_at, id`, args(true)...)
	if err != nil {
		doses.Close()
		return err
	}
	ds := startReader(ctx, &wg, doses, func(r *sql.Rows) (int64, clinic.Administration, error) {
		var a clinic.Administration
		var given dbconn.Time
		err := r.Scan(&a.ID, &a.CourseID, &a.PatientID, &given, &a.Route, &a.DoseMg, &a.WeightKg, &a.ProviderID, &a.ProviderName)
		a.GivenAt, a.ClinicID = given.Time, clinicID
		return a.PatientID, a, err
	})
	ss := startReader(ctx, &wg, scores, func(r *sql.Rows) (int64, outcomes.Score, error) {
		var pid int64
		var s outcomes.Score
		var taken dbconn.Time
		err := r.Scan(&pid, &taken, &s.Total)
		s.At = taken.Time
		return pid, s, err
	})

	var h outcomes.History
	flush := func() error {
		if len(h.Courses) == 0 {
			return nil
		}
		var err error
		if h.Administrations, err = ds.take(h.PatientID); err != nil {
			return err
		}
		if h.Scores, err = ss.take(h.PatientID); err != nil {
			return err
		}
		return fn(h)
	}
	for courses.Next() {
		var c clinic.Course
		var started, first, birth dbconn.Time
		if err := courses.Scan(&c.ID, &c.PatientID, &c.Condition, &c.Route, &started, &c.Therapy, &c.TherapySessions, &first,
			&birth); err != nil {
			return err
		}
		c.ClinicID, c.StartedAt, c.TherapyFirstAt = clinicID, started.Time, first.Time
		if c.PatientID != h.PatientID {
			if err := flush(); err != nil {
				return err
			}
			// fn may keep what it was given: start fresh slices.
			h = outcomes.History{PatientID: c.PatientID, BirthDate: birth.Time}
		}
		h.Courses = append(h.Courses, c)
	}
	if err := courses.Err(); err != nil {
		return err
	}
	return flush()
}

// group is one patient's rows from one query.
type group[T any] struct {
	pid  int64
	rows []T
}

// reader hands out, in ascending patient order, the groups that a
// goroutine reads from rows ordered by patient ID.
type reader[T any] struct {
	ch      chan group[T]
	err     *error // the goroutine's error, set before ch closes
	pending *group[T]
	done    bool
}

// startReader scans rows in a goroutine, grouping consecutive rows of one
// patient, until the rows end or ctx is cancelled; it closes rows.
func startReader[T any](ctx context.Context, wg *sync.WaitGroup, rows *sql.Rows, scan func(*sql.Rows) (int64, T, error)) *reader[T] {
	r := &reader[T]{ch: make(chan group[T], 256), err: new(error)}
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(r.ch)
		defer rows.Close()
		send := func(g group[T]) bool {
			select {
			case r.ch <- g:
				return true
			case <-ctx.Done():
				return false
			}
		}
		var g group[T]
		for rows.Next() {
			pid, v, err := scan(rows)
			if err != nil {
				*r.err = err
				return
			}
			if pid != g.pid && len(g.rows) > 0 {
				if !send(g) {
					return
				}
				g = group[T]{}
			}
			g.pid = pid
			g.rows = append(g.rows, v)
		}
		if err := rows.Err(); err != nil {
			*r.err = err
			return
		}
		if len(g.rows) > 0 {
			send(g)
		}
	}()
	return r
}

// take returns patientID's rows, skipping patients nobody asks for.
// Patient IDs must be asked for in ascending order.
func (r *reader[T]) take(patientID int64) ([]T, error) {
	for {
		if r.pending == nil {
			if r.done {
				return nil, nil
			}
			g, ok := <-r.ch
			if !ok {
				r.done = true
				return nil, *r.err
			}
			r.pending = &g
		}
		switch g := r.pending; {
		case g.pid < patientID:
			r.pending = nil
		case g.pid == patientID:
			r.pending = nil
			return g.rows, nil
		default:
			return nil, nil
		}
	}
}
