package service_test

import (
	"testing"

	"onset/internal/clinic"
	"onset/internal/demo"
	"onset/internal/service"
	"onset/internal/store/storetest"
)

// BenchmarkPatientRead measures opening one patient's record (four reads
// and the audit row) and, separately, the audit row alone, so the audit's
// share of a request is a measured number.
func BenchmarkPatientRead(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(string(engine), func(b *testing.B) {
			e := newEnv(b, engine)
			ctx := b.Context()
			if _, err := e.svc.LoadDemo(ctx, "Bench", demo.Generate(1, e.clock.Now(), 20)); err != nil {
				b.Fatal(err)
			}
			var clinicID int64 = 2 // LoadDemo creates a second clinic after EnsureClinic's
			actor := service.Actor{ClinicID: clinicID, Role: clinic.RoleClinician, UserID: 1, Address: "127.0.0.1"}
			b.Run("with-audit", func(b *testing.B) {
				for b.Loop() {
					if _, err := e.svc.Patient(ctx, actor, 5); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/request")
			})
			b.Run("audit-only", func(b *testing.B) {
				for b.Loop() {
					if err := e.svc.RecordAuditForBench(ctx, actor, 5); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/audit-row")
			})
		})
	}
}
