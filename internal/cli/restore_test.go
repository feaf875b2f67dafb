package cli

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/store"
)

// A backup taken while the clinic writes restores to a database that
// passes the integrity check, the audit chain's verification and the
// ledger's replay; a damaged or tampered backup is refused and leaves
// nothing behind.
func TestBackupWhileWritingThenRestore(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	db, err := store.Open(t.Context(), live)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := app.New(db.Ports(), service.Config{Passwords: auth.TestParams})
	cl, err := svc.EnsureClinic(t.Context(), "Live clinic")
	if err != nil {
		t.Fatal(err)
	}
	sys := service.System(cl.ID)
	var wrote atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := svc.CreatePatient(t.Context(), sys, record.NewPatient{MRN: fmt.Sprintf("W%d-%d", w, i),
					GivenName: "Pat", FamilyName: "Writer", Sex: "female", BirthDate: "1980-01-01",
					Conditions: []string{"depression"}, NotADuplicate: true}); err != nil {
					t.Error(err)
					return
				}
				wrote.Add(1)
			}
		})
	}
	for wrote.Load() < 20 {
		time.Sleep(5 * time.Millisecond)
	}
	backup := filepath.Join(dir, "backup.db")
	code, out, errs := run(t, "", "backup", "--db", live, "--to", backup)
	close(stop)
	wg.Wait()
	if code != 0 {
		t.Fatalf("backup: %d %q %q", code, out, errs)
	}
	restored := filepath.Join(dir, "restored.db")
	if code, out, errs := run(t, "", "restore", "--from", backup, "--db", restored); code != 0 || !strings.Contains(out, "chained and intact") {
		t.Fatalf("restore: %d %q %q", code, out, errs)
	}
	if code, out, _ := run(t, "", "audit", "verify", "--db", restored); code != 0 || !strings.Contains(out, "intact") {
		t.Errorf("audit verify of the restored database: %d %q", code, out)
	}
	if code, _, errs := run(t, "", "restore", "--from", backup, "--db", restored); code != 2 || !strings.Contains(errs, "already exists") {
		t.Errorf("restore over an existing database: %d %q", code, errs)
	}

	// A tampered backup: one audit row altered with the triggers dropped.
	tampered := filepath.Join(dir, "tampered.db")
	if code, _, errs := run(t, "", "backup", "--db", live, "--to", tampered); code != 0 {
		t.Fatal(errs)
	}
	raw, err := sql.Open("sqlite", tampered)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET action = 'x' WHERE seq = 3",
		"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"} {
		if _, err := raw.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	// A damaged backup: cut in half.
	damaged := filepath.Join(dir, "damaged.db")
	b, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(damaged, b[:len(b)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{tampered, damaged} {
		target := filepath.Join(dir, "from-"+filepath.Base(bad))
		code, _, errs := run(t, "", "restore", "--from", bad, "--db", target)
		if code != 1 || !strings.Contains(errs, "nothing restored") {
			t.Errorf("restore of %s: %d %q", filepath.Base(bad), code, errs)
		}
		if _, err := os.Stat(target); err == nil {
			t.Errorf("restore of %s left a database behind", filepath.Base(bad))
		}
		if _, err := os.Stat(target + ".restoring"); err == nil {
			t.Errorf("restore of %s left its working copy behind", filepath.Base(bad))
		}
	}
}
