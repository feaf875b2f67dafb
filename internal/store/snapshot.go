package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Snapshot runs fn over one consistent, read-only view of the database
// while writes go on: on SQLite a deferred read transaction on a read
// connection (WAL keeps the pages it started with), on PostgreSQL a
// READ ONLY, REPEATABLE READ transaction. The view is fixed by the first
// query fn makes. Its queries share one connection: make them one after
// another, never inside another query's fn.
func (db *DB) Snapshot(ctx context.Context, fn func(*Queries) error) error {
	return db.snapshot(ctx, db.read, fn)
}

// snapshot is Snapshot on pool (the primary's read pool, or a replica's).
// On PostgreSQL it lifts the statement timeout (StatementTimeout) for
// itself: an export streams each table to a client as fast as the client
// takes it, for as long as that takes.
func (db *DB) snapshot(ctx context.Context, pool *sql.DB, fn func(*Queries) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.engine == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin snapshot: %w", err)
	}
	defer tx.Rollback() // it wrote nothing: rolling back ends it
	if db.engine == Postgres {
		if _, err := tx.ExecContext(ctx, `SET LOCAL statement_timeout = 0`); err != nil {
			return fmt.Errorf("begin snapshot: %w", err)
		}
	}
	return fn(db.queries(tx, nil))
}
