package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// TestGroupCommit: write transactions that queue behind a running one are
// committed together, and each member is still its own transaction — a
// member that fails, panics or was cancelled leaves nothing, the others
// are all there, and each caller gets its own outcome.
func TestGroupCommit(t *testing.T) {
	db := storetest.Open(t, store.SQLite) // PostgreSQL's transactions run side by side (WithTx)
	ctx := t.Context()
	now := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	create := func(q *store.Queries, name string) error {
		_, err := q.CreateClinic(ctx, clinic.Clinic{Name: name}, now)
		return err
	}

	started, release := make(chan struct{}), make(chan struct{})
	firstDone := make(chan error)
	go func() {
		firstDone <- db.WithTx(ctx, func(q *store.Queries) error {
			close(started)
			<-release
			return create(q, "first")
		})
	}()
	<-started

	const members = 20
	refused := errors.New("refused")
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	type result struct {
		err      error
		panicked any
	}
	results := make([]result, members)
	var wg sync.WaitGroup
	for i := range members {
		wg.Go(func() {
			defer func() { results[i].panicked = recover() }()
			c := ctx
			if i == 11 {
				c = cancelled
			}
			results[i].err = db.WithTx(c, func(q *store.Queries) error {
				if err := create(q, fmt.Sprintf("member %d", i)); err != nil {
					return err
				}
				switch {
				case i%5 == 0:
					return refused
				case i == 7:
					panic("member 7")
				}
				return nil
			})
		})
	}
	for store.GroupQueued(db) < members {
		time.Sleep(time.Millisecond)
	}
	close(release)
	if err := <-firstDone; err != nil {
		t.Fatal(err)
	}
	wg.Wait()

	want := []string{"first"}
	for i, r := range results {
		switch {
		case i%5 == 0:
			if !errors.Is(r.err, refused) || r.panicked != nil {
				t.Errorf("member %d: %v, %v; want its own error", i, r.err, r.panicked)
			}
		case i == 7:
			if r.panicked != "member 7" {
				t.Errorf("member 7: panicked %v, want its own panic", r.panicked)
			}
		case i == 11:
			if !errors.Is(r.err, context.Canceled) {
				t.Errorf("member 11: %v, want context.Canceled", r.err)
			}
		default:
			if r.err != nil || r.panicked != nil {
				t.Errorf("member %d: %v, %v", i, r.err, r.panicked)
			}
			want = append(want, fmt.Sprintf("member %d", i))
		}
	}
	rows, err := db.Reader().QueryContext(ctx, `SELECT name FROM clinics WHERE name = 'first' OR name LIKE 'member %'`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		got = append(got, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("clinics stored: %q\nwant %q", got, want)
	}
	if n := store.GroupsRun(db); n != 2 {
		t.Errorf("%d commits, want 2: the first alone, then the %d that queued behind it together", n, members)
	}
}
