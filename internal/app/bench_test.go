package app_test

import (
	"testing"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/store/storetest"
)

// BenchmarkPatientRead measures opening one patient's record (four reads
// and the audit row) and, separately, the audit row alone, so the audit's
// share of a request is a measured number.
func BenchmarkPatientRead(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(string(engine), func(b *testing.B) {
			ctx := b.Context()
			svc, clinicID := demoClinic(b, engine, 1, 20)
			e := env{svc: svc, clinic: clinicID}
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
					entry := e.svc.Entry(actor, service.ActPatientRead, 5) // the row Patient writes, alone
					entry.RecordType, entry.RecordID = "patient", 5
					if err := e.svc.AuditRead(ctx, entry); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/audit-row")
			})
		})
	}
}
