package synth_test

import (
	"fmt"
	"testing"
	"time"

	"onset/bench/internal/synth"
	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/service/cohort"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// benchPatients is one large clinic of the load test's organization
// (20,000 patients) scaled down so each engine builds it in seconds.
const benchPatients = 4000

// bigClinic writes one clinic of benchPatients patients with their
// courses, doses and PHQ-9 assessments (10 per patient, as the load test).
func bigClinic(b *testing.B, e store.Engine) (*app.App, int64) {
	b.Helper()
	ctx := b.Context()
	db := storetest.Open(b, e)
	now := time.Now().UTC()
	var id int64
	if err := db.WithTx(ctx, func(q *store.Queries) error {
		var err error
		id, err = q.CreateClinic(ctx, clinic.Clinic{Name: "Bench clinic", Timezone: "UTC"}, now)
		return err
	}); err != nil {
		b.Fatal(err)
	}
	if _, err := synth.Build(ctx, db, synth.Options{Clinics: []int64{id}, Patients: benchPatients,
		Assessments: 10 * benchPatients, MRN: "B%07d", Now: now}); err != nil {
		b.Fatal(err)
	}
	return app.New(db.Ports(), service.Config{Passwords: auth.TestParams}), id
}

// BenchmarkLargeClinic measures the three reads that saturated the load
// test's server, on one clinic of benchPatients patients: the outcomes
// dashboard (each request after the first, data unchanged), a patient
// search, and one pass of the questionnaire schedule (links made).
func BenchmarkLargeClinic(b *testing.B) {
	for _, e := range storetest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			ctx := b.Context()
			svc, id := bigClinic(b, e)
			sys := service.System(id)
			clin := service.Actor{ClinicID: id, Role: clinic.RoleClinician, UserID: 1, Address: "127.0.0.1"}
			b.Run("outcomes-dashboard", func(b *testing.B) {
				for b.Loop() {
					d, err := svc.OutcomeDashboard(ctx, clin, cohort.OutcomeQuery{Instrument: "phq9"})
					if err != nil || len(d.Rows) == 0 {
						b.Fatal(len(d.Rows), err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/request")
			})
			for _, q := range []string{"", "patient 12", "B00001", "zzz"} {
				b.Run(fmt.Sprintf("search-%q", q), func(b *testing.B) {
					for b.Loop() {
						if _, err := svc.ListPatients(ctx, clin, q, 1); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/request")
				})
			}
			b.Run("schedule-links", func(b *testing.B) {
				if _, err := svc.ScheduleLinks(ctx, sys); err != nil { // the first pass makes the links
					b.Fatal(err)
				}
				for b.Loop() {
					if _, err := svc.ScheduleLinks(ctx, sys); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/pass")
			})
		})
	}
}
