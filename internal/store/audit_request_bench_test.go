package store_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/demo"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/store/storetest"
	"onset/internal/web"
)

// BenchmarkAuditedRequest measures the hash chain's cost per audited
// request, which is what a clinic feels (issue 10's goal: under 5%): two
// HTTP requests through the whole server on a demo clinic — a nurse
// opening a patient's page and a nurse's script recording a PHQ-9
// through the JSON API — each run with the chain and without it,
// alternating so both see the same database. The chained/plain ratio of
// each is reported.
func BenchmarkAuditedRequest(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(string(engine), func(b *testing.B) {
			ctx := b.Context()
			db := storetest.Open(b, engine)
			now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
			res, err := demo.Run(ctx, db.Ports(), demo.Options{Seed: 1, Patients: 20, Now: now})
			if err != nil {
				b.Fatal(err)
			}
			svc := app.New(db.Ports(), service.Config{Passwords: auth.TestParams, Now: func() time.Time { return now }})
			const password = "a benchmark nurse's password"
			u, err := svc.CreateUser(ctx, service.System(res.ClinicID), record.NewUser{Email: "bench@nurse.example",
				Name: "Bench Nurse", Role: clinic.RoleNurse, Password: password})
			if err != nil {
				b.Fatal(err)
			}
			session, err := svc.SignIn(ctx, "bench@nurse.example", password, "127.0.0.1")
			if err != nil {
				b.Fatal(err)
			}
			token, err := svc.CreateAPIToken(ctx, service.Actor{ClinicID: res.ClinicID, Role: clinic.RoleNurse, UserID: u.ID}, "bench")
			if err != nil {
				b.Fatal(err)
			}
			h, err := web.New(svc, web.Options{})
			if err != nil {
				b.Fatal(err)
			}
			requests := []struct {
				name   string
				status int
				req    func() *http.Request
			}{
				{"patient-page", 200, func() *http.Request {
					r := httptest.NewRequest("GET", "/patients/5", nil)
					r.AddCookie(&http.Cookie{Name: "onset_session", Value: session.Token})
					return r
				}},
				{"phq9-api", 201, func() *http.Request {
					r := httptest.NewRequest("POST", "/api/v1/patients/5/assessments",
						strings.NewReader(`{"instrument":"phq9","answers":[2,2,1,1,2,1,1,2,0]}`))
					r.Header.Set("Authorization", "Bearer "+token)
					r.Header.Set("Content-Type", "application/json")
					return r
				}},
			}
			for _, rq := range requests {
				b.Run(rq.name, func(b *testing.B) {
					serve := func() {
						w := httptest.NewRecorder()
						h.ServeHTTP(w, rq.req())
						if w.Code != rq.status {
							b.Fatalf("status %d: %s", w.Code, w.Body)
						}
					}
					var plain, chained time.Duration
					n := 0
					for b.Loop() {
						db.UnchainAuditForBench(true)
						t0 := time.Now()
						serve()
						t1 := time.Now()
						db.UnchainAuditForBench(false)
						serve()
						plain, chained, n = plain+t1.Sub(t0), chained+time.Since(t1), n+1
					}
					b.ReportMetric(float64(plain.Microseconds())/float64(n), "µs/plain-request")
					b.ReportMetric(float64(chained.Microseconds())/float64(n), "µs/chained-request")
					b.ReportMetric(float64(chained)/float64(plain), "chained/plain")
				})
			}
		})
	}
}
