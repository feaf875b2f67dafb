package store_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"onset/internal/auditchain"
	"onset/internal/clinic"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

func appendAudits(t *testing.T, db *store.DB, cid int64, n int) {
	t.Helper()
	for i := range n {
		if err := db.WithTx(t.Context(), func(q *store.Queries) error {
			return q.AppendAudit(t.Context(), clinic.AuditEntry{ClinicID: cid, At: now.Add(time.Duration(i) * time.Second),
				Role: clinic.RoleNurse, Action: "patient.read", PatientID: 0, Address: "127.0.0.1", RequestID: "req"})
		}); err != nil {
			t.Fatal(err)
		}
	}
}

func onlyReport(t *testing.T, db *store.DB, cid int64, anchors ...auditchain.Head) auditchain.Report {
	t.Helper()
	reps, err := db.Reader().VerifyAudit(t.Context(), map[int64][]auditchain.Head{cid: anchors})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reps {
		if r.ClinicID == cid {
			return r
		}
	}
	t.Fatalf("no report for clinic %d", cid)
	return auditchain.Report{}
}

// untrigger removes the append-only protection, as someone with the
// database owner's rights could, so the chain is what is left to notice.
func untrigger(t *testing.T, db *store.DB) {
	t.Helper()
	stmts := []string{"DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete",
		"DROP TRIGGER audit_heads_forward", "DROP TRIGGER audit_heads_no_delete"}
	if db.Engine() == store.Postgres {
		stmts = []string{"ALTER TABLE audit_log DISABLE TRIGGER USER", "ALTER TABLE audit_heads DISABLE TRIGGER USER"}
	}
	for _, s := range stmts {
		if err := db.RawExecForTest(t.Context(), s); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAuditChainDetectsTampering(t *testing.T) {
	t.Parallel()
	storetest.EachAsOwner(t, func(t *testing.T, db *store.DB) {
		cid := seedClinic(t, db)
		appendAudits(t, db, cid, 5)
		rep := onlyReport(t, db, cid)
		if rep.Problem != nil || rep.Rows != 5 || rep.Head.Seq != 5 {
			t.Fatalf("intact trail: %+v %v", rep, rep.Problem)
		}
		// The head only moves forward, and the trail refuses changes, while the triggers stand.
		for _, stmt := range []string{"UPDATE audit_heads SET seq = 2", "DELETE FROM audit_heads"} {
			if err := db.RawExecForTest(t.Context(), stmt); err == nil {
				t.Errorf("%s was allowed", stmt)
			}
		}
		if db.Engine() == store.Postgres {
			if err := db.RawExecForTest(t.Context(), "TRUNCATE audit_log"); err == nil || !strings.Contains(err.Error(), "TRUNCATE is refused") {
				t.Errorf("TRUNCATE audit_log: %v", err)
			}
		}
		untrigger(t, db)
		// Without its triggers the database is refused at start.
		err := db.CheckProtections(t.Context())
		if err == nil || !strings.Contains(err.Error(), "audit_log_no_") || !strings.Contains(err.Error(), "audit_heads_") {
			t.Errorf("missing triggers not noticed: %v", err)
		}
		// Each case tampers with a clinic of its own, five rows long.
		for _, c := range []struct {
			name  string
			stmts []string // %d is the clinic
			want  string
		}{
			{"altered", []string{"UPDATE audit_log SET action = 'patient.write' WHERE clinic_id = %d AND seq = 3"}, "altered"},
			{"deleted", []string{"DELETE FROM audit_log WHERE clinic_id = %d AND seq = 3"}, "deleted"},
			{"inserted", []string{"INSERT INTO audit_log (clinic_id, at, role, action) VALUES (%d, '2026-03-04T10:30:20.000000Z', 'admin', 'x')"}, "inserted"},
			{"tail cut", []string{"DELETE FROM audit_log WHERE clinic_id = %d AND seq >= 4"}, "rows at the end were deleted"},
			{"tail cut and checkpoint moved back", []string{"DELETE FROM audit_log WHERE clinic_id = %d AND seq >= 4",
				"UPDATE audit_heads SET seq = 3, hash = (SELECT hash FROM audit_log WHERE clinic_id = %[1]d AND seq = 3) WHERE clinic_id = %[1]d"},
				"cut off"},
		} {
			t.Run(c.name, func(t *testing.T) {
				id := seedClinic(t, db)
				appendAudits(t, db, id, 5)
				anchor := onlyReport(t, db, id).Head // written down outside the database
				for _, stmt := range c.stmts {
					if c.name == "inserted" && db.Engine() == store.Postgres {
						stmt = strings.Replace(stmt, "'2026-03-04T10:30:20.000000Z'", "now()", 1)
					}
					if err := db.RawExecForTest(t.Context(), fmt.Sprintf(stmt, id)); err != nil {
						t.Fatal(err)
					}
				}
				rep := onlyReport(t, db, id, anchor)
				if rep.Problem == nil || !strings.Contains(rep.Problem.What, c.want) {
					t.Fatalf("%s: problem %v, want %q", c.name, rep.Problem, c.want)
				}
			})
		}
	})
}

// Concurrent audited writes take their places one after another: the
// chain stays whole (on PostgreSQL the head row is locked until commit).
func TestAuditChainUnderConcurrentWrites(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		cid := seedClinic(t, db)
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() { appendAudits(t, db, cid, 10) })
		}
		wg.Wait()
		if rep := onlyReport(t, db, cid); rep.Problem != nil || rep.Rows != 80 {
			t.Fatalf("after 80 concurrent appends: rows %d, problem %v", rep.Rows, rep.Problem)
		}
	})
}

// A SQLite database whose append-only triggers were dropped does not open.
func TestOpenRefusesADatabaseWithoutItsTriggers(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "onset.db")
	db, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.RawExecForTest(t.Context(), "DROP TRIGGER ledger_entries_no_delete"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if db, err := store.Open(t.Context(), path); err == nil || !strings.Contains(err.Error(), "ledger_entries_no_delete") {
		if db != nil {
			db.Close()
		}
		t.Fatalf("opened without its triggers: %v", err)
	}
}
