package cli

import (
	"context"

	"onset/internal/store"
)

func runMigrate(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "migrate")
	dsn := fs.String("db", "onset.db", "SQLite file path or postgres:// URL")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	db, err := store.Open(ctx, *dsn) // Open applies pending migrations
	if err != nil {
		return fail(e, exitFailure, "migrate: %v", err)
	}
	defer db.Close()
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return fail(e, exitFailure, "migrate: %v", err)
	}
	printf(e, "database is at schema version %d (%s)\n", v, db.Engine())
	return exitOK
}
