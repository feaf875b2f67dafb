package service

import (
	"context"
	"fmt"
	"time"

	"onset/internal/clinic"
	"onset/internal/schedule"
)

// demoChairs and demoRooms are the demo clinic's treatment chairs and
// consulting rooms.
var (
	demoChairs = []string{"Chair 1", "Chair 2", "Chair 3", "Chair 4", "Chair 5", "Chair 6"}
	demoRooms  = []string{"Room A", "Room B"}
)

// loadDemoBooking sets up the demo clinic's calendar inside LoadDemo's
// transaction: its chairs and rooms, its clinicians and nurses as
// providers (nurses give treatments; clinicians also see consultations),
// a week of bookings from the start of today — the next unbooked sessions
// of every signed plan (keeping the plan's spacing), consultations and
// follow-ups — and two waitlist entries. Every booking is placed through
// schedule.Calendar, so the demo calendar keeps the same rules as the
// service.
func (s *Service) loadDemoBooking(ctx context.Context, tx Tx, clinicID int64, patientIDs []int64, now time.Time) error {
	if err := tx.SaveBookingSettings(ctx, BookingSettings{ClinicID: clinicID, Policy: schedule.DefaultPolicy()}); err != nil {
		return err
	}
	for _, n := range demoChairs {
		if _, err := tx.CreateBookingResource(ctx, BookingResource{ClinicID: clinicID, Name: n, Kind: schedule.Chair}); err != nil {
			return err
		}
	}
	for _, n := range demoRooms {
		if _, err := tx.CreateBookingResource(ctx, BookingResource{ClinicID: clinicID, Name: n, Kind: schedule.Room}); err != nil {
			return err
		}
	}
	users, err := tx.Users(ctx, clinicID)
	if err != nil {
		return err
	}
	for _, u := range users {
		p := BookingProvider{ClinicID: clinicID, UserID: u.ID, Name: u.Name}
		switch u.Role {
		case clinic.RoleNurse:
			p.Kinds = []schedule.Kind{schedule.Infusion, schedule.Esketamine, schedule.Injection}
		case clinic.RoleClinician:
		default:
			continue
		}
		if _, err := tx.CreateBookingProvider(ctx, p); err != nil {
			return err
		}
	}
	cs, err := loadSetup(ctx, tx, clinicID)
	if err != nil {
		return err
	}
	cal, err := cs.calendar(nil)
	if err != nil {
		return err
	}
	y, m, d := now.In(cs.loc).Date()
	from := time.Date(y, m, d, 0, 0, 0, 0, cs.loc)
	to := from.AddDate(0, 0, 7)
	var nextID int64
	book := func(pid int64, sl schedule.Slot, planID int64, session int) error {
		nextID++
		if err := cal.Book(schedule.Booking{ID: nextID, PatientID: pid, Slot: sl}); err != nil {
			return fmt.Errorf("demo booking: %w", err)
		}
		_, err := tx.CreateAppointment(ctx, Appointment{ClinicID: clinicID, PatientID: pid, Kind: sl.Kind, Start: sl.Start, End: sl.End,
			ProviderEnd: sl.ProviderEnd, ResourceID: sl.ResourceID, ProviderID: sl.ProviderID, Status: AppointmentBooked,
			PlanID: planID, PlanSession: session, CreatedAt: now})
		return err
	}
	if err := demoInductions(ctx, tx, clinicID, patientIDs, from, now); err != nil {
		return err
	}
	planned := map[int64]bool{}
	for _, pid := range patientIDs {
		plan, err := signedPlanIn(ctx, tx, clinicID, pid)
		if err != nil {
			continue // no signed plan
		}
		kind, ok := kindOfRoute(plan.Route)
		if !ok {
			continue // taken at home: nothing to book in a chair
		}
		given, err := tx.Administrations(ctx, clinicID, pid)
		if err != nil {
			return err
		}
		rows, _ := matchGiven(plan, nil, given, nil)
		var open []PlannedSession
		var prior []time.Time
		for _, r := range rows {
			if r.Given == nil {
				open = append(open, r.Planned)
			} else {
				prior = append(prior, r.Given.GivenAt)
			}
		}
		if len(open) == 0 {
			continue
		}
		// Up to three of the next sessions this week, as many as fit.
		for n := min(3, len(open)); n > 0; n-- {
			slots, err := cal.FindSeries(schedule.SeriesRequest{
				Request:  schedule.Request{Kind: kind, PatientID: pid, From: from, To: to, After: schedule.At(8, 0)},
				Sessions: n, Spacing: planSpacing(plan, open[0]), Prior: prior})
			if err != nil {
				continue
			}
			for i, sl := range slots {
				if err := book(pid, sl, plan.ID, open[i].Number); err != nil {
					return err
				}
			}
			planned[pid] = true
			break
		}
	}
	// Consultations and follow-ups for patients without plan bookings:
	// three of each a day, morning, midday and afternoon.
	var others []int64
	for _, pid := range patientIDs {
		if !planned[pid] {
			others = append(others, pid)
		}
	}
	next := 0
	for day := from; day.Before(to) && len(others) > 0; day = day.AddDate(0, 0, 1) {
		for _, at := range []schedule.Clock{schedule.At(9, 0), schedule.At(11, 30), schedule.At(14, 0)} {
			for _, k := range []schedule.Kind{schedule.Consultation, schedule.FollowUp} {
				pid := others[next%len(others)]
				next++
				slots, err := cal.Slots(schedule.Request{Kind: k, PatientID: pid, From: day, To: day.AddDate(0, 0, 1), After: at}, 1)
				if err != nil {
					return err
				}
				if len(slots) == 1 {
					if err := book(pid, slots[0], 0, 0); err != nil {
						return err
					}
				}
			}
		}
	}
	// Two patients waiting for an earlier appointment.
	for i, k := range []schedule.Kind{schedule.Consultation, schedule.FollowUp} {
		if len(others) == 0 {
			break
		}
		if _, err := tx.CreateWaitlistEntry(ctx, WaitlistEntry{ClinicID: clinicID, PatientID: others[(next+i)%len(others)], Kind: k,
			AddedAt: now.AddDate(0, 0, -3+i), Priority: 1 - i, Status: "waiting",
			Note: "would like an earlier appointment"}); err != nil {
			return err
		}
	}
	return nil
}

