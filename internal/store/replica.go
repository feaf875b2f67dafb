package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"
)

// A PostgreSQL streaming replica (Replica, `onset serve --db-replica`)
// answers the reads that may be a few seconds behind the primary: outcome
// analytics, the whole-clinic export, FHIR searches (Analytics,
// AnalyticsSnapshot). Every other read stays on the primary, so a page
// shown after a write (post/redirect/get) sees that write. A monitor
// checks the replica every few seconds; while it is down, not a replica,
// or further behind than its bound, Analytics reads the primary.

// DefaultReplicaMaxLag is how far behind the primary the replica may be
// before Analytics reads the primary instead.
const DefaultReplicaMaxLag = 10 * time.Second

// replicaCheckEvery is how often the monitor checks the replica.
const replicaCheckEvery = 3 * time.Second

// Replica states (ReplicaHealth.Status).
const (
	ReplicaOK      = "ok"      // answering and within its bound: Analytics reads it
	ReplicaLagging = "lagging" // answering but too far behind: Analytics reads the primary
	ReplicaDown    = "down"    // not answering, or not in recovery: Analytics reads the primary
)

// ReplicaHealth is the replica's state at its last check.
type ReplicaHealth struct {
	Configured bool          // a replica is configured (false: the rest is empty)
	Status     string        // ReplicaOK, ReplicaLagging or ReplicaDown
	Lag        time.Duration // how far behind the primary it is, when LagKnown
	LagKnown   bool          // false when down, or when a replica just started has not shown how far behind it is
	Err        error         // why it is down, for the log (never shown to users)
	CheckedAt  time.Time
}

// openReplica opens the replica's pool and checks it once, so that
// Analytics is right from the start; a replica that does not answer is
// not an error (the primary serves).
func (db *DB) openReplica(ctx context.Context, o options) error {
	if !IsPostgres(o.replica) {
		return fmt.Errorf("the read replica must be a postgres:// URL")
	}
	pool, err := postgresPool(o.replica, o)
	if err != nil {
		return fmt.Errorf("read replica: %w", err)
	}
	maxLag := o.replicaMaxLag
	if maxLag <= 0 {
		maxLag = DefaultReplicaMaxLag
	}
	db.replica = pool
	db.monitor = newReplicaMonitor(pool, db.write, maxLag)
	db.monitor.check(ctx)
	go db.monitor.run(replicaCheckEvery)
	return nil
}

// Analytics returns queries for reads that may lag the primary by up to
// the replica's bound: on the replica while it is healthy, otherwise (or
// without a replica) on the primary's read pool, as Reader. Never use it
// for a read that must see a write just made.
func (db *DB) Analytics() *Queries {
	if db.monitor != nil && db.monitor.usable() {
		return db.queries(db.replica, db.fanout)
	}
	return db.Reader()
}

// AnalyticsSnapshot is Snapshot on the pool Analytics reads: one
// consistent, read-only view, on the replica while it is healthy.
func (db *DB) AnalyticsSnapshot(ctx context.Context, fn func(*Queries) error) error {
	if db.monitor != nil && db.monitor.usable() {
		return db.snapshot(ctx, db.replica, fn)
	}
	return db.Snapshot(ctx, fn)
}

// ReplicaHealth checks the replica now (at most once a second; callers in
// between share the last check) and reports its state: for /healthz.
// Without a replica it reports Configured false.
func (db *DB) ReplicaHealth(ctx context.Context) ReplicaHealth {
	if db.monitor == nil {
		return ReplicaHealth{}
	}
	return db.monitor.fresh(ctx, time.Second)
}

// replicaMonitor tracks how far the replica is behind the primary.
//
// The replica's now() - pg_last_xact_replay_timestamp() alone misleads:
// with the primary idle it grows without the replica being behind at
// all. So each check also reads the primary's WAL position
// (pg_current_wal_lsn) and the replica's replayed position
// (pg_last_wal_replay_lsn): a replica that has replayed all the primary
// had written is 0 behind. One that has not is behind by at most the time
// since its last replayed commit, and at most the time since an earlier
// check saw the primary at a position the replica has now replayed; the
// lag is the smaller of the two bounds it has.
type replicaMonitor struct {
	replica, primary *sql.DB
	maxLag           time.Duration
	now              func() time.Time

	checkMu sync.Mutex // one check at a time
	mu      sync.Mutex // guards the fields below
	health  ReplicaHealth
	samples []lsnSample // the primary's WAL positions as earlier checks saw them, oldest first

	quit chan struct{}
	done chan struct{}
}

// lsnSample is the primary's WAL position at a moment.
type lsnSample struct {
	at  time.Time
	lsn string
}

func newReplicaMonitor(replica, primary *sql.DB, maxLag time.Duration) *replicaMonitor {
	return &replicaMonitor{replica: replica, primary: primary, maxLag: maxLag, now: time.Now,
		health: ReplicaHealth{Configured: true, Status: ReplicaDown, Err: fmt.Errorf("not checked yet")},
		quit:   make(chan struct{}), done: make(chan struct{})}
}

