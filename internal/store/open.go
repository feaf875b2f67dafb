// Package store keeps Onset's records in SQLite (embedded, the default) or
// PostgreSQL, with hand-written SQL that both engines accept. It implements
// the storage ports that package service declares.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the pure-Go "sqlite" driver
)

// Engine names the database engine behind a DB.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DB is an open database: one writer and a pool of readers. For SQLite
// the writer is a single connection, so writes queue in Go instead of
// failing with SQLITE_BUSY; PostgreSQL uses one pool for both.
type DB struct {
	engine Engine
	write  *sql.DB
	read   *sql.DB
	heads  auditHeads          // the audit chains' heads as this process last wrote them (audit.go)
	stmts  *stmtCache          // prepared statements, SQLite only; nil on PostgreSQL (stmtcache.go)
	onTx   func(time.Duration) // ObserveTx
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Option changes how Open opens a database.
type Option func(*options)

type options struct{ throwaway, unchecked bool }

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
	var db *DB
	var err error
	if IsPostgres(dsn) {
		db, err = openPostgres(dsn)
	} else {
		db, err = openSQLite(dsn, o.throwaway)
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
	return db, nil
}

// sqlitePragmas: WAL for concurrent readers; synchronous=FULL so that an
// acknowledged commit survives power loss; foreign keys enforced; a busy
// timeout so readers wait for checkpoints instead of failing.
const sqlitePragmas = "_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_txlock=immediate"

func openSQLite(path string, throwaway bool) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("empty database path")
	}
	pragmas := sqlitePragmas
	if throwaway {
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
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	if err := write.Ping(); err != nil {
		write.Close()
		read.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return &DB{engine: SQLite, write: write, read: read, stmts: newStmtCache()}, nil
}

func openPostgres(dsn string) (*DB, error) {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	return &DB{engine: Postgres, write: pool, read: pool}, nil
}

// Engine reports which engine the database runs on.
func (db *DB) Engine() Engine { return db.engine }

// Close closes both pools.
func (db *DB) Close() error {
	if db.stmts != nil {
		db.stmts.close()
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
		return &Queries{q: cachingQuerier{q: db.read, pool: db.read, cache: db.stmts}, engine: db.engine, heads: &db.heads}
	}
	return &Queries{q: db.read, engine: db.engine, heads: &db.heads}
}

// WithTx runs fn in one write transaction: committed if fn returns nil,
// rolled back otherwise, so nothing is ever half-written.
func (db *DB) WithTx(ctx context.Context, fn func(*Queries) error) error {
	if db.onTx != nil {
		defer func(start time.Time) { db.onTx(time.Since(start)) }(time.Now())
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	var q querier = tx
	if db.stmts != nil {
		q = cachingQuerier{q: tx, pool: db.write, tx: tx, cache: db.stmts}
		defer db.stmts.prepareWanted(ctx, db.write) // once the connection is free again
	}
	if err := fn(&Queries{q: q, engine: db.engine, heads: &db.heads}); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Queries runs Onset's SQL on a pool or inside a transaction.
type Queries struct {
	q      querier
	engine Engine
	heads  *auditHeads
}
