package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations
var migrations embed.FS

// migrate applies, in order and each in its own transaction, the embedded
// migrations that this database has not seen yet.
func (db *DB) migrate(ctx context.Context) (ret error) {
	// Create the table only when it is missing: a PostgreSQL application
	// role without the right to create tables (README, "Two database
	// roles") starts on a database its owner migrated.
	var n int
	if err := db.write.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
		if _, err := db.write.ExecContext(ctx,
			`CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY)`); err != nil {
			return fmt.Errorf("migrations table: %w", err)
		}
	}
	dir := "migrations/" + string(db.engine)
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	var begin txBeginner = db.write
	if db.engine == SQLite {
		// SQLite cannot alter a constraint; a migration rebuilds the table
		// (create, copy, drop, rename), which with foreign keys enforced
		// would fail, or delete, on dropping a table others refer to. As
		// SQLite's documentation says (lang_altertable.html, "other
		// kinds of table schema changes"): foreign keys off, on this one
		// connection, outside the transaction; PRAGMA foreign_key_check
		// before each commit; on again after.
		conn, err := db.write.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
			return err
		}
		defer func() {
			var on int
			_, err := conn.ExecContext(context.Background(), `PRAGMA foreign_keys = ON`)
			if err == nil {
				err = conn.QueryRowContext(context.Background(), `PRAGMA foreign_keys`).Scan(&on)
			}
			if err == nil && on != 1 {
				err = fmt.Errorf("foreign keys are still off")
			}
			if err != nil {
				conn.Raw(func(any) error { return driver.ErrBadConn }) // never reuse it
				if ret == nil {
					ret = fmt.Errorf("turn foreign keys back on after the migrations: %w", err)
				}
			}
		}()
		begin = conn
	}
	for _, e := range entries {
		version, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with a number", e.Name())
		}
		body, err := migrations.ReadFile(dir + "/" + e.Name())
		if err != nil {
			return err
		}
		if err := db.applyMigration(ctx, begin, version, string(body)); err != nil {
			return fmt.Errorf("migration %s: %w", e.Name(), err)
		}
	}
	return nil
}

// txBeginner is what *sql.DB and *sql.Conn share.
type txBeginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

func (db *DB) applyMigration(ctx context.Context, begin txBeginner, version int, body string) error {
	tx, err := begin.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx,
		`SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if db.engine == Postgres { // a migration may take long on a large database (StatementTimeout)
		if _, err := tx.ExecContext(ctx, `SET LOCAL statement_timeout = 0`); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, body); err != nil {
		return err
	}
	if db.engine == SQLite {
		if err := foreignKeyCheck(ctx, tx); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version) VALUES ($1)`, version); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// foreignKeyCheck fails, naming a few, when rows refer to rows that are not
// there (SQLite's migrations run with foreign keys off).
func foreignKeyCheck(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	defer rows.Close()
	var bad []string
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fk int
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return err
		}
		if len(bad) < 10 {
			bad = append(bad, fmt.Sprintf("%s row %d refers to a missing %s", table, rowid.Int64, parent))
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(bad) > 0 {
		return fmt.Errorf("foreign key check: %s", strings.Join(bad, "; "))
	}
	return nil
}

// SchemaVersion returns the highest applied migration.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}
