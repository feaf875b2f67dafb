package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"time"

	"onset/bench/internal/synth"
	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service"
	"onset/internal/service/booking"
	"onset/internal/service/measurement"
	"onset/internal/service/plans"
	"onset/internal/service/treatment"
	"onset/internal/session"
	"onset/internal/store"
)

// password is every load-test account's password.
const password = "load-test-password"

// Each clinic has these treatment chairs and consulting rooms.
var (
	chairs = []string{"Chair 1", "Chair 2", "Chair 3", "Chair 4"}
	rooms  = []string{"Room A", "Room B"}
)

// account is a member of staff a virtual user signs in as.
type account struct {
	email, totp string // totp: the TOTP secret, for roles that need two-step sign-in
	role        clinic.Role
	actor       service.Actor
}

// site is one clinic as the virtual users see it.
type site struct {
	id       int64
	admin    service.Actor
	staff    map[clinic.Role][]*account // the virtual users' accounts, by role
	patients []int64                    // every patient's ID
	surnames []string                   // some of their family names, to search for
	sessions []int64                    // treatment sessions checked in today
	links    []string                   // unused questionnaire link tokens
	rooms    []int64                    // consulting rooms, for bookings
	nextDay  time.Time                  // the front desk books consultations from this day on

	vitalsDue []time.Time // when each session's next reading is due (mix.go)
	booked    int         // consultation hours booked from nextDay on
}

func adminEmail(k int) string { return fmt.Sprintf("admin@c%d.load.example", k) }

