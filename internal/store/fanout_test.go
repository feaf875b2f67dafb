package store_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"onset/internal/outcomes"
	"onset/internal/store"
)

// The outcome analytics read three tables at once, each on its own
// connection. With the smallest pool allowed and more concurrent
// analyses than connections, they take turns instead of each holding
// some connections while waiting forever for the rest (a deadlock that
// --db-max-conns 2 once produced). And fewer than three connections are
// refused.
func TestOutcomeReadsShareASmallPool(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	if _, err := store.Open(ctx, filepath.Join(t.TempDir(), "two.db"), store.MaxConns(2)); err == nil {
		t.Error("a pool of 2 connections was accepted")
	}
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "small.db"), store.MaxConns(store.MinConns), store.Throwaway())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 12)
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- db.Reader().CohortHistories(ctx, 1, "phq9", func(outcomes.History) error { return nil })
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("12 analyses on a pool of %d: %v (a deadlock ends in the deadline)", store.MinConns, err)
		}
	}
}
