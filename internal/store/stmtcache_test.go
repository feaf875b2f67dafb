package store_test

import (
	"errors"
	"path/filepath"
	"testing"

	"onset/internal/clinic"
	"onset/internal/store"
)

// A SQLite database, durable or throw-away, reuses its prepared
// statements inside and outside transactions, and a transaction that
// fails still rolls back.
func TestSQLiteReusesStatements(t *testing.T) {
	t.Parallel()
	for name, opts := range map[string][]store.Option{"durable": nil, "throwaway": {store.Throwaway()}} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			db, err := store.Open(ctx, filepath.Join(t.TempDir(), "onset.db"), opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			reuseStatements(t, db)
		})
	}
}

func reuseStatements(t *testing.T, db *store.DB) {
	ctx := t.Context()
	var err error
	cid := seedClinic(t, db)
	refused := errors.New("refused")
	for i := range 4 { // the same texts, prepared after the first round
		u := clinic.User{ClinicID: cid, Email: string(rune('a'+i)) + "@example.org", Role: clinic.RoleNurse, PasswordHash: "h", CreatedAt: now}
		var id int64
		if err := db.WithTx(ctx, func(q *store.Queries) error {
			if id, err = q.CreateUser(ctx, u); err != nil {
				return err
			}
			got, err := q.User(ctx, id)
			if err != nil || got.Email != u.Email {
				t.Errorf("round %d: read back in the transaction %+v %v", i, got, err)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Reader().User(ctx, id); err != nil || got.Email != u.Email {
			t.Errorf("round %d: read back %+v %v", i, got, err)
		}
		rolledBack := u
		rolledBack.Email = "gone" + u.Email
		if err := db.WithTx(ctx, func(q *store.Queries) error {
			if _, err := q.CreateUser(ctx, rolledBack); err != nil {
				return err
			}
			return refused
		}); !errors.Is(err, refused) {
			t.Fatalf("round %d: %v", i, err)
		}
		if _, err := db.Reader().UserByEmail(ctx, rolledBack.Email); clinic.ErrorCode(err) != clinic.NotFound {
			t.Errorf("round %d: a rolled-back user is there (%v)", i, err)
		}
	}
	users, err := db.Reader().Users(ctx, cid)
	if err != nil || len(users) != 4 {
		t.Errorf("%d users (%v), want 4", len(users), err)
	}
}
