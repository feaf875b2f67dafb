package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"onset/internal/ledger"
	"onset/internal/store"
)

// runRestore turns a SQLite backup (from `onset backup`) into a database
// to serve, and proves it first: the copy must pass SQLite's integrity
// check, the audit chain's verification and the ledger's replay, or
// nothing is left at --db. PostgreSQL restores with pg_restore (README).
func runRestore(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "restore")
	from := fs.String("from", "", "the backup file to restore")
	dsn := fs.String("db", "", "where to put the restored database (must not exist)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	switch {
	case *from == "" || *dsn == "":
		return fail(e, exitUsage, "restore: --from and --db are required")
	case store.IsPostgres(*dsn) || store.IsPostgres(*from):
		return fail(e, exitUsage, "restore: for PostgreSQL use pg_restore (see README)")
	}
	if _, err := os.Stat(*dsn); err == nil {
		return fail(e, exitUsage, "restore: %s already exists; choose a new path", *dsn)
	}
	tmp := *dsn + ".restoring"
	if err := copyFile(*from, tmp); err != nil {
		return fail(e, exitFailure, "restore: %v", err)
	}
	defer os.Remove(tmp)
	report, err := proveRestored(ctx, tmp)
	if err != nil {
		return fail(e, exitFailure, "restore: the backup did not pass its checks, nothing restored: %v", err)
	}
	if err := os.Rename(tmp, *dsn); err != nil {
		return fail(e, exitFailure, "restore: %v", err)
	}
	printf(e, "restored %s to %s: %s\n", *from, *dsn, report)
	return exitOK
}

// proveRestored opens the copy (applying newer migrations, checking its
// triggers) and checks its integrity, audit chain and ledger.
func proveRestored(ctx context.Context, path string) (string, error) {
	db, err := store.Open(ctx, path)
	if err != nil {
		return "", err
	}
	defer db.Close()
	if err := db.IntegrityCheck(ctx); err != nil {
		return "", err
	}
	reports, err := db.Reader().VerifyAudit(ctx, nil)
	if err != nil {
		return "", err
	}
	var rows, entries int64
	for _, r := range reports {
		if r.Problem != nil {
			return "", fmt.Errorf("audit trail of clinic %d: %v", r.ClinicID, r.Problem)
		}
		rows += r.Rows
		es, err := db.Reader().LedgerEntries(ctx, r.ClinicID)
		if err != nil {
			return "", err
		}
		if _, err := ledger.Replay(es); err != nil {
			return "", fmt.Errorf("ledger of clinic %d does not replay: %v", r.ClinicID, err)
		}
		entries += int64(len(es))
	}
	return fmt.Sprintf("%d clinic(s), %d audit entries chained and intact, %d ledger entries replayed", len(reports), rows, entries), nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
