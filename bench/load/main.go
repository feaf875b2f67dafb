// Command load is a clinic group's day as load: an organization of
// clinics (default 5) with 100,000 patients in all and their histories
// (courses, administrations, PHQ-9 assessments) written straight through
// the store, staff at every clinic, today's appointments in the chairs and
// rooms, sessions checked in for the nurses to chart and questionnaire
// links for patients. It starts `onset serve` as a separate process on
// 127.0.0.1, signs the staff in over HTTP (session cookies, form tokens,
// two-step codes) and drives a weighted mix of virtual users for a bounded
// time: the front desk on the calendar's day view, the Today board,
// searches and bookings; nurses charting vital signs every 5 minutes of
// simulated time and reading the session and patient pages; clinicians on
// patient pages, the worklist and the outcomes dashboard; patients
// answering questionnaire links. It reports each request kind's count,
// throughput, latency percentiles and errors, and the server's memory.
//
//	go run ./bench/load                                            # SQLite in a temporary file
//	go run ./bench/load -db load.db                                # build into load.db, keep it
//	go run ./bench/load -db load.db -reuse                         # run again on it (today is prepared anew)
//	go run ./bench/load -db postgres://postgres@127.0.0.1/onset_load   # an empty PostgreSQL database
//	go run ./bench/load -patients 5000 -duration 15s -out result.md
//
// It talks only to the server it started.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"onset/internal/clinic"
	"onset/internal/store"
)

type options struct {
	patients, clinics, assessments, users, links int
	duration                                     time.Duration
	speed                                        float64
	dsn, replica, out                            string
	reuse                                        bool
	seed                                         uint64
}

func main() {
	var o options
	flag.IntVar(&o.patients, "patients", 100_000, "patients in the organization, shared among the clinics")
	flag.IntVar(&o.clinics, "clinics", 5, "clinics (locations), each with its own staff")
	flag.IntVar(&o.assessments, "assessments", 0, "PHQ-9 assessments in the history (default 10 per patient)")
	flag.IntVar(&o.users, "users", 32, "concurrent virtual users")
	flag.DurationVar(&o.duration, "duration", 60*time.Second, "how long the load runs")
	flag.Float64Var(&o.speed, "speed", 60, "simulated seconds per real second: staff pause 30 s simulated between actions, vital signs every 5 min")
	flag.IntVar(&o.links, "links", 400, "questionnaire links made per clinic for this run's patients")
	flag.StringVar(&o.dsn, "db", "", "database: a SQLite file (default: a temporary one) or a postgres:// URL naming an empty database")
	flag.StringVar(&o.replica, "db-replica", "", "passed to onset serve as --db-replica when set")
	flag.BoolVar(&o.reuse, "reuse", false, "use the organization already built in -db (today's appointments, sessions and links are made anew)")
	flag.StringVar(&o.out, "out", "", "also write the result as Markdown to this file")
	flag.Uint64Var(&o.seed, "seed", 0, "random seed (default: the time)")
	flag.Parse()
	if o.assessments == 0 {
		o.assessments = 10 * o.patients
	}
	if o.seed == 0 {
		o.seed = uint64(time.Now().UnixNano())
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	ctx := context.Background()
	if o.users < 1 || o.clinics < 1 || o.patients < 200*o.clinics {
		return errors.New("need at least one user and clinic, and 200 patients per clinic")
	}
	tmp, err := os.MkdirTemp("", "onset-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "onset")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/onset").CombinedOutput(); err != nil {
		return fmt.Errorf("build onset: %v\n%s", err, out)
	}
	if o.dsn == "" {
		if o.reuse {
			return errors.New("-reuse needs -db")
		}
		o.dsn = filepath.Join(tmp, "load.db")
	}
	sites, err := setUp(ctx, o)
	if err != nil {
		return err
	}
	srv, err := startServer(bin, o, tmp)
	if err != nil {
		return err
	}
	defer srv.stop()

	// The users: roles in turn, clinics in turn; staff sign in first.
	rec := newRecorder()
	var vus []*vu
	used := map[*site]map[clinic.Role]int{}
	for i := range o.users {
		role, st := roleCycle[i%len(roleCycle)], sites[i%len(sites)]
		v := &vu{role: role, site: st, b: newBrowser(srv.url, rec), r: rand.New(rand.NewPCG(o.seed, uint64(i))), pace: newPace(o.speed)}
		if role != clinic.RolePatient {
			if used[st] == nil {
				used[st] = map[clinic.Role]int{}
			}
			a := st.staff[role][used[st][role]]
			used[st][role]++
			if err := v.b.signIn(a.email, a.totp); err != nil {
				return fmt.Errorf("%w (server log: %s)", err, srv.logPath)
			}
		}
		vus = append(vus, v)
	}
	var mem memory
	mem.sample(srv.pid, srv.url)
	before := mem
	fmt.Printf("%s, %d clinics, %d patients; %d users (%s) for %s at %g× (staff pause %s on average, vital signs every %s per session)\n",
		engine(o.dsn), o.clinics, o.patients, o.users, roleCounts(vus), o.duration, o.speed, newPace(o.speed).think.Round(time.Millisecond),
		newPace(o.speed).vitals.Round(time.Millisecond))
	fmt.Printf("server before the load: %s\n", before)

	start := time.Now()
	deadline := start.Add(o.duration)
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-stopSampling:
				return
			case <-t.C:
				mem.sample(srv.pid, srv.url)
			}
		}
	}()
	var wg sync.WaitGroup
	for _, v := range vus {
		v.deadline = deadline
		wg.Go(v.run)
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(stopSampling)
	<-sampled
	mem.sample(srv.pid, srv.url)

	rows := rec.rows(elapsed)
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s, %d clinics, %d patients, %d users for %s at %g× (`%s`)\n\n", engine(o.dsn), o.clinics, o.patients, o.users,
		elapsed.Round(time.Millisecond), o.speed, strings.Join(os.Args[1:], " "))
	table(&sb, rows)
	fmt.Fprintf(&sb, "\nServer memory after the load: %s.\n", mem)
	if len(rec.first) > 0 {
		sb.WriteString("\nFirst distinct errors:\n\n")
		for _, e := range rec.first {
			fmt.Fprintf(&sb, "- %s\n", e)
		}
	}
	fmt.Print("\n" + sb.String())
	if o.out != "" {
		if err := os.WriteFile(o.out, []byte(sb.String()), 0o644); err != nil {
			return err
		}
	}
	if n := rows[len(rows)-1].errors; n > 0 {
		return fmt.Errorf("%d requests failed (server log: %s)", n, srv.logPath)
	}
	return nil
}

