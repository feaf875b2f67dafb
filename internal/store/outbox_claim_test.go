package store_test

import (
	"sync"
	"testing"
	"time"

	"onset/internal/record"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// Several processes running the outbox at once never take the same
// message: on PostgreSQL their claims skip each other's locked rows, on
// SQLite the one writer takes them in turn.
func TestConcurrentClaimsAreDisjoint(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		cid, pid, _, _ := seedPatient(t, db)
		const messages, workers, batch = 40, 4, 7
		err := db.WithTx(ctx, func(q *store.Queries) error {
			lid, err := q.CreateLink(ctx, record.QuestionnaireLink{ClinicID: cid, PatientID: pid, Instrument: "phq9",
				TokenHash: "claims", CreatedAt: now, ExpiresAt: now.Add(72 * time.Hour)})
			if err != nil {
				return err
			}
			for i := range messages {
				if _, err := q.CreateOutboxMessage(ctx, record.OutboxMessage{ClinicID: cid, PatientID: pid, LinkID: lid, Kind: "invite",
					Channel: "email", Recipient: "lee@example.org", DueAt: now.Add(time.Duration(i) * time.Second), CreatedAt: now}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		taken := map[int64]int{}
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for {
					var got []record.OutboxMessage
					if err := db.WithTx(ctx, func(q *store.Queries) error {
						var err error
						got, err = q.ClaimDueOutboxMessages(ctx, now.Add(time.Hour), now.Add(2*time.Hour), batch)
						return err
					}); err != nil {
						t.Error(err)
						return
					}
					if len(got) == 0 {
						return
					}
					mu.Lock()
					for _, m := range got {
						taken[m.ID]++
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if len(taken) != messages {
			t.Errorf("%d messages taken, want %d", len(taken), messages)
		}
		for id, n := range taken {
			if n != 1 {
				t.Errorf("message %d taken %d times", id, n)
			}
		}
	})
}
