// Package store keeps Onset's records in SQLite (embedded, the default) or
// PostgreSQL, with hand-written SQL that both engines accept. It implements
// the storage ports that package service declares.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"onset/internal/store/dbconn"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the pure-Go "sqlite" driver
)

// Engine names the database engine behind a DB.
type Engine = dbconn.Engine

const (
	SQLite   = dbconn.SQLite
	Postgres = dbconn.Postgres
)

// DB is an open database: one writer and a pool of readers. For SQLite
// the writer is a single connection, so writes queue in Go instead of
// failing with SQLITE_BUSY; PostgreSQL uses one pool for both.
type DB struct {
	engine Engine
	write  *sql.DB
	read   *sql.DB
	// replica, when set, is the read pool of a PostgreSQL streaming
	// replica (--db-replica): Analytics reads there while monitor says it
	// is current enough (replica.go).
	replica *sql.DB
	monitor *replicaMonitor
	heads   auditHeads          // the audit chains' heads as this process last wrote them (audit.go)
	group   groupCommit         // SQLite's write transactions waiting for the writer (group_commit.go)
	stmts   *stmtCache          // prepared statements, SQLite only; nil on PostgreSQL (stmtcache.go)
	onTx    func(time.Duration) // ObserveTx
	// fanout bounds the reads that hold several connections at once (the
	// outcome analytics stream three tables together, cohort/outcomes.go): at
	// most a third of the read pool, so they can never hold every
	// connection while waiting for one more.
	fanout chan struct{}
}

// MinConns is the fewest connections --db-max-conns may ask for: a read
// of the outcome analytics holds three at once.
const MinConns = 3

// fanoutFor is the fanout semaphore of a read pool of n connections.
func fanoutFor(n int) chan struct{} { return make(chan struct{}, max(1, n/MinConns)) }

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Option changes how Open opens a database.
type Option func(*options)

type options struct {
	throwaway, unchecked bool
	maxConns             int           // 0: the engine's default
	statementTimeout     time.Duration // 0: the server's setting
	replica              string        // a PostgreSQL replica's URL, or ""
	replicaMaxLag        time.Duration // 0: DefaultReplicaMaxLag
}

// Default pool sizes (MaxConns).
const (
	DefaultPostgresConns = 20 // PostgreSQL: one pool (and as many again for a replica)
	DefaultSQLiteReaders = 8  // SQLite: readers beside the one writer connection
)

// MaxConns bounds the connections Open keeps: PostgreSQL's pool (the
// primary's, and the replica's if any); SQLite's reader pool (its writer
// is always one connection). n <= 0 keeps the default.
func MaxConns(n int) Option { return func(o *options) { o.maxConns = n } }

// StatementTimeout makes PostgreSQL cancel any statement that runs longer
// than d (statement_timeout, set on every connection of both pools; the
// migrations and the export's snapshot lift it for themselves). SQLite has
// no statement timeout: Open refuses the option there. d <= 0 keeps the
// server's setting.
func StatementTimeout(d time.Duration) Option { return func(o *options) { o.statementTimeout = d } }

// Replica sends Analytics reads to the PostgreSQL streaming replica at
// dsn (a postgres:// URL) while it answers and is at most maxLag behind
// the primary (maxLag <= 0: DefaultReplicaMaxLag); otherwise they go to
// the primary. Everything else stays on the primary. A replica that is
// down at Open is not an error: the primary serves until it answers.
func Replica(dsn string, maxLag time.Duration) Option {
	return func(o *options) { o.replica, o.replicaMaxLag = dsn, maxLag }
}

// Unchecked skips the check of the append-only triggers
// (CheckProtections): for `onset audit verify`, which must run on a
// database whose protections are gone.
func Unchecked() Option { return func(o *options) { o.unchecked = true } }

// Throwaway opens a SQLite database that will be deleted after use (the
// demo's) with synchronous=OFF: a commit is not waited for on disk, so a
// crash may lose it, and loading many records is several times faster.
// Never use
// it for a clinic's records. PostgreSQL ignores it.
func Throwaway() Option { return func(o *options) { o.throwaway = true } }

