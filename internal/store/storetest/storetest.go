// Package storetest opens fresh databases for tests: always SQLite, and
// PostgreSQL too when ONSET_TEST_POSTGRES holds a DSN. Each call gets its
// own database file or PostgreSQL schema, dropped when the test ends.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"onset/internal/store"
)

// EnvPostgres names the variable that holds the PostgreSQL test DSN.
const EnvPostgres = "ONSET_TEST_POSTGRES"

// EnvAppRole names an existing PostgreSQL login role without DDL rights
// (README, "Two database roles"). When set, Open migrates each test's
// schema as the owner (EnvPostgres's user), grants the role what serve
// needs, and hands the test a database opened as that role: the tests
// run with the application's privileges, as CI does.
const EnvAppRole = "ONSET_TEST_POSTGRES_APP_ROLE"

// EnvReplica names the variable that holds the DSN of a streaming
// replica of EnvPostgres's database (CI: port 5433, .ci/pg-replica). Tests
// of the read replica skip without it.
const EnvReplica = "ONSET_TEST_POSTGRES_REPLICA"

// WithReplica returns a fresh, migrated PostgreSQL test schema's DSN (as
// the application role when EnvAppRole is set, as Open) and the same
// schema's DSN on the replica: EnvReplica's server with the primary DSN's
// user and search_path. The schema reaches the replica by replication,
// so a test waits for the replay before reading it there. Skips when
// EnvPostgres or EnvReplica is unset.
func WithReplica(t testing.TB) (primary, replica string) {
	t.Helper()
	base := os.Getenv(EnvReplica)
	if base == "" || os.Getenv(EnvPostgres) == "" {
		t.Skip(EnvReplica + " (and " + EnvPostgres + ") must be set")
	}
	primary = MigratedDSN(t)
	p, err := url.Parse(primary)
	if err != nil {
		t.Fatal(err)
	}
	r, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	r.User = p.User
	qv := r.Query()
	qv.Set("search_path", p.Query().Get("search_path"))
	r.RawQuery = qv.Encode()
	return primary, r.String()
}

// MigratedDSN returns the DSN of a fresh, migrated PostgreSQL test schema,
// as the application role when EnvAppRole is set (as Open): for tests
// that open the database themselves, with options. Skips without
// EnvPostgres.
func MigratedDSN(t testing.TB) string {
	t.Helper()
	dsn := DSN(t, store.Postgres)
	if role := os.Getenv(EnvAppRole); role != "" {
		return asAppRole(t, dsn, role)
	}
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("migrate: %v", err)
	}
	db.Close()
	return dsn
}

// Engines lists the engines the current run tests.
func Engines() []store.Engine {
	if os.Getenv(EnvPostgres) != "" {
		return []store.Engine{store.SQLite, store.Postgres}
	}
	return []store.Engine{store.SQLite}
}

// Each runs fn as a subtest per engine, each with a fresh database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(string(e), func(t *testing.T) {
			fn(t, Open(t, e))
		})
	}
}

// DSN returns a fresh, empty database's DSN for engine e.
func DSN(t testing.TB, e store.Engine) string {
	t.Helper()
	if e == store.SQLite {
		return filepath.Join(t.TempDir(), "onset.db")
	}
	base := os.Getenv(EnvPostgres)
	if base == "" {
		t.Skip(EnvPostgres + " is not set")
	}
	raw := make([]byte, 6)
	rand.Read(raw)
	schema := "t_" + hex.EncodeToString(raw)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if db, err := sql.Open("pgx", base); err == nil {
			db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			db.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	qv := u.Query()
	qv.Set("search_path", schema)
	u.RawQuery = qv.Encode()
	return u.String()
}

// Open opens a fresh, migrated database of engine e, closed at cleanup;
// on PostgreSQL as the application role when EnvAppRole is set.
func Open(t testing.TB, e store.Engine) *store.DB {
	t.Helper()
	dsn := DSN(t, e)
	if role := os.Getenv(EnvAppRole); e == store.Postgres && role != "" {
		dsn = asAppRole(t, dsn, role)
	}
	return open(t, e, dsn)
}

// EachAsOwner is Each with the database owner's rights whatever
// EnvAppRole says: for tests that tamper as someone holding them could.
func EachAsOwner(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(string(e), func(t *testing.T) {
			fn(t, open(t, e, DSN(t, e)))
		})
	}
}

func open(t testing.TB, e store.Engine, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", e, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// asAppRole migrates the schema of dsn as its owner, grants role the
// application's rights on it, and returns dsn with role as the user.
func asAppRole(t testing.TB, dsn, role string) string {
	t.Helper()
	owner, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("migrate as the owner: %v", err)
	}
	owner.Close()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	schema := u.Query().Get("search_path")
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	r := pgIdent(role)
	for _, stmt := range []string{
		"GRANT USAGE ON SCHEMA " + schema + " TO " + r,
		"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema + " TO " + r,
		"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + r,
	} {
		if _, err := admin.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	u.User = url.User(role)
	return u.String()
}

// pgIdent quotes a role name for SQL.
func pgIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
