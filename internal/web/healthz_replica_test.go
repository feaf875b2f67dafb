package web_test

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/service"
	"onset/internal/store"
	"onset/internal/store/storetest"
	"onset/internal/web"
)

// healthz answers GET /healthz on a server over db: its status and body.
func healthz(t *testing.T, db *store.DB) (int, map[string]any) {
	t.Helper()
	h, err := web.New(app.New(db.Ports(), service.Config{Passwords: auth.TestParams}), web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("healthz body %q: %v", rec.Body.String(), err)
	}
	return rec.Code, body
}

// TestHealthzReplica: /healthz says how the read replica is, and stays
// 200 when only the replica is down (the primary serves everything).
func TestHealthzReplica(t *testing.T) {
	t.Run("down", func(t *testing.T) {
		dsn := storetest.MigratedDSN(t)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		gone := fmt.Sprintf("postgres://postgres@%s/onset_test?sslmode=disable&connect_timeout=2", ln.Addr())
		ln.Close()
		db, err := store.Open(t.Context(), dsn, store.Replica(gone, 0))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		code, body := healthz(t, db)
		if code != http.StatusOK || body["status"] != "ok" || body["database"] != "ok" || body["replica"] != "down" {
			t.Errorf("healthz with the replica down: %d %v; want 200, ok, replica down", code, body)
		}
		if lag, ok := body["replica_lag_seconds"]; !ok || lag != nil {
			t.Errorf("replica_lag_seconds with the replica down: %v (present %v), want null", lag, ok)
		}
	})
	t.Run("ok", func(t *testing.T) {
		primary, replica := storetest.WithReplica(t)
		db, err := store.Open(t.Context(), primary, store.Replica(replica, time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		// A replica that has just replayed the test's schema may show
		// "lagging" until a check sees it caught up: wait, bounded.
		deadline := time.Now().Add(60 * time.Second)
		for {
			code, body := healthz(t, db)
			_, isNum := body["replica_lag_seconds"].(float64)
			if code == http.StatusOK && body["replica"] == "ok" && isNum {
				break
			}
			if code != http.StatusOK || body["replica"] == "down" || time.Now().After(deadline) {
				t.Fatalf("healthz with the replica streaming: %d %v; want 200, replica ok, its lag in seconds", code, body)
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	t.Run("none", func(t *testing.T) {
		code, body := healthz(t, storetest.Open(t, store.SQLite))
		if _, has := body["replica"]; code != http.StatusOK || has {
			t.Errorf("healthz without a replica: %d %v; want 200 and no replica", code, body)
		}
	})
}
