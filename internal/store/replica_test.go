package store_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"onset/internal/clinic"
	"onset/internal/service/export"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// TestReplicaAnalytics runs on a real streaming replica (CI's, on port
// 5433): a write goes to the primary; once the replica has replayed it,
// the analytical reader reads it there (a server in recovery) while
// Reader stays on the primary; a write sent to the replica is refused.
func TestReplicaAnalytics(t *testing.T) {
	primary, replica := storetest.WithReplica(t)
	ctx := t.Context()
	db, err := store.Open(ctx, primary, store.Replica(replica, time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	id := seedClinic(t, db) // written through the primary
	// Wait, bounded, until the replica has replayed the clinic.
	deadline := time.Now().Add(60 * time.Second)
	for {
		h := db.ReplicaHealth(ctx)
		if h.Status == store.ReplicaOK {
			if c, err := db.Analytics().Clinic(ctx, id); err == nil && c.Name == "Test clinic" {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the replica did not show the clinic within a minute; replica %+v", h)
		}
		time.Sleep(50 * time.Millisecond)
	}

	an := db.Analytics()
	if r, err := an.InRecovery(ctx); err != nil || !r {
		t.Errorf("the analytical reader's server: in recovery %v, %v; want the replica", r, err)
	}
	if r, err := db.Reader().InRecovery(ctx); err != nil || r {
		t.Errorf("Reader's server: in recovery %v, %v; want the primary", r, err)
	}
	// The capabilities' ports: cohort's and interop's Analytics, and the
	// export's Snapshot, read the replica; their Read stays on the primary.
	st := db.Ports()
	for name, q := range map[string]any{"cohort": st.Cohort.Analytics(), "interop": st.Interop.Analytics()} {
		if r, err := q.(*store.Queries).InRecovery(ctx); err != nil || !r {
			t.Errorf("%s's Analytics: in recovery %v, %v; want the replica", name, r, err)
		}
	}
	if r, err := st.Interop.Read().(*store.Queries).InRecovery(ctx); err != nil || r {
		t.Errorf("interop's Read: in recovery %v, %v; want the primary", r, err)
	}
	err = st.Export.Snapshot(ctx, func(q export.Queries) error {
		r, err := q.(*store.Queries).InRecovery(ctx)
		if err == nil && !r {
			err = errors.New("the export's snapshot is on the primary, want the replica")
		}
		return err
	})
	if err != nil {
		t.Error(err)
	}

	h := db.ReplicaHealth(ctx)
	if !h.Configured || h.Status != store.ReplicaOK || !h.LagKnown {
		t.Errorf("replica health %+v, want configured, ok, with its lag", h)
	}

	// The replica refuses writes: a read-only transaction.
	_, err = an.CreateClinic(ctx, clinic.Clinic{Name: "Written to the replica"}, now)
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "25006" { // read_only_sql_transaction
		t.Errorf("a write on the replica: %v; want a read-only transaction error (25006)", err)
	}

	// The export's snapshot reads the replica too, with no statement timeout.
	err = db.AnalyticsSnapshot(ctx, func(q *store.Queries) error {
		if r, err := q.InRecovery(ctx); err != nil || !r {
			return fmt.Errorf("snapshot in recovery %v, %v; want the replica", r, err)
		}
		if _, err := q.Clinic(ctx, id); err != nil {
			return fmt.Errorf("the clinic in the snapshot: %w", err)
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
}

// closedPort is a local TCP port nothing listens on.
func closedPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return port
}

// TestReplicaDownFallsBack: with a replica that does not answer, Open
// still opens, the analytical reader reads the primary, and the health
// check says the replica is down.
func TestReplicaDownFallsBack(t *testing.T) {
	dsn := storetest.MigratedDSN(t)
	ctx := t.Context()
	gone := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/onset_test?sslmode=disable&connect_timeout=2", closedPort(t))
	db, err := store.Open(ctx, dsn, store.Replica(gone, 0))
	if err != nil {
		t.Fatalf("open with a replica that is down: %v", err)
	}
	defer db.Close()
	id := seedClinic(t, db)
	an := db.Analytics()
	if r, err := an.InRecovery(ctx); err != nil || r {
		t.Errorf("analytical reader with the replica down: in recovery %v, %v; want the primary", r, err)
	}
	if c, err := an.Clinic(ctx, id); err != nil || c.ID != id {
		t.Errorf("analytical read with the replica down: %+v, %v", c, err)
	}
	h := db.ReplicaHealth(ctx)
	if !h.Configured || h.Status != store.ReplicaDown || h.LagKnown || h.Err == nil {
		t.Errorf("replica health %+v, want configured and down, with why", h)
	}
	if err := db.Ping(ctx); err != nil {
		t.Errorf("the primary: %v", err)
	}
	// Without a replica: no health to report, Analytics is the primary.
	plain := storetest.Open(t, store.Postgres)
	if h := plain.ReplicaHealth(ctx); h.Configured {
		t.Errorf("no replica configured, health %+v", h)
	}
}

// TestReplicaNeedsPostgres: SQLite has no replicas and no statement
// timeout; Open says so rather than ignoring them.
func TestReplicaNeedsPostgres(t *testing.T) {
	path := filepath.Join(t.TempDir(), "onset.db")
	for _, opt := range []store.Option{
		store.Replica("postgres://postgres@127.0.0.1:5433/onset?sslmode=disable", 0),
		store.StatementTimeout(time.Second),
	} {
		if db, err := store.Open(context.Background(), path, opt); err == nil || !strings.Contains(err.Error(), "PostgreSQL") {
			if db != nil {
				db.Close()
			}
			t.Errorf("SQLite with a PostgreSQL-only option: %v, want refused", err)
		}
	}
}

// TestPoolSettings: MaxConns sizes the pools (SQLite's readers beside its
// one writer; PostgreSQL's one pool) and StatementTimeout is every
// PostgreSQL connection's statement_timeout, lifted inside a snapshot.
func TestPoolSettings(t *testing.T) {
	ctx := t.Context()
	sq, err := store.Open(ctx, filepath.Join(t.TempDir(), "onset.db"), store.MaxConns(3))
	if err != nil {
		t.Fatal(err)
	}
	defer sq.Close()
	if w, r, _ := sq.PoolLimits(); w != 1 || r != 3 {
		t.Errorf("SQLite with MaxConns(3): writer %d, readers %d; want 1 and 3", w, r)
	}
	def, err := store.Open(ctx, filepath.Join(t.TempDir(), "default.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer def.Close()
	if w, r, _ := def.PoolLimits(); w != 1 || r != store.DefaultSQLiteReaders {
		t.Errorf("SQLite by default: writer %d, readers %d; want 1 and %d", w, r, store.DefaultSQLiteReaders)
	}

	t.Run("postgres", func(t *testing.T) {
		dsn := storetest.MigratedDSN(t)
		db, err := store.Open(ctx, dsn, store.MaxConns(5), store.StatementTimeout(1500*time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if w, r, _ := db.PoolLimits(); w != 5 || r != 5 {
			t.Errorf("PostgreSQL with MaxConns(5): pools of %d and %d, want one of 5", w, r)
		}
		if v, err := db.Reader().Setting(ctx, "statement_timeout"); err != nil || v != "1500ms" {
			t.Errorf("statement_timeout %q, %v; want 1500ms", v, err)
		}
		err = db.WithTx(ctx, func(q *store.Queries) error {
			v, err := q.Setting(ctx, "statement_timeout")
			if err == nil && v != "1500ms" {
				err = fmt.Errorf("statement_timeout in a write transaction %q, want 1500ms", v)
			}
			return err
		})
		if err != nil {
			t.Error(err)
		}
		err = db.Snapshot(ctx, func(q *store.Queries) error {
			v, err := q.Setting(ctx, "statement_timeout")
			if err == nil && v != "0" {
				err = fmt.Errorf("statement_timeout in a snapshot (the export's) %q, want 0 (none)", v)
			}
			return err
		})
		if err != nil {
			t.Error(err)
		}
		plain := storetest.Open(t, store.Postgres)
		if w, _, _ := plain.PoolLimits(); w != store.DefaultPostgresConns {
			t.Errorf("PostgreSQL by default: a pool of %d, want %d", w, store.DefaultPostgresConns)
		}
	})
}