// demoNewInductions is how many demo patients start a new induction this
// week, so that the week's chairs hold plan sessions.
const demoNewInductions = 5

// demoInductions gives a few patients without a signed plan, whose latest
// course was IV or esketamine, a new induction plan starting today,
// written by the system and signed by the clinic's first clinician.
func demoInductions(ctx context.Context, tx Tx, clinicID int64, patientIDs []int64, from, now time.Time) error {
	users, err := tx.Users(ctx, clinicID)
	if err != nil {
		return err
	}
	var signer clinic.User
	for _, u := range users {
		if u.Role == clinic.RoleClinician {
			signer = u
			break
		}
	}
	if signer.ID == 0 {
		return nil
	}
	weekdays := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	made := 0
	for _, pid := range patientIDs {
		if made == demoNewInductions {
			break
		}
		if _, err := signedPlanIn(ctx, tx, clinicID, pid); err == nil {
			continue
		}
		courses, err := tx.Courses(ctx, clinicID, pid)
		if err != nil {
			return err
		}
		if len(courses) == 0 {
			continue
		}
		latest := courses[0]
		for _, c := range courses {
			if c.StartedAt.After(latest.StartedAt) {
				latest = c
			}
		}
		in := PlanInput{Start: from.Format(time.DateOnly), Weekdays: weekdays, WeightKg: 70}
		switch latest.Route {
		case clinic.RouteIV:
			in.TemplateID, in.ConcentrationMgPerML, in.DiluentML = "iv-ketamine-induction", 10, 100
		case clinic.RouteEsketamine:
			in.TemplateID = "esketamine-trd"
		default:
			continue
		}
		given, err := tx.Administrations(ctx, clinicID, pid)
		if err != nil {
			return err
		}
		for _, g := range given {
			if g.WeightKg > 0 {
				in.WeightKg = g.WeightKg
			}
		}
		pt, err := tx.Patient(ctx, clinicID, pid)
		if err != nil {
			return err
		}
		p, err := buildPlan(pt, in)
		if err != nil {
			return fmt.Errorf("demo induction for patient %d: %w", pid, err)
		}
		p.Version, p.Status, p.Reason = 1, PlanDraft, "New plan: repeat induction"
		p.CreatedByName, p.CreatedAt = "system (demo)", now.AddDate(0, 0, -2)
		id, err := tx.CreatePlan(ctx, p)
		if err != nil {
			return err
		}
		if err := tx.SignPlan(ctx, clinicID, id, signer.ID, signer.Name, now.AddDate(0, 0, -1)); err != nil {
			return err
		}
		// Esketamine is booked only for patients enrolled in the REMS.
		if latest.Route == clinic.RouteEsketamine {
			if err := demoEnrolInREMS(ctx, tx, clinicID, pid, signer, now); err != nil {
				return err
			}
		}
		made++
	}
	return nil
}

// demoEnrolInREMS records a REMS enrolment for a demo patient who has none.
func demoEnrolInREMS(ctx context.Context, tx Tx, clinicID, patientID int64, by clinic.User, now time.Time) error {
	enrolled, err := remsEnrolled(ctx, tx, clinicID, patientID)
	if err != nil || enrolled {
		return err
	}
	day := now.UTC().Truncate(24*time.Hour).AddDate(0, 0, -2)
	_, err = tx.CreateREMSEnrolment(ctx, REMSEnrolment{ClinicID: clinicID, PatientID: patientID, Enrolled: true,
		EnrolledOn: day, REMSPatientID: fmt.Sprintf("DEMO-%06d", 200000+patientID), RecordedBy: by.ID,
		RecordedByName: by.Name, RecordedAt: day.Add(10 * time.Hour)})
	return err
}
