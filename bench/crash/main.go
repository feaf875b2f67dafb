// Command crash proves that a write Onset acknowledges is a write it
// keeps. It builds `onset`, starts `onset serve` as a separate process on
// SQLite or PostgreSQL, drives concurrent writers (questionnaire answers
// through the API with an Idempotency-Key, new patients through the API,
// stock received into the controlled-substance ledger through the web
// form), kills the server with SIGKILL at a random moment, starts it again
// and checks that every acknowledged write is there and intact; at the end
// `onset audit verify` must pass and the ledger must replay.
//
//	go run ./bench/crash -rounds 3                                   # SQLite
//	go run ./bench/crash -rounds 3 -db postgres://.../onset_crash   # an empty PostgreSQL database
//
// It talks only to the server it started, on 127.0.0.1.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/ledger"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/store"
)

func main() {
	rounds := flag.Int("rounds", 3, "kill -9 rounds")
	writers := flag.Int("writers", 4, "concurrent writers")
	dsn := flag.String("db", "", "database (default: a temporary SQLite file); a postgres:// URL must name an empty database")
	maxKill := flag.Duration("kill-after", 1500*time.Millisecond, "the server is killed at a random moment up to this long after writes begin")
	flag.Parse()
	if err := run(*rounds, *writers, *dsn, *maxKill); err != nil {
		fmt.Fprintln(os.Stderr, "crash:", err)
		os.Exit(1)
	}
}

// clinicSetUp is what the writers need: who they are and whom they write about.
type clinicSetUp struct {
	token     string // the nurse's API token
	email     string
	password  string
	patientID int64
	clinicID  int64
}

func run(rounds, writers int, dsn string, maxKill time.Duration) error {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "onset-crash-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "onset")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/onset").CombinedOutput(); err != nil {
		return fmt.Errorf("build onset: %v\n%s", err, out)
	}
	engine := "sqlite"
	if dsn == "" {
		dsn = filepath.Join(tmp, "crash.db")
	} else if store.IsPostgres(dsn) {
		engine = "postgres"
	}
	setup, err := prepare(ctx, dsn)
	if err != nil {
		return fmt.Errorf("prepare the clinic: %w", err)
	}
	var acked acks
	start := time.Now()
	for round := 1; round <= rounds; round++ {
		srv, err := startServer(bin, dsn, tmp)
		if err != nil {
			return err
		}
		if err := checkAll(ctx, srv.url, setup, &acked); err != nil {
			srv.kill()
			return fmt.Errorf("round %d, after restart: %w", round, err)
		}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() { write(srv.url, setup, round, w, stop, &acked) })
		}
		time.Sleep(100*time.Millisecond + rand.N(maxKill))
		srv.kill() // SIGKILL: no shutdown, no flush
		close(stop)
		wg.Wait()
		if acked.refused != nil {
			return fmt.Errorf("round %d: the server refused a write the test expected to succeed: %w", round, acked.refused)
		}
		fmt.Printf("round %d: killed with %d writes acknowledged so far\n", round, acked.count())
	}
	// The last restart: everything acknowledged is there, then a clean stop.
	srv, err := startServer(bin, dsn, tmp)
	if err != nil {
		return err
	}
	err = checkAll(ctx, srv.url, setup, &acked)
	srv.stop()
	if err != nil {
		return fmt.Errorf("after the last restart: %w", err)
	}
	if out, err := exec.Command(bin, "audit", "verify", "--db", dsn).CombinedOutput(); err != nil {
		return fmt.Errorf("onset audit verify failed: %v\n%s", err, out)
	}
	if err := ledgerReplays(ctx, dsn, setup.clinicID); err != nil {
		return err
	}
	a, p, l := acked.sizes()
	if l == 0 || a == 0 || p == 0 {
		return fmt.Errorf("no write of some kind was ever acknowledged (%d answers, %d patients, %d receipts): nothing was tested", a, p, l)
	}
	fmt.Printf("%s: %d rounds in %s; acknowledged %d answers, %d patients, %d ledger receipts; lost 0; audit chain intact; ledger replays\n",
		engine, rounds, time.Since(start).Round(time.Millisecond), a, p, l)
	return nil
}

// prepare makes the clinic: a nurse with an API token and a patient.
func prepare(ctx context.Context, dsn string) (clinicSetUp, error) {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return clinicSetUp{}, err
	}
	defer db.Close()
	svc := app.New(db.Ports(), service.Config{Passwords: auth.TestParams})
	cl, err := svc.EnsureClinic(ctx, "Crash clinic")
	if err != nil {
		return clinicSetUp{}, err
	}
	sys := service.System(cl.ID)
	s := clinicSetUp{email: "crash-nurse@example.org", password: "crash test password", clinicID: cl.ID}
	u, err := svc.CreateUser(ctx, sys, record.NewUser{Email: s.email, Name: "Crash nurse", Role: clinic.RoleNurse, Password: s.password})
	if err != nil {
		return s, err
	}
	nurse := service.Actor{UserID: u.ID, ClinicID: cl.ID, Role: u.Role, Name: u.Name}
	if s.token, err = svc.CreateAPIToken(ctx, nurse, "crash test"); err != nil {
		return s, err
	}
	pt, err := svc.CreatePatient(ctx, sys, record.NewPatient{MRN: "CRASH-0", GivenName: "Pat", FamilyName: "Crash",
		Sex: "female", BirthDate: "1980-01-01", Conditions: []string{"depression"}})
	s.patientID = pt.ID
	return s, err
}

// server is a running `onset serve`.
type server struct {
	cmd  *exec.Cmd
	url  string
	done chan struct{}
}

func startServer(bin, dsn, dir string) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	log, err := os.OpenFile(filepath.Join(dir, "serve.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve", "--db", dsn, "--addr", addr)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, url: "http://" + addr, done: make(chan struct{})}
	go func() { cmd.Wait(); log.Close(); close(s.done) }()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get(s.url + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		select {
		case <-s.done:
			return nil, fmt.Errorf("onset serve exited at start (see %s)", filepath.Join(dir, "serve.log"))
		case <-time.After(50 * time.Millisecond):
		}
	}
	s.kill()
	return nil, fmt.Errorf("onset serve did not answer within 30 s")
}

func (s *server) kill() {
	s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
}

func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(20 * time.Second):
		s.kill()
	}
}

// ledgerReplays checks that the stored ledger replays without error.
func ledgerReplays(ctx context.Context, dsn string, clinicID int64) error {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	es, err := db.Reader().LedgerEntries(ctx, clinicID)
	if err != nil {
		return err
	}
	if _, err := ledger.Replay(es); err != nil {
		return fmt.Errorf("the ledger does not replay: %v", err)
	}
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
