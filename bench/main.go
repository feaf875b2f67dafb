// Command bench measures Onset end to end: it boots the real server on
// 127.0.0.1 with a fresh demo clinic, then drives the JSON API with
// concurrent clients for a bounded time and number of requests, and
// reports throughput and latency percentiles. It only ever talks to the
// server it started.
//
//	go run ./bench -duration 10s -concurrency 8 [-db postgres://...]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"onset/internal/app"
	"onset/internal/clinic"
	"onset/internal/demo"
	"onset/internal/service"
	"onset/internal/store"
	"onset/internal/web"
)

func main() {
	duration := flag.Duration("duration", 10*time.Second, "how long to run (at most)")
	maxRequests := flag.Int("requests", 200000, "stop after this many requests")
	concurrency := flag.Int("concurrency", 8, "concurrent clients")
	patients := flag.Int("patients", 240, "demo clinic size")
	dsn := flag.String("db", "", "database (default: a temporary SQLite file); a postgres:// URL must name an empty database")
	flag.Parse()
	if err := run(*duration, *maxRequests, *concurrency, *patients, *dsn); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(duration time.Duration, maxRequests, concurrency, patients int, dsn string) error {
	ctx := context.Background()
	if dsn == "" {
		dir, err := os.MkdirTemp("", "onset-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		dsn = filepath.Join(dir, "onset.db")
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := demo.Run(ctx, db.Ports(), demo.Options{Seed: 1, Patients: patients, Now: time.Now()}); err != nil {
		return err
	}
	svc := app.New(db.Ports(), service.Config{})
	token, err := nurseToken(ctx, svc, db)
	if err != nil {
		return err
	}
	h, err := web.New(svc, web.Options{})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()

	ids, err := patientIDs(base, token)
	if err != nil {
		return err
	}
	fmt.Printf("engine %s, %d patients, %d clients, up to %s or %d requests against %s\n",
		db.Engine(), len(ids), concurrency, duration, maxRequests, base)
	deadline := time.Now().Add(duration)
	var mu sync.Mutex
	var lat []time.Duration
	var failures, issued int
	var wg sync.WaitGroup
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: concurrency}, Timeout: 30 * time.Second}
	start := time.Now()
	for w := range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 7))
			for time.Now().Before(deadline) {
				mu.Lock()
				if issued >= maxRequests {
					mu.Unlock()
					return
				}
				issued++
				mu.Unlock()
				// Mostly record reads (the audited hot path), some searches.
				url := fmt.Sprintf("%s/api/v1/patients/%d", base, ids[r.IntN(len(ids))])
				if r.IntN(5) == 0 {
					url = base + "/api/v1/patients?q=" + string(rune('a'+r.IntN(26)))
				}
				t0 := time.Now()
				ok := get(client, url, token, nil) == nil
				d := time.Since(t0)
				mu.Lock()
				lat = append(lat, d)
				if !ok {
					failures++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	fmt.Printf("requests %d, failures %d, %.0f requests/s\n", len(lat), failures, float64(len(lat))/elapsed.Seconds())
	fmt.Printf("latency p50 %s, p95 %s, p99 %s, max %s\n", pct(0.50), pct(0.95), pct(0.99), pct(1))
	if failures > 0 {
		return fmt.Errorf("%d requests failed", failures)
	}
	return nil
}

// nurseToken creates an API token for the demo clinic's first nurse.
func nurseToken(ctx context.Context, svc *app.App, db *store.DB) (string, error) {
	u, err := db.Reader().UserByEmail(ctx, "priya.ashcombe@example.org")
	if err != nil {
		return "", err
	}
	return svc.CreateAPIToken(ctx, service.Actor{UserID: u.ID, ClinicID: u.ClinicID, Role: clinic.RoleNurse}, "bench")
}

func patientIDs(base, token string) ([]int64, error) {
	var ids []int64
	for page := 1; ; page++ {
		var res struct {
			Total    int `json:"total"`
			Patients []struct {
				ID int64 `json:"id"`
			} `json:"patients"`
		}
		if err := get(http.DefaultClient, fmt.Sprintf("%s/api/v1/patients?page=%d", base, page), token, &res); err != nil {
			return nil, err
		}
		for _, p := range res.Patients {
			ids = append(ids, p.ID)
		}
		if len(res.Patients) == 0 || len(ids) >= res.Total {
			return ids, nil
		}
	}
}

func get(c *http.Client, url, token string, into any) error {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: status %d", url, res.StatusCode)
	}
	if into == nil {
		_, err = io.Copy(io.Discard, res.Body)
		return err
	}
	return json.NewDecoder(res.Body).Decode(into)
}
