package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/service"
)

// The demo clinic as a simulation. Generate draws a clinic's 18 months;
// Run lives it through the product. The clinic moved to Onset a week or
// two before today (liveDays): on a Saturday, its staff were given accounts,
// the calendar was set up, its patients were registered and its records
// until then imported (history.go), the last weeks' paper questionnaires
// entered (questionnaires.go). From then on the simulated clock moves
// forward event by event and staff and patients act through the same use
// cases a browser calls: intakes, plans, REMS enrolment, bookings,
// check-in, dose, vitals, discharge, REMS forms, sign-off, questionnaires
// answered, safety alerts acknowledged, and the controlled-substance
// ledger. Living all 18 months this way would take over half a minute
// (the one to two weeks take about a second); the import is the product's
// own way of bringing a clinic's history in, and takes a fraction of one.

// liveDays: the clinic went live on Onset on the Saturday at least this
// many days before today — 8 to 14 days of sessions, about 50 to 90 for
// 240 patients, which take most of the demo's start-up.
const liveDays = 8

// Password is every demo account's password. The demo runs on a fresh
// database on 127.0.0.1 and prints its accounts, so a fixed, documented
// password hides nothing.
const Password = "onset-demo-password"

// ClinicName is the demo clinic's name.
const ClinicName = "Onset Demo Clinic"

// Options choose the demo clinic.
type Options struct {
	Seed     int64
	Patients int       // DefaultPatients when 0
	Now      time.Time // the demo's today: the simulation ends here
	// Progress, if set, is called as simulated days pass.
	Progress func(day, days int)
	// Location, when set, makes the clinic a second location of the
	// organization a first Run made, under this name, with its own staff
	// (location.go); its administrator runs that clinic, not the group.
	Location string
}

// Account is a sign-in `onset demo` prints.
type Account struct {
	Email      string
	Role       clinic.Role
	Password   string
	TOTPSecret string // empty when the account has no two-step sign-in
}

// Refusal is something the product refused the simulation, and what it
// was: the simulation then leaves that step out (a patient not booked, a
// session not held), as a clinic would.
type Refusal struct {
	At   time.Time
	What string
	Err  string
}

// Result is the clinic made.
type Result struct {
	ClinicID int64
	Accounts []Account
	Refusals []Refusal
	GoLive   time.Time // when the clinic started using Onset
}

// Run makes the demo clinic in st, an empty database: generated with
// Generate(opt.Seed, opt.Now, opt.Patients), then lived through the use
// cases of a service on a simulated clock. Demo accounts get cheap
// password hashes (auth.TestParams); serve with a service of your own.
func Run(ctx context.Context, st app.Stores, opt Options) (Result, error) {
	if opt.Now.IsZero() {
		return Result{}, errors.New("demo: Options.Now is required")
	}
	end := opt.Now.UTC().Truncate(time.Second)
	clk := &clock{t: goLive(end)}
	s := &sim{
		ctx:   ctx,
		svc:   app.New(st, service.Config{Passwords: auth.TestParams, Now: clk.Now}),
		clock: clk,
		c:     Generate(opt.Seed, end, opt.Patients),
		start: clk.t,
		end:   end,
		rng:   rand.New(rand.NewPCG(uint64(opt.Seed), 0x5eed)),
		prog:  opt.Progress,
	}
	s.res.GoLive = s.start
	if opt.Location != "" {
		s.c, s.location = asLocation(s.c, opt.Location), opt.Location
	}
	if err := s.setUp(); err != nil {
		return s.res, fmt.Errorf("demo: setting up the clinic: %w", err)
	}
	s.plan()
	if err := s.live(); err != nil {
		return s.res, fmt.Errorf("demo: %s: %w", s.clock.Now().Format(time.DateTime), err)
	}
	return s.res, nil
}

// goLive is the Saturday morning, at least liveDays before end, when the
// clinic was set up on Onset.
func goLive(end time.Time) time.Time {
	d := date(end).AddDate(0, 0, -liveDays)
	for d.Weekday() != time.Saturday {
		d = d.AddDate(0, 0, -1)
	}
	return d.Add(9 * time.Hour)
}

// sim is the simulation's state: the service it drives, the clock, the
// generated clinic and who is who.
type sim struct {
	ctx        context.Context
	svc        *app.App
	clock      *clock
	agenda     agenda
	c          Clinic
	start, end time.Time
	rng        *rand.Rand
	prog       func(day, days int)
	res        Result
	location   string // Options.Location

	admin        service.Actor
	clinicians   []service.Actor
	nurses       []service.Actor
	desk         []service.Actor
	therapists   []service.Actor // each with the caseload the demo gives them
	notesWritten int
	dosed        map[int64]time.Time // each patient's latest dose (careteam.go)
	patients     []*patient          // by index in c.Patients
	providers    map[int64]service.Actor
	stock        stock
	room         room
	alerts       alerts
	intakes      int // intakes recorded so far
}

// refused records a refusal by the product and returns nil, so the
// simulation goes on without that step; an unexpected failure (a
// clinic.Internal error) is returned and stops the run.
func (s *sim) refused(what string, err error) error {
	if err == nil {
		return nil
	}
	if clinic.ErrorCode(err) == clinic.Internal {
		return fmt.Errorf("%s: %w", what, err)
	}
	s.res.Refusals = append(s.res.Refusals, Refusal{At: s.clock.Now(), What: what, Err: clinic.ErrorMessage(err)})
	return nil
}

// live runs the agenda in time order up to the end; events after it are
// the future and do not happen.
func (s *sim) live() error {
	days := int(date(s.end).Sub(date(s.start))/day) + 1
	last := -1
	for s.agenda.Len() > 0 {
		e := s.agenda.pop()
		if e.at.After(s.end) {
			continue
		}
		s.clock.set(e.at)
		if d := int(date(e.at).Sub(date(s.start)) / day); d != last && s.prog != nil {
			last = d
			s.prog(d, days)
		}
		if err := e.do(); err != nil {
			return err
		}
	}
	s.clock.set(s.end)
	if s.prog != nil {
		s.prog(days, days)
	}
	return nil
}
