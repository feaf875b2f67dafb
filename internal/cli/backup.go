package cli

import (
	"context"

	"onset/internal/store"
)

func runBackup(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "backup")
	dsn := fs.String("db", "onset.db", "SQLite database file to copy (may be in use)")
	to := fs.String("to", "", "file to write the copy to (must not exist)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *to == "" {
		return fail(e, exitUsage, "backup: --to is required")
	}
	if store.IsPostgres(*dsn) {
		return fail(e, exitUsage, "backup: for PostgreSQL use pg_dump (see README)")
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return fail(e, exitFailure, "backup: %v", err)
	}
	defer db.Close()
	if err := db.BackupSQLite(ctx, *to); err != nil {
		return fail(e, exitFailure, "%v", err)
	}
	printf(e, "wrote a consistent copy of %s to %s\n", *dsn, *to)
	return exitOK
}
