package cli

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"onset/internal/store"
	"onset/internal/store/storetest"
)

func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(t.Context(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestUserAddPasswdMigrateBackup(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			dsn := storetest.DSN(t, engine)
			want := fmt.Sprintf("database is at schema version %d (%s)", latestMigration(t), engine)
			if code, out, errs := run(t, "", "migrate", "--db", dsn); code != 0 || !strings.Contains(out, want) {
				t.Fatalf("migrate: %d %q %q", code, out, errs)
			}
			code, out, errs := run(t, "first password 1\n", "user", "add", "--db", dsn, "--email", "Admin@Example.org", "--role", "admin", "--name", "Ada Admin")
			if code != 0 || !strings.Contains(out, "added admin@example.org (admin)") {
				t.Fatalf("user add: %d %q %q", code, out, errs)
			}
			for _, tc := range []struct {
				stdin string
				args  []string
				want  string
			}{
				{"first password 1\n", []string{"user", "add", "--db", dsn, "--email", "admin@example.org", "--role", "admin"}, "already exists"},
				{"first password 1\n", []string{"user", "add", "--db", dsn, "--email", "x@example.org", "--role", "doctor"}, "--role must be one of"},
				{"short\n", []string{"user", "add", "--db", dsn, "--email", "x@example.org", "--role", "nurse"}, "at least 10 characters"},
				{"", []string{"user", "add", "--db", dsn, "--email", "x@example.org", "--role", "nurse"}, "no password on standard input"},
				{"second password 2\n", []string{"user", "passwd", "--db", dsn, "--email", "nobody@example.org"}, "user not found"},
				{"", []string{"user", "frobnicate"}, "usage: onset user"},
				{"", []string{"nonsense"}, "unknown command"},
			} {
				code, out, errs := run(t, tc.stdin, tc.args...)
				if code != exitUsage || out != "" || !strings.Contains(errs, tc.want) || strings.Count(errs, "\n") != 1 {
					t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and one line with %q", tc.args, code, out, errs, tc.want)
				}
			}
			if code, out, errs := run(t, "second password 2\n", "user", "passwd", "--db", dsn, "--email", "admin@example.org"); code != 0 || !strings.Contains(out, "password changed") {
				t.Fatalf("passwd: %d %q %q", code, out, errs)
			}
			if engine != store.SQLite {
				if code, _, errs := run(t, "", "backup", "--db", dsn, "--to", "x"); code != exitUsage || !strings.Contains(errs, "pg_dump") {
					t.Errorf("postgres backup: %d %q", code, errs)
				}
				return
			}
			to := filepath.Join(t.TempDir(), "backup.db")
			if code, _, errs := run(t, "", "backup", "--db", dsn, "--to", to); code != 0 {
				t.Fatalf("backup: %d %q", code, errs)
			}
			db, err := store.Open(t.Context(), to)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if u, err := db.Reader().UserByEmail(t.Context(), "admin@example.org"); err != nil || u.Name != "Ada Admin" {
				t.Errorf("backup lacks the user: %+v %v", u, err)
			}
			if code, _, _ := run(t, "", "backup", "--db", dsn); code != exitUsage {
				t.Errorf("backup without --to: %d", code)
			}
		})
	}
}

// latestMigration is the highest migration number shipped for SQLite.
func latestMigration(t *testing.T) int {
	t.Helper()
	names, err := filepath.Glob("../store/migrations/sqlite/*.sql")
	if err != nil || len(names) == 0 {
		t.Fatalf("no migrations found: %v", err)
	}
	latest := 0
	for _, n := range names {
		v, err := strconv.Atoi(strings.SplitN(filepath.Base(n), "_", 2)[0])
		if err != nil {
			t.Fatalf("migration %s: %v", n, err)
		}
		latest = max(latest, v)
	}
	return latest
}

// TestServeShutsDownGracefully starts `onset serve` on a free port, checks
// /healthz, then cancels (as SIGTERM does) and expects a clean exit.
func TestServeShutsDownGracefully(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := openApp(ctx, filepath.Join(dir, "onset.db"), serviceConfigForTest())
	if err != nil {
		t.Fatal(err)
	}
	defer a.db.Close()
	urls := make(chan string, 1)
	done := make(chan int, 1)
	var logs bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &logs}
	go func() {
		done <- serve(ctx, e, a, serveOptions{addr: "127.0.0.1:0", ready: func(u string) { urls <- u }})
	}()
	u := <-urls
	res, err := http.Get(u + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", res, err)
	}
	res.Body.Close()
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d", code)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("server did not stop")
	}
	if !strings.Contains(logs.String(), `"msg":"shutting down"`) {
		t.Errorf("no shutdown log line:\n%s", logs.String())
	}
}