// buildOrgan makes the clinics and writes their patients through the
// store's bulk path; it returns the clinics' IDs.
func buildOrg(ctx context.Context, db *store.DB, o options) ([]int64, error) {
	var ids []int64
	now := time.Now().UTC()
	for k := range o.clinics {
		var id int64
		err := db.WithTx(ctx, func(q *store.Queries) error {
			var err error
			id, err = q.CreateClinic(ctx, clinic.Clinic{Name: fmt.Sprintf("Load clinic %d", k+1), Timezone: "UTC"}, now)
			return err
		})
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	start := time.Now()
	n, err := synth.Build(ctx, db, synth.Options{Clinics: ids, Patients: o.patients, Assessments: o.assessments,
		MRN: "L%07d", Now: now, Progress: func(w int) {
			fmt.Fprintf(os.Stderr, "  %d of %d patients written (%s)\n", w, o.patients, time.Since(start).Round(time.Second))
		}})
	if err != nil {
		return nil, err
	}
	el := time.Since(start)
	// Statistics for the planner, as autovacuum would gather them in time.
	if err := db.Analyze(ctx); err != nil {
		return nil, err
	}
	// The questionnaire schedule, once, as `onset serve` runs it every
	// minute: an organization in use has its links made, so the server
	// starts in its steady state rather than making 100,000 links at once.
	sched := time.Now()
	svc := app.New(db.Ports(), service.Config{Passwords: auth.TestParams})
	links := 0
	for _, id := range ids {
		n, err := svc.ScheduleLinks(ctx, service.System(id))
		if err != nil {
			return nil, err
		}
		links += n
	}
	fmt.Printf("questionnaire schedule: %d links made in %s\n", links, time.Since(sched).Round(time.Millisecond))
	fmt.Printf("built %d clinics: %d patients, %d courses, %d administrations, %d assessments in %s (%.0f rows/s)\n",
		o.clinics, o.patients, n.Courses, n.Doses, n.Assessments, el.Round(time.Millisecond),
		float64(o.patients+n.Courses+n.Doses+n.Assessments)/el.Seconds())
	return ids, nil
}

// findOrg finds the clinics of an organization built before, by their
// administrators' accounts (made by prepare).
func findOrg(ctx context.Context, db *store.DB, clinics int) ([]int64, error) {
	var ids []int64
	for k := range clinics {
		u, err := db.Reader().UserByEmail(ctx, adminEmail(k))
		if err != nil {
			return nil, fmt.Errorf("-reuse: no clinic %d in this database (%v); build it first without -reuse", k+1, err)
		}
		ids = append(ids, u.ClinicID)
	}
	return ids, nil
}

// prepare readies clinic k (ID id) for today: its staff, the calendar's
// chairs and rooms (once), today's treatments and consultations, sessions
// checked in for the nurses to chart, and questionnaire links. Staff
// accounts are made for the roles' counts in need.
func prepare(ctx context.Context, db *store.DB, k int, id int64, need map[clinic.Role]int, links int, r *rand.Rand) (*site, error) {
	now := time.Now().UTC()
	svc := app.New(db.Ports(), service.Config{Passwords: auth.TestParams})
	s := &site{id: id, staff: map[clinic.Role][]*account{}}
	sys := service.System(id)
	user := func(email, name string, role clinic.Role) (*account, error) {
		u, err := db.Reader().UserByEmail(ctx, email)
		if clinic.ErrorCode(err) == clinic.NotFound {
			var nu clinic.User
			if nu, err = svc.CreateUser(ctx, sys, record.NewUser{Email: email, Name: name, Role: role, Password: password}); err != nil {
				return nil, err
			}
			u, err = db.Reader().User(ctx, nu.ID)
		}
		if err != nil {
			return nil, err
		}
		a := &account{email: email, role: role, actor: service.Actor{UserID: u.ID, ClinicID: id, Role: role, Name: name}}
		if service.MFARequired(role) {
			a.totp = u.TOTPSecret
			if !u.TOTPEnabled {
				if a.totp, _, err = auth.NewTOTP("Onset load", email); err != nil {
					return nil, err
				}
				if err := db.WithTx(ctx, func(q *store.Queries) error { return q.SetTOTP(ctx, u.ID, a.totp, true) }); err != nil {
					return nil, err
				}
			}
		}
		return a, nil
	}
	adm, err := user(adminEmail(k), fmt.Sprintf("Admin %d", k+1), clinic.RoleAdmin)
	if err != nil {
		return nil, err
	}
	s.admin = adm.actor
	// At least two nurses and two clinicians, to staff the calendar.
	for _, role := range []clinic.Role{clinic.RoleFrontDesk, clinic.RoleNurse, clinic.RoleClinician} {
		for i := range max(need[role], 2) {
			a, err := user(fmt.Sprintf("%s%d@c%d.load.example", role, i+1, k), fmt.Sprintf("%s %d-%d", role, k+1, i+1), role)
			if err != nil {
				return nil, err
			}
			s.staff[role] = append(s.staff[role], a)
		}
	}
	page, err := db.Reader().SearchPatients(ctx, id, "", 1<<30, 0)
	if err != nil {
		return nil, err
	}
	for i, p := range page.Patients {
		s.patients = append(s.patients, p.ID)
		if i%97 == 0 {
			s.surnames = append(s.surnames, p.FamilyName)
		}
	}
	if len(s.patients) < 200 {
		return nil, fmt.Errorf("clinic %d has only %d patients", k+1, len(s.patients))
	}
	if err := s.calendar(ctx, db, svc, now); err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	if err := s.today(ctx, db, now, r); err != nil {
		return nil, fmt.Errorf("today: %w", err)
	}
	clin := s.staff[clinic.RoleClinician][0].actor
	for range links {
		l, err := svc.CreateLink(ctx, clin, measurement.NewLink{PatientID: s.patients[r.IntN(len(s.patients))], Instrument: "phq9"})
		if err != nil {
			return nil, fmt.Errorf("link: %w", err)
		}
		s.links = append(s.links, l.Token)
	}
	return s, nil
}

// calendar sets up booking once: open every day 07:00–20:00, the chairs
// and rooms, nurses giving treatments and clinicians seeing every kind.
func (s *site) calendar(ctx context.Context, db *store.DB, svc *app.App, now time.Time) error {
	v, err := svc.Calendar(ctx, s.admin, now, now.Add(time.Hour))
	if err != nil {
		return err
	}
	if len(v.Resources) == 0 {
		var hours []schedule.Window
		for d := time.Sunday; d <= time.Saturday; d++ {
			hours = append(hours, schedule.Window{Day: d, From: schedule.At(7, 0), To: schedule.At(20, 0)})
		}
		if err := svc.SetBookingSettings(ctx, s.admin, record.BookingSettings{Hours: hours, Policy: schedule.DefaultPolicy()}); err != nil {
			return err
		}
		for _, n := range chairs {
			if _, err := svc.AddResource(ctx, s.admin, record.BookingResource{Name: n, Kind: schedule.Chair}); err != nil {
				return err
			}
		}
		for _, n := range rooms {
			if _, err := svc.AddResource(ctx, s.admin, record.BookingResource{Name: n, Kind: schedule.Room}); err != nil {
				return err
			}
		}
		for _, role := range []clinic.Role{clinic.RoleNurse, clinic.RoleClinician} {
			for _, a := range s.staff[role] {
				p := record.BookingProvider{UserID: a.actor.UserID}
				if role == clinic.RoleNurse {
					p.Kinds = []schedule.Kind{schedule.Infusion, schedule.Esketamine, schedule.Injection}
				}
				if _, err := svc.AddProvider(ctx, s.admin, p); err != nil {
					return err
				}
			}
		}
		if v, err = svc.Calendar(ctx, s.admin, now, now.Add(time.Hour)); err != nil {
			return err
		}
	}
	for _, res := range v.Resources {
		if res.Kind == schedule.Room {
			s.rooms = append(s.rooms, res.ID)
		}
	}
	// The front desk books from the day after the last booking on.
	s.nextDay = day(now).AddDate(0, 0, 1)
	later, err := db.Reader().Appointments(ctx, s.id, s.nextDay, now.AddDate(2, 0, 0))
	if err != nil {
		return err
	}
	for _, a := range later {
		if d := day(a.Start).AddDate(0, 0, 1); d.After(s.nextDay) {
			s.nextDay = d
		}
	}
	return nil
}

func day(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }

// today books the day's IV infusions in every chair (07:00 to 17:30) and
// consultations in the rooms (hourly from 08:00), as if booked from
// 06:00, and checks a patient into every chair now, each with a signed
// plan. Refusals (a chair already taken by an earlier run today) are
// counted, not fatal.
func (s *site) today(ctx context.Context, db *store.DB, now time.Time, r *rand.Rand) error {
	early := day(now).Add(6 * time.Hour)
	if now.Before(early) {
		early = now
	}
	svcEarly := app.New(db.Ports(), service.Config{Passwords: auth.TestParams, Now: func() time.Time { return early }})
	svc := app.New(db.Ports(), service.Config{Passwords: auth.TestParams})
	clin := s.staff[clinic.RoleClinician][0].actor
	nurse := s.staff[clinic.RoleNurse][0].actor
	desk := s.staff[clinic.RoleFrontDesk][0].actor
	signed := func(svc *app.App, pid int64) (record.Plan, error) {
		draft, err := svc.CreatePlan(ctx, clin, pid, plans.PlanInput{TemplateID: "iv-ketamine-induction", WeightKg: 70,
			Start: early.Format(time.DateOnly), Weekdays: []time.Weekday{early.Weekday(), (early.Weekday() + 2) % 7, (early.Weekday() + 4) % 7},
			ConcentrationMgPerML: 10, DiluentML: 100})
		if err != nil {
			return draft, err
		}
		return svc.SignPlan(ctx, clin, pid, draft.ID)
	}
	refused, why := 0, ""
	refuse := func(err error) {
		if refused++; why == "" {
			why = clinic.ErrorMessage(err)
		}
	}
	for j := range 8 {
		for range chairs {
			start := early.Add(time.Hour + time.Duration(j)*90*time.Minute)
			pid := s.patients[r.IntN(len(s.patients))]
			if _, err := signed(svcEarly, pid); err != nil {
				refuse(err)
				continue
			}
			if _, err := svcEarly.BookAppointment(ctx, desk, bookingIn(pid, schedule.Infusion, start, 0)); err != nil {
				refuse(err)
			}
		}
	}
	for h := 8; h < 19; h++ {
		for _, room := range s.rooms {
			pid := s.patients[r.IntN(len(s.patients))]
			if _, err := svcEarly.BookAppointment(ctx, desk, bookingIn(pid, schedule.Consultation, day(now).Add(time.Duration(h)*time.Hour), room)); err != nil {
				refuse(err)
			}
		}
	}
	for range chairs {
		// A patient a run earlier today checked in is refused a second
		// session (one treatment a day): try another.
		var err error
		for try := 0; try < 10; try++ {
			pid := s.patients[r.IntN(len(s.patients))]
			var plan record.Plan
			if plan, err = signed(svc, pid); err != nil {
				return fmt.Errorf("plan: %w", err)
			}
			var ts record.TreatmentSession
			ts, err = svc.CheckInPatient(ctx, nurse, pid, treatment.CheckIn{
				Checklist: record.Checklist{IdentityConfirmed: true, ConsentCurrent: true, NothingByMouth: true, ResponsibleAdult: true,
					Pregnancy: record.PregnancyNotApplicable},
				PlannedDoseMg: treatment.NextPlannedDose(plan, now),
				Baseline:      session.Vitals{Systolic: 122, Diastolic: 78, HeartRate: 72, SpO2: 98, RespRate: 14}})
			if clinic.ErrorCode(err) == clinic.Conflict {
				continue
			}
			if err == nil {
				s.sessions = append(s.sessions, ts.ID)
			}
			break
		}
		if err != nil {
			return fmt.Errorf("check-in: %w", err)
		}
	}
	if refused > 0 {
		fmt.Fprintf(os.Stderr, "  clinic %d: %d of today's %d bookings refused, as the calendar would (the first: %s)\n", s.id, refused,
			8*len(chairs)+11*len(s.rooms), why)
	}
	return nil
}

func bookingIn(pid int64, k schedule.Kind, start time.Time, resource int64) booking.BookingInput {
	return booking.BookingInput{PatientID: pid, Kind: k, Start: start, ResourceID: resource}
}
