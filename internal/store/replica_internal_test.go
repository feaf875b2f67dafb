package store

import (
	"context"
	"database/sql"
	"testing"
	"time"
)

// Helpers for the replica and pool tests of package store_test.

// InRecovery reports whether q runs on a server in recovery: a replica.
func (q *Queries) InRecovery(ctx context.Context) (bool, error) {
	var r bool
	err := q.QueryRowContext(ctx, `SELECT pg_is_in_recovery()`).Scan(&r)
	return r, err
}

// Setting is a PostgreSQL setting as q's connection has it.
func (q *Queries) Setting(ctx context.Context, name string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT current_setting($1)`, name).Scan(&v)
	return v, err
}

// Exec runs a statement on q, for the tests that show what is refused.
func (q *Queries) Exec(ctx context.Context, stmt string) error {
	_, err := q.ExecContext(ctx, stmt)
	return err
}

// PoolLimits are the most open connections of the primary's write and
// read pools, and of the replica's (0 without).
func (db *DB) PoolLimits() (write, read, replica int) {
	write, read = db.write.Stats().MaxOpenConnections, db.read.Stats().MaxOpenConnections
	if db.replica != nil {
		replica = db.replica.Stats().MaxOpenConnections
	}
	return write, read, replica
}

// TestReplicaLag: how far behind the monitor says the replica is, from
// what one check reads (no database): caught up is 0 however long ago the
// last commit was (an idle primary); behind, the smaller of the time
// since the last replayed commit and the time since an earlier check saw
// the primary at a position the replica has replayed since.
func TestReplicaLag(t *testing.T) {
	t0 := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	lsn := func(s string) sql.NullString { return sql.NullString{String: s, Valid: true} }
	age := func(s float64) sql.NullFloat64 { return sql.NullFloat64{Float64: s, Valid: true} }
	yes, no, unknown := sql.NullBool{Bool: true, Valid: true}, sql.NullBool{Valid: true}, sql.NullBool{}
	m := newReplicaMonitor(nil, nil, 10*time.Second)

	type check struct {
		at        time.Time
		primary   string
		replay    sql.NullString
		replayAge sql.NullFloat64
		caughtUp  sql.NullBool
		want      time.Duration
		known     bool
	}
	for i, c := range []check{
		// The primary idle for an hour, the replica caught up: 0, not an hour.
		{at(0), "0/100", lsn("0/100"), age(3600), yes, 0, true},
		// Behind, the last replayed commit 2s ago, no earlier sample past: 2s.
		{at(3), "0/200", lsn("0/100"), age(2), no, 2 * time.Second, true},
		// Behind, but past the primary's position of the check at 3s: at
		// most 3s behind, though its last commit replayed was an hour ago.
		{at(6), "0/300", lsn("0/250"), age(3600), no, 3 * time.Second, true},
		// The primary's position unknown (its query failed): the replayed
		// commit's age (4s) bounds it better than the sample at 3s (6s ago).
		{at(9), "", lsn("0/250"), age(4), unknown, 4 * time.Second, true},
		// No commit's age to go by: it has replayed what the primary held
		// at 3s (0/200), not at 6s (0/300): 9s.
		{at(12), "0/400", lsn("0/250"), sql.NullFloat64{}, no, 9 * time.Second, true},
		// Caught up again.
		{at(15), "0/400", lsn("0/400"), age(0.5), yes, 0, true},
	} {
		got, known := m.lag(c.at, c.primary != "", c.primary, c.replay, c.replayAge, c.caughtUp)
		if got != c.want || known != c.known {
			t.Errorf("check %d: lag %s (known %v), want %s (%v)", i, got, known, c.want, c.known)
		}
	}

	// A replica just started that has replayed nothing, first check: not known.
	m = newReplicaMonitor(nil, nil, 10*time.Second)
	if got, known := m.lag(at(0), true, "0/500", lsn("0/100"), sql.NullFloat64{}, no); known {
		t.Errorf("first check of a replica that replayed nothing: lag %s known, want unknown", got)
	}
}
