package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestServeDBFlagsRefused: the connection flags that do not fit the
// database are usage errors (exit 2) with a reason, before anything opens.
func TestServeDBFlagsRefused(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "onset.db")
	pg := "postgres://postgres@127.0.0.1:5432/onset?sslmode=disable"
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--db", db, "--db-replica", pg}, "SQLite has no replicas"},
		{[]string{"--db", pg, "--db-replica", "replica.db"}, "must be a postgres:// URL"},
		{[]string{"--db", pg, "--db-replica-max-lag", "5s"}, "needs --db-replica"},
		{[]string{"--db", pg, "--db-replica", pg, "--db-replica-max-lag", "0s"}, "must be positive"},
		{[]string{"--db", db, "--db-max-conns", "-1"}, "--db-max-conns"},
		{[]string{"--db", db, "--db-max-conns", "2"}, "at least 3"},
		{[]string{"--db", db, "--db-statement-timeout", "30s"}, "SQLite has no statement timeout"},
		{[]string{"--db", pg, "--db-statement-timeout", "-1s"}, "--db-statement-timeout"},
	} {
		code, _, stderr := run(t, "", append([]string{"serve"}, c.args...)...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("serve %v: exit %d, %q; want 2 and %q", c.args, code, stderr, c.want)
		}
	}
	if m, _ := filepath.Glob(db + "*"); len(m) > 0 {
		t.Errorf("a refused serve made %v", m)
	}
}

// The commands that read for analysis or export take the same connection
// flags as serve (--db-replica: their reads go to the replica), refused
// the same way when they do not fit the database.
func TestAnalysisCommandsTakeDBFlags(t *testing.T) {
	t.Parallel()
	db := demoDB(t, 8)
	pg := "postgres://postgres@127.0.0.1:5432/onset?sslmode=disable"
	out := filepath.Join(t.TempDir(), "out")
	for _, args := range [][]string{
		{"outcomes", "--instrument", "phq9"},
		{"export", "csv", "--out", out + ".zip"},
		{"export", "fhir", "--out", out},
	} {
		code, _, stderr := run(t, "", append(args, "--db", db, "--db-replica", pg)...)
		if code != exitUsage || !strings.Contains(stderr, "SQLite has no replicas") {
			t.Errorf("%v --db-replica on SQLite: exit %d, %q", args, code, stderr)
		}
		if code, _, stderr := run(t, "", append(args, "--db", db, "--db-max-conns", "3")...); code != exitOK {
			t.Errorf("%v --db-max-conns 3: exit %d, %s", args, code, stderr)
		}
	}
}
