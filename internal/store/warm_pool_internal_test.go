package store

import (
	"path/filepath"
	"testing"
)

// TestWarmPool: the pool's idle read connections are open before the
// first request needs them.
func TestWarmPool(t *testing.T) {
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "warm.db"), MaxConns(5))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.WarmPool(t.Context()); err != nil {
		t.Fatal(err)
	}
	if st := db.read.Stats(); st.OpenConnections != 5 || st.Idle != 5 {
		t.Errorf("after WarmPool: %d open, %d idle; want 5 and 5", st.OpenConnections, st.Idle)
	}
}
