package app_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/delivery"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/measurement"
	"onset/internal/service/outreach"
	"onset/internal/store/storetest"
)

// BenchmarkOutboxToSMTP delivers questionnaire invitations through the
// outbox, with its default concurrency, over SMTP to a real SMTP server on
// this machine (delivery.Sink), and reports messages delivered per second
// and the latency from a message falling due to the server having it
// (the run starts as the last of the batch falls due, as a run that finds
// a backlog would: the latency is mostly the wait behind the batch).
//
//	go test ./internal/app -run '^$' -bench OutboxToSMTP -benchtime 3x
func BenchmarkOutboxToSMTP(b *testing.B) {
	const batch = 200
	for _, engine := range storetest.Engines() {
		b.Run(string(engine), func(b *testing.B) {
			mail, err := delivery.StartSink(delivery.SinkOptions{Keep: 100000})
			if err != nil {
				b.Fatal(err)
			}
			defer mail.Close()
			email, err := delivery.ParseSMTPURL(fmt.Sprintf("smtp://127.0.0.1:%d?from=clinic@bench.example&tls=none", mail.Port()))
			if err != nil {
				b.Fatal(err)
			}
			svc := app.New(storetest.Open(b, engine).Ports(), service.Config{Passwords: auth.TestParams})
			ctx := b.Context()
			cl, err := svc.EnsureClinic(ctx, "Bench")
			if err != nil {
				b.Fatal(err)
			}
			sys := service.System(cl.ID)
			nurse, err := svc.CreateUser(ctx, sys, record.NewUser{Email: "n@bench.example", Role: clinic.RoleNurse, Password: "a long password"})
			if err != nil {
				b.Fatal(err)
			}
			actor := service.Actor{UserID: nurse.ID, ClinicID: cl.ID, Role: clinic.RoleNurse}
			var patients []int64
			for i := range batch {
				p, err := svc.CreatePatient(ctx, sys, record.NewPatient{MRN: fmt.Sprintf("B-%d", i), GivenName: "Pat", FamilyName: "Bench",
					Sex: "unknown", BirthDate: "1980-01-01", Email: fmt.Sprintf("p%d@bench.example", i)})
				if err != nil {
					b.Fatal(err)
				}
				patients = append(patients, p.ID)
			}
			var sent int
			var busy time.Duration
			var latencies []time.Duration
			for b.Loop() {
				b.StopTimer()
				due := map[string]time.Time{} // each invitation falls due as its link is made
				for i, id := range patients {
					due[fmt.Sprintf("p%d@bench.example", i)] = time.Now()
					if _, err := svc.CreateLink(ctx, actor, measurement.NewLink{PatientID: id, Instrument: "phq9"}); err != nil {
						b.Fatal(err)
					}
				}
				before := len(mail.Messages())
				b.StartTimer()
				start := time.Now()
				rep, err := svc.RunOutbox(ctx, outreach.OutboxOptions{BaseURL: "https://clinic.example", Sender: delivery.Router{Email: email}})
				busy += time.Since(start)
				if err != nil || rep.Sent < batch {
					b.Fatalf("run: %+v %v", rep, err)
				}
				sent += rep.Sent
				for _, m := range mail.Messages()[before:] {
					latencies = append(latencies, m.At.Sub(due[m.To[0]]))
				}
			}
			slices.Sort(latencies)
			b.ReportMetric(float64(sent)/busy.Seconds(), "msgs/s")
			b.ReportMetric(float64(latencies[len(latencies)/2].Milliseconds()), "p50-due-to-sent-ms")
			b.ReportMetric(float64(latencies[len(latencies)*95/100].Milliseconds()), "p95-due-to-sent-ms")
		})
	}
}
