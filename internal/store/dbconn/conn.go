// Package dbconn holds what every query of package store and its
// capability packages runs on: Conn (the pool or transaction, and the
// engine behind it) and the few conversions and errors that both engines
// need the same everywhere. Each capability package's Queries embeds Conn;
// store.Queries embeds them all.
package dbconn

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"onset/internal/clinic"
)

// Engine names the database engine behind a DB.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// Querier is what *sql.DB and *sql.Tx share.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Preparer is what *sql.DB and *sql.Tx offer for statements run many times.
type Preparer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// Conn runs queries on a pool or inside a transaction of one engine.
type Conn struct {
	Querier
	Engine Engine
}

// Exec1 runs a statement that must touch exactly one row.
func (q *Conn) Exec1(ctx context.Context, what, query string, args ...any) error {
	res, err := q.ExecContext(ctx, query, args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return clinic.Errorf(clinic.NotFound, "%s not found", what)
	}
	return nil
}

// SkipLocked makes a SELECT in a PostgreSQL transaction lock its rows and
// pass over rows another transaction holds.
func (q *Conn) SkipLocked() string {
	if q.Engine == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// HoldUntil moves the due time of the claimed rows of table to until.
func (q *Conn) HoldUntil(ctx context.Context, table string, ids []int64, until time.Time) error {
	args := []any{q.T(until)}
	marks := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		marks[i] = "$" + strconv.Itoa(i+2)
	}
	_, err := q.ExecContext(ctx, `UPDATE `+table+` SET due_at = $1 WHERE id IN (`+strings.Join(marks, ", ")+`)`, args...)
	return err
}

// Prepare readies a statement that a bulk insert runs once per row: on
// SQLite preparing costs more than running a small insert.
func (q *Conn) Prepare(ctx context.Context, query string) (*sql.Stmt, error) {
	p, ok := q.Querier.(Preparer)
	if !ok {
		return nil, fmt.Errorf("store: cannot prepare statements on %T", q.Querier)
	}
	return p.PrepareContext(ctx, query)
}