// Open opens (creating if needed) the database named by dsn — a SQLite file
// path or a postgres:// URL — and applies pending migrations.
func Open(ctx context.Context, dsn string, opts ...Option) (*DB, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if o.maxConns > 0 && o.maxConns < MinConns {
		return nil, fmt.Errorf("at least %d database connections are needed (a read of the outcome analytics holds three); asked for %d",
			MinConns, o.maxConns)
	}
	var db *DB
	var err error
	if IsPostgres(dsn) {
		db, err = openPostgres(dsn, o)
	} else {
		if o.replica != "" {
			return nil, fmt.Errorf("a read replica needs PostgreSQL; %s is a SQLite database", dsn)
		}
		if o.statementTimeout > 0 {
			return nil, fmt.Errorf("a statement timeout needs PostgreSQL; SQLite has none (its busy timeout is %s)", sqliteBusyTimeout)
		}
		db, err = openSQLite(dsn, o)
	}
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if o.unchecked {
		return db, nil
	}
	if err := db.CheckProtections(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if o.replica != "" {
		if err := db.openReplica(ctx, o); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// sqlitePragmas: WAL for concurrent readers; synchronous=FULL so that an
// acknowledged commit survives power loss; foreign keys enforced; a busy
// timeout so readers wait for checkpoints instead of failing.
const sqlitePragmas = "_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_txlock=immediate"

// sqliteBusyTimeout is sqlitePragmas' busy_timeout: how long a statement
// waits for a lock before failing with SQLITE_BUSY.
const sqliteBusyTimeout = 10 * time.Second

func openSQLite(path string, o options) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("empty database path")
	}
	pragmas := sqlitePragmas
	if o.throwaway {
		pragmas = strings.Replace(pragmas, "synchronous(FULL)", "synchronous(OFF)", 1)
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + pragmas
	write, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxLifetime(0)
	read, err := sql.Open("sqlite", dsn)
	if err != nil {
		write.Close()
		return nil, err
	}
	readers := DefaultSQLiteReaders
	if o.maxConns > 0 {
		readers = o.maxConns
	}
	read.SetMaxOpenConns(readers)
	read.SetMaxIdleConns(readers)
	if err := write.Ping(); err != nil {
		write.Close()
		read.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return &DB{engine: SQLite, write: write, read: read, stmts: newStmtCache(), fanout: fanoutFor(readers)}, nil
}

func openPostgres(dsn string, o options) (*DB, error) {
	pool, err := postgresPool(dsn, o)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	return &DB{engine: Postgres, write: pool, read: pool, fanout: fanoutFor(poolSize(o))}, nil
}

// postgresPool opens (without connecting) a pool on dsn sized and timed
// as o says.
func postgresPool(dsn string, o options) (*sql.DB, error) {
	if o.statementTimeout > 0 {
		u, err := url.Parse(dsn)
		if err != nil {
			return nil, fmt.Errorf("database URL: %w", err)
		}
		q := u.Query()
		q.Set("statement_timeout", strconv.FormatInt(o.statementTimeout.Milliseconds(), 10)) // a runtime parameter, in ms
		u.RawQuery = q.Encode()
		dsn = u.String()
	}
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	n := poolSize(o)
	pool.SetMaxOpenConns(n)
	pool.SetMaxIdleConns(max(n/2, 1))
	pool.SetConnMaxIdleTime(5 * time.Minute)
	return pool, nil
}

// poolSize is the PostgreSQL pool's size o asks for.
func poolSize(o options) int {
	if o.maxConns > 0 {
		return o.maxConns
	}
	return DefaultPostgresConns
}

// Engine reports which engine the database runs on.
func (db *DB) Engine() Engine { return db.engine }

// Close closes the pools (and stops the replica's monitor).
func (db *DB) Close() error {
	if db.stmts != nil {
		db.stmts.close()
	}
	if db.monitor != nil {
		db.monitor.stop()
	}
	if db.replica != nil {
		db.replica.Close()
	}
	err := db.write.Close()
	if db.read != db.write {
		if rerr := db.read.Close(); err == nil {
			err = rerr
		}
	}
	return err
}

// ObserveTx calls fn with the duration of every write transaction from
// now on (tests that check what runs inside one). Call it before use.
func (db *DB) ObserveTx(fn func(time.Duration)) { db.onTx = fn }

// Ping checks that the database answers (used by /healthz).
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// Reader returns queries on the read pool.
func (db *DB) Reader() *Queries {
	if db.stmts != nil {
		return db.queries(cachingQuerier{q: db.read, pool: db.read, cache: db.stmts}, db.fanout)
	}
	return db.queries(db.read, db.fanout)
}

// WithTx runs fn in one write transaction: committed if fn returns nil,
// rolled back otherwise, so nothing is ever half-written. On SQLite,
// transactions that queue behind a running one commit together
// (group_commit.go). PostgreSQL runs them side by side: grouped there,
// each statement's round trip waited on the one connection, and the FHIR
// benchmark's creates fell from 697 to 417/s.
func (db *DB) WithTx(ctx context.Context, fn func(*Queries) error) error {
	if db.engine == SQLite {
		return db.withGroupTx(ctx, fn)
	}
	if db.onTx != nil {
		defer db.observeTx(time.Now())
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(db.queries(tx, nil)); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
