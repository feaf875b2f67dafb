// Command fhirload measures the FHIR API under load, as issue 14 asks:
// 32 concurrent clients against 127.0.0.1, durable commits, on SQLite or
// PostgreSQL —
//
//   - create: POST /fhir/Observation, a PHQ-9 total (LOINC 44261-6) for a
//     random patient, each a durable transaction with its audit row;
//   - search: GET /fhir/Observation?patient=…&code=http://loinc.org|44261-6;
//   - bulk export: GET /fhir/$export of the whole clinic (the async
//     kick-off, polling and every NDJSON file fetched), in resources per
//     second — on the clinic built here, or with -big on a bigger one
//     (bench/bigclinic's 100,000-patient file).
//
// It builds a synthetic clinic (bench/internal/synth) straight through the
// store, serves Onset's handler in this process on 127.0.0.1 and drives
// it over HTTP with an API token, for a bounded time per phase.
//
//	go run ./bench/fhirload                                    # SQLite in a temporary file
//	go run ./bench/fhirload -db postgres://postgres@127.0.0.1/onset_fhirload
//	go run ./bench/fhirload -big big.db -clients 32 -duration 10s
//
// The comparison the issue names: @asymmetrik/node-fhir-server-core on
// PostgreSQL 15 made 1,882 creates/s with `hey -z 10s -c 32` on this kind
// of machine.
package main

import (
	"bytes"
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
	"runtime/pprof"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"onset/bench/internal/synth"
	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/store"
	"onset/internal/web"
)

// nodeCreates is the Node FHIR server's figure the issue gives.
const nodeCreates = 1882.0

func main() {
	dsn := flag.String("db", "", "SQLite file or postgres:// URL of an empty database (default: a temporary SQLite file)")
	big := flag.String("big", "", "an existing SQLite file (bench/bigclinic) whose first clinic to bulk-export instead")
	patients := flag.Int("patients", 2000, "patients in the clinic built here")
	clients := flag.Int("clients", 32, "concurrent clients")
	duration := flag.Duration("duration", 10*time.Second, "time per phase")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the phases to this file")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
	}
	if err := run(*dsn, *big, *patients, *clients, *duration); err != nil {
		fmt.Fprintln(os.Stderr, "fhirload:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

// site is a clinic served on 127.0.0.1.
type site struct {
	url, nurse, admin string
	patients          []int64
	stop              func()
}

func run(dsn, big string, patients, clients int, duration time.Duration) error {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "onset-fhirload-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if dsn == "" {
		dsn = filepath.Join(tmp, "fhir.db")
	}
	s, err := serve(ctx, dsn, patients, true)
	if err != nil {
		return err
	}
	engine := "SQLite"
	if store.IsPostgres(dsn) {
		engine = "PostgreSQL"
	}
	fmt.Printf("FHIR API, %s, %d clients, %s per phase, %d patients\n\n", engine, clients, duration, len(s.patients))
	fmt.Println("| phase | requests | per second | p50 ms | p99 ms | errors |")
	fmt.Println("|---|--:|--:|--:|--:|--:|")
	var seq atomic.Int64
	creates := load(clients, duration, func(r *rand.Rand) (int, error) {
		pid := s.patients[r.IntN(len(s.patients))]
		// Unique times, all in the past day: one patient's totals never collide.
		at := time.Now().UTC().Add(-time.Duration(seq.Add(1)) * time.Millisecond).Add(-time.Hour)
		body := fmt.Sprintf(`{"resourceType":"Observation","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"survey"}]}],`+
			`"code":{"coding":[{"system":"http://loinc.org","code":"44261-6"}]},"subject":{"reference":"Patient/%d"},`+
			`"effectiveDateTime":"%s","valueQuantity":{"value":%d,"unit":"{score}","system":"http://unitsofmeasure.org","code":"{score}"}}`,
			pid, at.Format(time.RFC3339Nano), r.IntN(28))
		return call(http.MethodPost, s.url+"/fhir/Observation", s.nurse, body, http.StatusCreated)
	})
	creates.print("create Observation (PHQ-9 total)")
	searches := load(clients, duration, func(r *rand.Rand) (int, error) {
		pid := s.patients[r.IntN(len(s.patients))]
		return call(http.MethodGet, s.url+"/fhir/Observation?patient="+strconv.FormatInt(pid, 10)+"&code=http://loinc.org%7C44261-6",
			s.nurse, "", http.StatusOK)
	})
	searches.print("search Observation by patient and code")
	target := s
	if big != "" {
		s.stop()
		if target, err = serve(ctx, big, 0, false); err != nil {
			return err
		}
		defer target.stop()
	} else {
		defer s.stop()
	}
	n, el, err := export(target)
	if err != nil {
		return err
	}
	fmt.Printf("| bulk export, %d patients | %d resources | %.0f resources/s | | %s whole | 0 |\n", len(target.patients), n,
		float64(n)/el.Seconds(), el.Round(time.Millisecond))
	fmt.Printf("\ncreates: %.0f/s = %.2f× the Node FHIR server's %.0f/s\n", creates.rate(), creates.rate()/nodeCreates, nodeCreates)
	return nil
}

// serve opens (and, when build, fills) a database and serves it.
func serve(ctx context.Context, dsn string, patients int, build bool) (*site, error) {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	svc := app.New(db.Ports(), service.Config{Passwords: auth.TestParams})
	c, err := svc.EnsureClinic(ctx, "FHIR bench clinic")
	if err != nil {
		return nil, err
	}
	if build {
		if _, err := synth.Build(ctx, db, synth.Options{Clinics: []int64{c.ID}, Patients: patients, Assessments: patients * 10,
			MRN: "F%07d", Now: time.Now().Add(-48 * time.Hour)}); err != nil {
			return nil, err
		}
		if err := db.Analyze(ctx); err != nil { // statistics, as after an import
			return nil, err
		}
	}
	sys := service.System(c.ID)
	token := func(role clinic.Role) (string, error) {
		email := fmt.Sprintf("fhir-%s-%d@bench.example", role, time.Now().UnixNano())
		u, err := svc.CreateUser(ctx, sys, record.NewUser{Email: email, Name: "Bench " + string(role), Role: role,
			Password: "correct horse battery staple 42"})
		if err != nil {
			return "", err
		}
		return svc.CreateAPIToken(ctx, service.Actor{UserID: u.ID, ClinicID: c.ID, Role: role}, "fhirload")
	}
	s := &site{}
	if s.nurse, err = token(clinic.RoleNurse); err != nil {
		return nil, err
	}
	if s.admin, err = token(clinic.RoleAdmin); err != nil {
		return nil, err
	}
	for off := 0; ; off += 1000 {
		page, err := db.Reader().SearchPatients(ctx, c.ID, "", 1000, off)
		if err != nil {
			return nil, err
		}
		for _, p := range page.Patients {
			s.patients = append(s.patients, p.ID)
		}
		if len(page.Patients) < 1000 {
			break
		}
	}
	h, err := web.New(svc, web.Options{})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	s.url = "http://" + ln.Addr().String()
	s.stop = func() { srv.Close(); h.Close(); db.Close() }
	return s, nil
}

var client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}, Timeout: time.Minute}

