package store_test

import (
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// Attempts are counted per key within the window, old ones (of any key)
// are dropped at the next reservation, and deleted ones stop counting.
func TestAuthAttempts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		since := now.Add(-15 * time.Minute)
		reserve := func(at time.Time, keys ...string) []int64 {
			t.Helper()
			var ids []int64
			if err := db.WithTx(ctx, func(q *store.Queries) error {
				var err error
				ids, err = q.ReserveAuthAttempts(ctx, keys, at, at.Add(-15*time.Minute))
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return ids
		}
		reserve(now.Add(-20*time.Minute), "a") // outside the window
		reserve(now.Add(-20*time.Minute), "old")
		first := reserve(now.Add(-10*time.Minute), "a", "b")
		reserve(now, "a")
		for _, tc := range []struct {
			key    string
			n      int
			oldest time.Time
		}{{"a", 2, now.Add(-10 * time.Minute)}, {"b", 1, now.Add(-10 * time.Minute)}, {"c", 0, time.Time{}}} {
			n, oldest, err := db.Reader().CountAuthAttempts(ctx, tc.key, since)
			if err != nil || n != tc.n || !oldest.Equal(tc.oldest) {
				t.Errorf("%s: %d since %v (%v), want %d since %v", tc.key, n, oldest, err, tc.n, tc.oldest)
			}
		}
		if err := db.WithTx(ctx, func(q *store.Queries) error {
			if err := q.DeleteAuthAttempts(ctx, first); err != nil {
				return err
			}
			return q.ClearAuthAttempts(ctx, "zzz")
		}); err != nil {
			t.Fatal(err)
		}
		for key, want := range map[string]int{"a": 1, "b": 0, "old": 0} {
			if n, _, _ := db.Reader().CountAuthAttempts(ctx, key, now.Add(-time.Hour)); n != want {
				t.Errorf("after deleting and pruning: %d attempts of %s, want %d", n, key, want)
			}
		}
	})
}

// A TOTP step is accepted only if later than the last; a new secret
// starts again; ending credentials deletes sessions and revokes tokens.
func TestTOTPStepAndEndCredentials(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		cid := seedClinic(t, db)
		var uid int64
		err := db.WithTx(ctx, func(q *store.Queries) error {
			var err error
			uid, err = q.CreateUser(ctx, clinic.User{ClinicID: cid, Email: "c@example.org", Name: "C", Role: clinic.RoleClinician,
				PasswordHash: "h", CreatedAt: now})
			if err != nil {
				return err
			}
			if err := q.SetTOTP(ctx, uid, "SECRET1", true); err != nil {
				return err
			}
			if err := q.CreateWebSession(ctx, clinic.WebSession{TokenHash: "s1", UserID: uid, CSRFToken: "x", CreatedAt: now,
				LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
				return err
			}
			_, err = q.CreateAPIToken(ctx, clinic.APIToken{UserID: uid, Name: "t", TokenHash: "t1", CreatedAt: now})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		use := func(step int64) bool {
			t.Helper()
			var ok bool
			if err := db.WithTx(ctx, func(q *store.Queries) error {
				var err error
				ok, err = q.UseTOTPStep(ctx, uid, step)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return ok
		}
		for _, tc := range []struct {
			step int64
			want bool
		}{{100, true}, {100, false}, {99, false}, {101, true}} {
			if got := use(tc.step); got != tc.want {
				t.Errorf("step %d: %v, want %v", tc.step, got, tc.want)
			}
		}
		if err := db.WithTx(ctx, func(q *store.Queries) error { return q.SetTOTP(ctx, uid, "SECRET1", true) }); err != nil {
			t.Fatal(err)
		}
		if use(101) {
			t.Error("the same secret saved again forgot its last step")
		}
		if err := db.WithTx(ctx, func(q *store.Queries) error { return q.SetTOTP(ctx, uid, "SECRET2", false) }); err != nil {
			t.Fatal(err)
		}
		if !use(50) {
			t.Error("a new secret kept the old secret's last step")
		}
		if err := db.WithTx(ctx, func(q *store.Queries) error { return q.EndUserCredentials(ctx, uid, now) }); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Reader().WebSession(ctx, "s1"); clinic.ErrorCode(err) != clinic.NotFound {
			t.Errorf("session after EndUserCredentials: %v", err)
		}
		if tok, err := db.Reader().APITokenByHash(ctx, "t1"); err != nil || !tok.RevokedAt.Equal(now) {
			t.Errorf("token after EndUserCredentials: %+v %v", tok, err)
		}
	})
}
