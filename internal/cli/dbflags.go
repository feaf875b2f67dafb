package cli

import (
	"flag"
	"fmt"
	"time"

	"onset/internal/store"
)

// defaultStatementTimeout is --db-statement-timeout's default: the web
// server's write timeout, past which no request waits for an answer. The
// migrations and the export's snapshot lift it for themselves.
const defaultStatementTimeout = 60 * time.Second

// dbFlags are serve's connection and pool settings (README, "Database
// connections and a read replica").
type dbFlags struct {
	fs               *flag.FlagSet
	replica          *string
	replicaMaxLag    *time.Duration
	maxConns         *int
	statementTimeout *time.Duration
}

func addDBFlags(fs *flag.FlagSet) *dbFlags {
	return &dbFlags{
		fs: fs,
		replica: fs.String("db-replica", "", "postgres:// URL of a streaming replica of --db for analytics, dashboards, "+
			"the export and FHIR searches (PostgreSQL only)"),
		replicaMaxLag: fs.Duration("db-replica-max-lag", store.DefaultReplicaMaxLag,
			"read the primary instead while the replica is further behind than this"),
		maxConns: fs.Int("db-max-conns", 0, fmt.Sprintf("most database connections: the PostgreSQL pool (and the replica's); "+
			"SQLite's readers beside its one writer (0: %d on PostgreSQL, %d on SQLite)",
			store.DefaultPostgresConns, store.DefaultSQLiteReaders)),
		statementTimeout: fs.Duration("db-statement-timeout", defaultStatementTimeout,
			"PostgreSQL cancels a statement that runs longer (statement_timeout; 0: the server's setting); SQLite has none"),
	}
}

// options checks the flags against the database dsn names and returns
// them as store options; an error is a usage error.
func (f *dbFlags) options(dsn string) ([]store.Option, error) {
	set := map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	pg := store.IsPostgres(dsn)
	switch {
	case *f.replica != "" && !pg:
		return nil, fmt.Errorf("--db-replica needs a PostgreSQL --db (postgres://...): SQLite has no replicas")
	case *f.replica != "" && !store.IsPostgres(*f.replica):
		return nil, fmt.Errorf("--db-replica must be a postgres:// URL")
	case set["db-replica-max-lag"] && *f.replica == "":
		return nil, fmt.Errorf("--db-replica-max-lag needs --db-replica")
	case *f.replicaMaxLag <= 0:
		return nil, fmt.Errorf("--db-replica-max-lag must be positive, got %s", *f.replicaMaxLag)
	case *f.maxConns < 0 || *f.maxConns > 0 && *f.maxConns < store.MinConns:
		return nil, fmt.Errorf("--db-max-conns must be 0 (the default) or at least %d (a read of the outcome analytics holds three connections), got %d",
			store.MinConns, *f.maxConns)
	case *f.statementTimeout < 0:
		return nil, fmt.Errorf("--db-statement-timeout must be 0 (none) or more, got %s", *f.statementTimeout)
	case set["db-statement-timeout"] && !pg && *f.statementTimeout > 0:
		return nil, fmt.Errorf("--db-statement-timeout needs PostgreSQL: SQLite has no statement timeout " +
			"(a statement waits at most 10s for a lock, its busy timeout)")
	}
	opts := []store.Option{store.MaxConns(*f.maxConns)}
	if pg {
		opts = append(opts, store.StatementTimeout(*f.statementTimeout))
	}
	if *f.replica != "" {
		opts = append(opts, store.Replica(*f.replica, *f.replicaMaxLag))
	}
	return opts, nil
}