func engine(dsn string) string {
	if store.IsPostgres(dsn) {
		return "PostgreSQL"
	}
	return "SQLite"
}

func roleCounts(vus []*vu) string {
	n := map[clinic.Role]int{}
	for _, v := range vus {
		n[v.role]++
	}
	return fmt.Sprintf("%d front desk, %d nurses, %d clinicians, %d patients", n[clinic.RoleFrontDesk], n[clinic.RoleNurse],
		n[clinic.RoleClinician], n[clinic.RolePatient])
}

// setUp builds the organization (or finds it with -reuse) and readies
// each clinic for today.
func setUp(ctx context.Context, o options) ([]*site, error) {
	if !store.IsPostgres(o.dsn) {
		_, err := os.Stat(o.dsn)
		switch {
		case o.reuse && err != nil:
			return nil, fmt.Errorf("-reuse: %v", err)
		case !o.reuse && err == nil:
			return nil, fmt.Errorf("%s exists: pass -reuse to run on it, or remove it", o.dsn)
		}
	}
	db, err := store.Open(ctx, o.dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var ids []int64
	if o.reuse {
		ids, err = findOrg(ctx, db, o.clinics)
	} else {
		if _, err := db.Reader().FirstClinic(ctx); clinic.ErrorCode(err) != clinic.NotFound {
			return nil, fmt.Errorf("the database is not empty: pass -reuse to run on the organization built there before (%v)", err)
		}
		ids, err = buildOrg(ctx, db, o)
	}
	if err != nil {
		return nil, err
	}
	// How many of each role every clinic needs (the users' assignment in run).
	need := make([]map[clinic.Role]int, len(ids))
	for i := range o.users {
		k := i % len(ids)
		if need[k] == nil {
			need[k] = map[clinic.Role]int{}
		}
		need[k][roleCycle[i%len(roleCycle)]]++
	}
	start := time.Now()
	r := rand.New(rand.NewPCG(o.seed, 1))
	var sites []*site
	for k, id := range ids {
		s, err := prepare(ctx, db, k, id, need[k], o.links, r)
		if err != nil {
			return nil, fmt.Errorf("clinic %d: %w", k+1, err)
		}
		sites = append(sites, s)
	}
	fmt.Printf("today prepared in %s: per clinic %d sessions checked in, %d questionnaire links, staff signed up\n",
		time.Since(start).Round(time.Millisecond), len(chairs), o.links)
	return sites, nil
}

// server is the running `onset serve`.
type server struct {
	cmd     *exec.Cmd
	pid     int
	url     string
	logPath string
	done    chan struct{}
}

func startServer(bin string, o options, dir string) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	logPath := filepath.Join(dir, "serve.log")
	if o.out != "" { // keep the server's log beside the result
		logPath = o.out + ".serve.log"
	}
	log, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	args := []string{"serve", "--db", o.dsn, "--addr", addr}
	if o.replica != "" {
		args = append(args, "--db-replica", o.replica)
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, pid: cmd.Process.Pid, url: "http://" + addr, logPath: logPath, done: make(chan struct{})}
	go func() { cmd.Wait(); log.Close(); close(s.done) }()
	// serve fills its analytics caches before it listens: seconds on
	// SQLite, longer on PostgreSQL at 100,000 patients.
	start := time.Now()
	deadline := start.Add(10 * time.Minute)
	for time.Now().Before(deadline) {
		if res, err := http.Get(s.url + "/healthz"); err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				fmt.Printf("onset serve answered %.1f s after its start (its warm-up)\n", time.Since(start).Seconds())
				return s, nil
			}
		}
		select {
		case <-s.done:
			return nil, fmt.Errorf("onset serve exited at start (see %s)", logPath)
		case <-time.After(50 * time.Millisecond):
		}
	}
	s.stop()
	return nil, errors.New("onset serve did not answer within 10 minutes")
}

// stop ends the server gracefully (SIGTERM), or kills it after 20 s.
func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(20 * time.Second):
		s.cmd.Process.Signal(syscall.SIGKILL)
		<-s.done
	}
}
