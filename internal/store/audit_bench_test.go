package store_test

import (
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// BenchmarkAuditRow puts the hash chain's cost beside the plain insert it
// replaced: one audited transaction each (SQLite with synchronous=FULL, or
// PostgreSQL), the way a read of a record leaves its audit row. The chain
// adds the head read and update and one SHA-256; the chained/plain ratio
// is reported.
func BenchmarkAuditRow(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(string(engine), func(b *testing.B) {
			db := storetest.Open(b, engine)
			ctx := b.Context()
			var cid int64
			if err := db.WithTx(ctx, func(q *store.Queries) error {
				var err error
				cid, err = q.CreateClinic(ctx, clinic.Clinic{Name: "Bench"}, time.Now())
				return err
			}); err != nil {
				b.Fatal(err)
			}
			e := clinic.AuditEntry{ClinicID: cid, Role: clinic.RoleNurse, Action: "patient.read", RecordType: "patient",
				Address: "127.0.0.1", RequestID: "bench"}
			var plain, chained time.Duration
			n := 0
			for b.Loop() {
				t0 := time.Now()
				if err := db.WithTx(ctx, func(q *store.Queries) error {
					return q.AppendAuditUnchainedForBench(ctx, cid, q.TimeArg(time.Now()))
				}); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				e.At = t1
				if err := db.WithTx(ctx, func(q *store.Queries) error { return q.AppendAudit(ctx, e) }); err != nil {
					b.Fatal(err)
				}
				plain, chained, n = plain+t1.Sub(t0), chained+time.Since(t1), n+1
			}
			b.ReportMetric(float64(plain.Microseconds())/float64(n), "µs/plain-row")
			b.ReportMetric(float64(chained.Microseconds())/float64(n), "µs/chained-row")
			b.ReportMetric(float64(chained)/float64(plain), "chained/plain")
		})
	}
}
