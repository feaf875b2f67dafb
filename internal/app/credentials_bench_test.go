package app_test

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/store/storetest"
)

// BenchmarkSignInBurst fires, with the production argon2id parameters
// (19 MiB a hash), 40 concurrent wrong passwords at one account and then
// 60 concurrent unknown emails from one address, as the red-team test
// did. It reports how many of each reached the password hash ("Wrong
// email or password." answers) and the peak heap in use meanwhile.
//
//	go test ./internal/app -run '^$' -bench SignInBurst -benchtime 3x
func BenchmarkSignInBurst(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(string(engine), func(b *testing.B) {
			var account, unknown, peak float64
			for b.Loop() {
				svc := app.New(storetest.Open(b, engine).Ports(), service.Config{Passwords: auth.DefaultParams})
				ctx := b.Context()
				cl, err := svc.EnsureClinic(ctx, "Burst")
				if err != nil {
					b.Fatal(err)
				}
				if _, err := svc.CreateUser(ctx, service.System(cl.ID), record.NewUser{Email: "n@example.org",
					Role: clinic.RoleNurse, Password: "a long password"}); err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				stop := sampleHeap()
				got := burst(40, func(i int) error {
					_, err := svc.SignIn(ctx, "n@example.org", "not the password", fmt.Sprintf("10.1.0.%d", i))
					return err
				})
				account = max(account, float64(got[wrongCredentials]))
				got = burst(60, func(i int) error {
					_, err := svc.SignIn(ctx, fmt.Sprintf("nobody%d@example.org", i), "not the password", "10.2.0.1")
					return err
				})
				unknown = max(unknown, float64(got[wrongCredentials]))
				peak = max(peak, float64(stop())/(1<<20))
			}
			b.ReportMetric(account, "hashed/40-wrong")
			b.ReportMetric(unknown, "hashed/60-unknown")
			b.ReportMetric(peak, "peak-heap-MiB")
		})
	}
}

// sampleHeap samples the heap in use every millisecond until the returned
// function is called, which returns the peak.
func sampleHeap() func() uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(done); <-stopped; return peak.Load() }
}
