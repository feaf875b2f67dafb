package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

var now = time.Date(2026, 3, 4, 10, 30, 15, 123456000, time.UTC)

func seedClinic(t *testing.T, db *store.DB) int64 {
	t.Helper()
	var id int64
	err := db.WithTx(t.Context(), func(q *store.Queries) error {
		var err error
		id, err = q.CreateClinic(t.Context(), clinic.Clinic{Name: "Test clinic"}, now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestUsersRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		cid := seedClinic(t, db)
		u := clinic.User{ClinicID: cid, Email: "Nurse@Example.org", Name: "N. Nurse", Role: clinic.RoleNurse,
			PasswordHash: "h", CreatedAt: now}
		err := db.WithTx(ctx, func(q *store.Queries) error {
			id, err := q.CreateUser(ctx, u)
			u.ID = id
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Reader().UserByEmail(ctx, "nurse@example.ORG")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != u.ID || got.Role != clinic.RoleNurse || got.Email != "nurse@example.org" || !got.CreatedAt.Equal(now) {
			t.Errorf("got %+v", got)
		}
		// A second account with the same email is a conflict, and nothing is written.
		err = db.WithTx(ctx, func(q *store.Queries) error { _, err := q.CreateUser(ctx, u); return err })
		if clinic.ErrorCode(err) != clinic.Conflict {
			t.Errorf("duplicate email: got %v, want conflict", err)
		}
		if _, err := db.Reader().UserByEmail(ctx, "nobody@example.org"); clinic.ErrorCode(err) != clinic.NotFound {
			t.Errorf("unknown email: got %v, want not found", err)
		}
	})
}

func TestTransactionRollsBackEverything(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		cid := seedClinic(t, db)
		boom := errors.New("boom")
		err := db.WithTx(ctx, func(q *store.Queries) error {
			if _, err := q.CreatePatient(ctx, clinic.Patient{ClinicID: cid, MRN: "A1", GivenName: "Ann", FamilyName: "Lee",
				Sex: "female", BirthDate: now, CreatedAt: now, Conditions: []clinic.Condition{clinic.Depression}}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("got %v", err)
		}
		page, err := db.Reader().SearchPatients(ctx, cid, "", 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 0 {
			t.Errorf("rolled-back patient is visible: %+v", page)
		}
	})
}

func TestPatientsSearchAndClinicIsolation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		a, b := seedClinic(t, db), seedClinic(t, db)
		var annID int64
		err := db.WithTx(ctx, func(q *store.Queries) error {
			for i, p := range []clinic.Patient{
				{ClinicID: a, MRN: "A1", GivenName: "Ann", FamilyName: "Lee", Conditions: []clinic.Condition{clinic.Depression, clinic.Anxiety}},
				{ClinicID: a, MRN: "A2", GivenName: "Bob", FamilyName: "Marsh"},
				{ClinicID: b, MRN: "A1", GivenName: "Ann", FamilyName: "Other"},
			} {
				p.Sex, p.BirthDate, p.CreatedAt = "female", now, now
				id, err := q.CreatePatient(ctx, p)
				if err != nil {
					return err
				}
				if i == 0 {
					annID = id
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		r := db.Reader()
		for _, tc := range []struct {
			q    string
			want int
		}{{"", 2}, {"ann", 1}, {"LEE", 1}, {"lee, ann", 1}, {"a2", 1}, {"zzz", 0}} {
			page, err := r.SearchPatients(ctx, a, tc.q, 10, 0)
			if err != nil {
				t.Fatal(err)
			}
			if page.Total != tc.want || len(page.Patients) != tc.want {
				t.Errorf("search %q: total %d, rows %d, want %d", tc.q, page.Total, len(page.Patients), tc.want)
			}
		}
		p, err := r.Patient(ctx, a, annID)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Conditions) != 2 || p.Conditions[0] != clinic.Anxiety {
			t.Errorf("conditions: %v", p.Conditions)
		}
		if _, err := r.Patient(ctx, b, annID); clinic.ErrorCode(err) != clinic.NotFound {
			t.Errorf("other clinic reached patient: %v", err)
		}
	})
}

func TestAuditIsAppendOnly(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		cid := seedClinic(t, db)
		err := db.WithTx(ctx, func(q *store.Queries) error {
			for i := range 3 {
				if err := q.AppendAudit(ctx, clinic.AuditEntry{ClinicID: cid, At: now.Add(time.Duration(i) * time.Minute),
					Role: clinic.RoleNurse, Action: "patient.read", PatientID: 0, Address: "127.0.0.1"}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Reader().Audit(ctx, clinic.AuditFilter{ClinicID: cid, Since: now.Add(time.Minute)})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || !got[0].At.Equal(now.Add(2*time.Minute)) {
			t.Errorf("filtered audit: %+v", got)
		}
		for _, stmt := range []string{"UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"} {
			err := db.RawExecForTest(ctx, stmt)
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: got %v, want append-only refusal", stmt, err)
			}
		}
	})
}

func TestSessionsAndTokens(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		cid := seedClinic(t, db)
		err := db.WithTx(ctx, func(q *store.Queries) error {
			uid, err := q.CreateUser(ctx, clinic.User{ClinicID: cid, Email: "a@b.c", Name: "A", Role: clinic.RoleAdmin, PasswordHash: "x", CreatedAt: now})
			if err != nil {
				return err
			}
			if err := q.CreateWebSession(ctx, clinic.WebSession{TokenHash: "th", UserID: uid, CSRFToken: "c",
				CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
				return err
			}
			tid, err := q.CreateAPIToken(ctx, clinic.APIToken{UserID: uid, Name: "ci", TokenHash: "tok", CreatedAt: now})
			if err != nil {
				return err
			}
			if err := q.RevokeAPIToken(ctx, uid, tid, now); err != nil {
				return err
			}
			if err := q.RevokeAPIToken(ctx, uid, tid, now); clinic.ErrorCode(err) != clinic.NotFound {
				t.Errorf("second revoke: %v", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		s, err := db.Reader().WebSession(ctx, "th")
		if err != nil || !s.ExpiresAt.Equal(now.Add(time.Hour)) {
			t.Errorf("session %+v %v", s, err)
		}
		tok, err := db.Reader().APITokenByHash(ctx, "tok")
		if err != nil || !tok.RevokedAt.Equal(now) {
			t.Errorf("token %+v %v", tok, err)
		}
	})
}

func TestMigrationsAreIdempotentAndBackupWorks(t *testing.T) {
	t.Parallel()
	dsn := storetest.DSN(t, store.SQLite)
	for range 2 {
		db, err := store.Open(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		v, err := db.SchemaVersion(t.Context())
		if err != nil || v < 1 {
			t.Fatalf("schema version %d %v", v, err)
		}
		db.Close()
	}
	db, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cid := seedClinic(t, db)
	out := filepath.Join(t.TempDir(), "copy.db")
	if err := db.BackupSQLite(context.Background(), out); err != nil {
		t.Fatal(err)
	}
	copyDB, err := store.Open(t.Context(), out)
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	if c, err := copyDB.Reader().Clinic(t.Context(), cid); err != nil || c.Name != "Test clinic" {
		t.Errorf("backup copy: %+v %v", c, err)
	}
	if err := db.BackupSQLite(context.Background(), out); err == nil {
		t.Error("backup over an existing file should fail")
	}
}