// call sends one request and reads the whole answer; an answer other than
// want is an error.
func call(method, url, token, body string, want int) (int, error) {
	var rd io.Reader
	if body != "" {
		rd = bytes.NewReader([]byte(body))
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/fhir+json")
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		return res.StatusCode, fmt.Errorf("%s %s: %d %.200s", method, url, res.StatusCode, b)
	}
	return res.StatusCode, nil
}

// result is one phase's latencies.
type result struct {
	lat     []time.Duration
	errs    int
	elapsed time.Duration
	first   error
}

func (r result) rate() float64 { return float64(len(r.lat)) / r.elapsed.Seconds() }

func (r result) print(name string) {
	slices.Sort(r.lat)
	q := func(p float64) string {
		if len(r.lat) == 0 {
			return "–"
		}
		return fmt.Sprintf("%.1f", float64(r.lat[min(len(r.lat)-1, int(p*float64(len(r.lat))))].Microseconds())/1000)
	}
	fmt.Printf("| %s | %d | %.0f | %s | %s | %d |\n", name, len(r.lat), r.rate(), q(0.5), q(0.99), r.errs)
	if r.first != nil {
		fmt.Fprintln(os.Stderr, "first error:", r.first)
	}
}

// load runs clients goroutines doing one request after another for d.
func load(clients int, d time.Duration, one func(*rand.Rand) (int, error)) result {
	var mu sync.Mutex
	var res result
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), 14))
			for time.Now().Before(deadline) {
				t := time.Now()
				_, err := one(r)
				el := time.Since(t)
				mu.Lock()
				if err != nil {
					res.errs++
					if res.first == nil {
						res.first = err
					}
				} else {
					res.lat = append(res.lat, el)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	return res
}

// export runs a whole-clinic $export as a client does and counts the
// resources in the files fetched.
func export(s *site) (int, time.Duration, error) {
	start := time.Now()
	req, _ := http.NewRequest(http.MethodGet, s.url+"/fhir/$export", nil)
	req.Header.Set("Authorization", "Bearer "+s.admin)
	req.Header.Set("Prefer", "respond-async")
	res, err := client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	res.Body.Close()
	status := res.Header.Get("Content-Location")
	if res.StatusCode != http.StatusAccepted || status == "" {
		return 0, 0, fmt.Errorf("kick-off: %d", res.StatusCode)
	}
	var m struct {
		Output []struct {
			URL   string `json:"url"`
			Count int    `json:"count"`
		} `json:"output"`
	}
	for {
		req, _ := http.NewRequest(http.MethodGet, status, nil)
		req.Header.Set("Authorization", "Bearer "+s.admin)
		res, err := client.Do(req)
		if err != nil {
			return 0, 0, err
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == http.StatusAccepted {
			time.Sleep(200 * time.Millisecond)
			continue
		}
		if res.StatusCode != http.StatusOK {
			return 0, 0, fmt.Errorf("status: %d %.300s", res.StatusCode, body)
		}
		if err := json.Unmarshal(body, &m); err != nil {
			return 0, 0, err
		}
		break
	}
	n := 0
	for _, o := range m.Output {
		req, _ := http.NewRequest(http.MethodGet, o.URL, nil)
		req.Header.Set("Authorization", "Bearer "+s.admin)
		res, err := client.Do(req)
		if err != nil {
			return 0, 0, err
		}
		lines := 0
		buf := make([]byte, 256<<10)
		for {
			k, err := res.Body.Read(buf)
			lines += bytes.Count(buf[:k], []byte{'\n'})
			if err != nil {
				break
			}
		}
		res.Body.Close()
		if lines != o.Count {
			return 0, 0, fmt.Errorf("%s: %d lines, manifest says %d", o.URL, lines, o.Count)
		}
		n += lines
	}
	return n, time.Since(start), nil
}