func (m *replicaMonitor) run(every time.Duration) {
	defer close(m.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-m.quit:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), every)
			m.check(ctx)
			cancel()
		}
	}
}

func (m *replicaMonitor) stop() {
	close(m.quit)
	<-m.done
}

func (m *replicaMonitor) usable() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.health.Status == ReplicaOK
}

func (m *replicaMonitor) last() ReplicaHealth {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.health
}

// fresh checks unless the last check is younger than within.
func (m *replicaMonitor) fresh(ctx context.Context, within time.Duration) ReplicaHealth {
	m.checkMu.Lock()
	defer m.checkMu.Unlock()
	if h := m.last(); m.now().Sub(h.CheckedAt) < within {
		return h
	}
	return m.checkLocked(ctx)
}

// check measures the replica now and records what it found.
func (m *replicaMonitor) check(ctx context.Context) ReplicaHealth {
	m.checkMu.Lock()
	defer m.checkMu.Unlock()
	return m.checkLocked(ctx)
}

func (m *replicaMonitor) checkLocked(ctx context.Context) ReplicaHealth {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	h := ReplicaHealth{Configured: true, CheckedAt: m.now()}
	// The primary's position first: whatever the replica has replayed by
	// the moment it answers, it must have reached this to be caught up.
	var primaryLSN sql.NullString
	primaryErr := m.primary.QueryRowContext(ctx, `SELECT pg_current_wal_lsn()::text`).Scan(&primaryLSN)
	var (
		inRecovery bool
		replayLSN  sql.NullString
		replayAge  sql.NullFloat64 // seconds since the last replayed commit; NULL before the first
		caughtUp   sql.NullBool    // replayed >= the primary's position; NULL when either is unknown
	)
	err := m.replica.QueryRowContext(ctx, `SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text,
		EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8,
		pg_last_wal_replay_lsn() >= $1::pg_lsn`, primaryLSN).Scan(&inRecovery, &replayLSN, &replayAge, &caughtUp)
	switch {
	case err != nil:
		h.Status, h.Err = ReplicaDown, err
	case !inRecovery:
		// A promoted or misconfigured "replica" no longer follows the
		// primary: what it holds may differ from the primary's records.
		h.Status, h.Err = ReplicaDown, fmt.Errorf("the replica is not in recovery (promoted, or not a replica)")
	default:
		h.Lag, h.LagKnown = m.lag(h.CheckedAt, primaryErr == nil && primaryLSN.Valid, primaryLSN.String, replayLSN, replayAge, caughtUp)
		h.Status = ReplicaOK
		if !h.LagKnown || h.Lag > m.maxLag {
			h.Status = ReplicaLagging
		}
	}
	m.mu.Lock()
	m.health = h
	m.mu.Unlock()
	return h
}

// lag works out how far behind the replica is (see replicaMonitor) and
// remembers the primary's position for later checks. Not known: a
// replica that has replayed nothing since it started, with no earlier
// check to compare with.
func (m *replicaMonitor) lag(at time.Time, primaryKnown bool, primaryLSN string, replayLSN sql.NullString,
	replayAge sql.NullFloat64, caughtUp sql.NullBool) (time.Duration, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if caughtUp.Valid && caughtUp.Bool {
		m.samples = m.samples[:0]
		return 0, true
	}
	bound := time.Duration(-1) // none yet
	if replayAge.Valid {
		bound = max(time.Duration(replayAge.Float64*float64(time.Second)), 0)
	}
	// Earlier samples the replica has replayed past: it is no further
	// behind than the latest of them.
	if replayLSN.Valid {
		for i := len(m.samples) - 1; i >= 0; i-- {
			if lsnLE(m.samples[i].lsn, replayLSN.String) {
				if d := at.Sub(m.samples[i].at); bound < 0 || d < bound {
					bound = d
				}
				m.samples = m.samples[i:] // older ones tell no more
				break
			}
		}
	}
	if primaryKnown {
		m.samples = append(m.samples, lsnSample{at: at, lsn: primaryLSN})
		if len(m.samples) > 256 {
			m.samples = m.samples[len(m.samples)-256:]
		}
	}
	if bound >= 0 {
		return bound, true
	}
	// Nothing replayed since it started, nor past any earlier sample:
	// behind since at least the oldest sample.
	if len(m.samples) > 1 {
		return at.Sub(m.samples[0].at), true
	}
	return 0, false
}

// lsnLE reports whether WAL position a ("X/Y", hexadecimal) is at or
// before b.
func lsnLE(a, b string) bool {
	pa, oka := parseLSN(a)
	pb, okb := parseLSN(b)
	return oka && okb && pa <= pb
}

func parseLSN(s string) (uint64, bool) {
	var hi, lo uint32
	if _, err := fmt.Sscanf(s, "%X/%X", &hi, &lo); err != nil {
		return 0, false
	}
	return uint64(hi)<<32 | uint64(lo), true
}
