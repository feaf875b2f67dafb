package store

import (
	"context"
	"fmt"
	"os"
)

// BackupSQLite writes a consistent copy of the live database to path using
// VACUUM INTO, which reads one snapshot while writers go on. PostgreSQL
// deployments use pg_dump instead (see README).
func (db *DB) BackupSQLite(ctx context.Context, path string) error {
	if db.engine != SQLite {
		return fmt.Errorf("backup: only for SQLite databases; use pg_dump for PostgreSQL")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists", path)
	}
	_, err := db.read.ExecContext(ctx, `VACUUM INTO $1`, path)
	return err
}

// IntegrityCheck runs SQLite's integrity check (a no-op on PostgreSQL).
func (db *DB) IntegrityCheck(ctx context.Context) error {
	if db.engine != SQLite {
		return nil
	}
	var result string
	if err := db.read.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&result); err != nil {
		return err
	}
	if result != "ok" {
		return fmt.Errorf("integrity check: %s", result)
	}
	return nil
}
