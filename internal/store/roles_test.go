package store_test

import (
	"database/sql"
	"net/url"
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// The two PostgreSQL roles of README ("Two database roles"): the owner
// migrates; the application role that `serve` runs under reads and writes
// records but cannot truncate, alter, drop or switch off the triggers
// that keep them append-only.
func TestApplicationRoleCannotTamper(t *testing.T) {
	t.Parallel()
	if storetest.Engines()[len(storetest.Engines())-1] != store.Postgres {
		t.Skip(storetest.EnvPostgres + " is not set")
	}
	ctx := t.Context()
	ownerDSN := storetest.DSN(t, store.Postgres)
	owner, err := store.Open(ctx, ownerDSN) // migrates as the owner
	if err != nil {
		t.Fatal(err)
	}
	owner.Close()
	u, _ := url.Parse(ownerDSN)
	schema := u.Query().Get("search_path")
	role := "app_" + schema
	admin, err := sql.Open("pgx", ownerDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	for _, s := range []string{
		"CREATE ROLE " + role + " LOGIN",
		"GRANT USAGE ON SCHEMA " + schema + " TO " + role,
		"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema + " TO " + role,
		"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + role,
	} {
		if _, err := admin.ExecContext(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	t.Cleanup(func() {
		if db, err := sql.Open("pgx", ownerDSN); err == nil {
			db.Exec("DROP OWNED BY " + role)
			db.Exec("DROP ROLE " + role)
			db.Close()
		}
	})
	u.User = url.User(role)
	appDSN := u.String()
	app, err := store.Open(ctx, appDSN) // what serve does: no DDL needed once migrated
	if err != nil {
		t.Fatalf("the application role cannot open the migrated database: %v", err)
	}
	defer app.Close()
	if err := app.WithTx(ctx, func(q *store.Queries) error {
		id, err := q.CreateClinic(ctx, clinic.Clinic{Name: "App role clinic"}, time.Now())
		if err != nil {
			return err
		}
		return q.AppendAudit(ctx, clinic.AuditEntry{ClinicID: id, At: time.Now(), Role: clinic.RoleAdmin, Action: "clinic.create"})
	}); err != nil {
		t.Fatalf("the application role cannot write records: %v", err)
	}
	raw, err := sql.Open("pgx", appDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for stmt, want := range map[string]string{
		"TRUNCATE audit_log":                            "permission denied",
		"TRUNCATE ledger_entries":                       "permission denied",
		"ALTER TABLE audit_log DISABLE TRIGGER USER":    "must be owner",
		"DROP TRIGGER audit_log_no_change ON audit_log": "must be owner",
		"DROP TABLE audit_log":                          "must be owner",
		"UPDATE audit_log SET action = 'x'":             "append-only",
		"DELETE FROM audit_log":                         "append-only",
		"CREATE TABLE evil (id int)":                    "permission denied",
	} {
		if _, err := raw.ExecContext(ctx, stmt); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s as the application role: %v, want %q", stmt, err, want)
		}
	}
}
