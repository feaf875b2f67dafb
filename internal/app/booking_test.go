package app_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service"
	"onset/internal/service/booking"
	"onset/internal/service/signoff"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// bookingEnv is planEnv with two chairs, a consulting room and two
// providers (the clinician and the nurse), in Europe/Berlin.
type bookingEnv struct {
	planEnv
	chair1, chair2, room int64
	drA, nurseB          int64 // provider IDs
}

func newBookingEnv(t *testing.T, engine store.Engine) bookingEnv {
	t.Helper()
	ctx := t.Context()
	e := bookingEnv{planEnv: newPlanEnv(t, engine)}
	sys := service.System(e.clinicID)
	if err := e.svc.SetBookingSettings(ctx, sys, record.BookingSettings{Timezone: "Europe/Berlin",
		Policy: schedule.DefaultPolicy()}); err != nil {
		t.Fatal(err)
	}
	add := func(name string, k schedule.ResourceKind) int64 {
		r, err := e.svc.AddResource(ctx, sys, record.BookingResource{Name: name, Kind: k})
		if err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	e.chair1, e.chair2, e.room = add("Chair 1", schedule.Chair), add("Chair 2", schedule.Chair), add("Room A", schedule.Room)
	prov := func(userID int64) int64 {
		p, err := e.svc.AddProvider(ctx, sys, record.BookingProvider{UserID: userID})
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	e.drA, e.nurseB = prov(e.clinician.UserID), prov(e.nurse.UserID)
	return e
}

// signIV gives the patient a signed IV induction plan (Mon/Wed/Fri from 1 June 2026).
func (e bookingEnv) signIV(t *testing.T, patientID int64) record.Plan {
	t.Helper()
	p, err := e.svc.CreatePlan(t.Context(), e.clinician, patientID, ivInput())
	if err != nil {
		t.Fatal(err)
	}
	if p, err = e.svc.SignPlan(t.Context(), e.clinician, patientID, p.ID); err != nil {
		t.Fatal(err)
	}
	return p
}

func berlin(t *testing.T, s string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func wantCode(t *testing.T, err error, code clinic.Code, text string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want %s containing %q", code, text)
	}
	if clinic.ErrorCode(err) != code || !strings.Contains(err.Error(), text) {
		t.Fatalf("error %v (%s); want %s containing %q", err, clinic.ErrorCode(err), code, text)
	}
}

func TestBookingLastChairRace(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newBookingEnv(t, engine)
			ctx := t.Context()
			const n = 8
			// n patients with signed plans; enough providers that only the chair is scarce.
			var patients []int64
			for i := range n {
				p, err := e.svc.CreatePatient(ctx, service.System(e.clinicID), record.NewPatient{MRN: fmt.Sprintf("R-%d", i),
					GivenName: "Race", FamilyName: fmt.Sprint(i), Sex: "male", BirthDate: "1975-03-03", Conditions: []string{"depression"}})
				if err != nil {
					t.Fatal(err)
				}
				e.signIV(t, p.ID)
				patients = append(patients, p.ID)
				u, err := e.svc.CreateUser(ctx, service.System(e.clinicID), record.NewUser{Email: fmt.Sprintf("nurse%d@example.org", i),
					Name: fmt.Sprintf("Nurse %d", i), Role: clinic.RoleNurse, Password: "a long password"})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := e.svc.AddProvider(ctx, service.System(e.clinicID), record.BookingProvider{UserID: u.ID}); err != nil {
					t.Fatal(err)
				}
			}
			// Each round at 10:00 on Mon 1, Wed 3, Fri 5, Mon 8 and Wed 10 June:
			// Chair 1 is taken, so Chair 2 is the last free chair. Several rounds,
			// because on PostgreSQL the first round also opens the pool's
			// connections; later rounds run truly side by side.
			e.signIV(t, e.patient)
			for _, day := range []string{"2026-06-01", "2026-06-03", "2026-06-05", "2026-06-08", "2026-06-10"} {
				start := berlin(t, day+" 10:00")
				if _, err := e.svc.BookAppointment(ctx, e.front, booking.BookingInput{PatientID: e.patient, Kind: schedule.Infusion,
					Start: start, ResourceID: e.chair1, ProviderID: e.drA}); err != nil {
					t.Fatal(err)
				}
				var wg sync.WaitGroup
				var mu sync.Mutex
				var won []record.Appointment
				var lost []error
				gate := make(chan struct{})
				for _, pid := range patients {
					wg.Go(func() {
						<-gate
						a, err := e.svc.BookAppointment(ctx, e.front, booking.BookingInput{PatientID: pid, Kind: schedule.Infusion, Start: start})
						mu.Lock()
						defer mu.Unlock()
						if err != nil {
							lost = append(lost, err)
						} else {
							won = append(won, a)
						}
					})
				}
				close(gate)
				wg.Wait()
				if len(won) != 1 {
					t.Fatalf("%s: %d bookings succeeded, want exactly 1 (errors: %v)", day, len(won), lost)
				}
				if won[0].ResourceID != e.chair2 {
					t.Errorf("%s: the winner got chair %d, want Chair 2 (%d)", day, won[0].ResourceID, e.chair2)
				}
				// Losers were refused by the check after waiting for the lock,
				// not by the unique index underneath it.
				for _, err := range lost {
					if clinic.ErrorCode(err) != clinic.Conflict || !strings.Contains(err.Error(), "no chair or room and provider is free") {
						t.Errorf("%s: loser's error %v, want a conflict naming no free chair", day, err)
					}
				}
				view, err := e.svc.Calendar(ctx, e.front, start.Add(-time.Hour), start.Add(time.Hour))
				if err != nil {
					t.Fatal(err)
				}
				if len(view.Appointments) != 2 {
					t.Fatalf("%s: %d appointments stored at 10:00, want 2", day, len(view.Appointments))
				}
			}
		})
	}
}

func TestBookingTreatmentNeedsSignedPlan(t *testing.T) {
	t.Parallel()
	e := newBookingEnv(t, store.SQLite)
	ctx := t.Context()
	in := booking.BookingInput{PatientID: e.patient, Kind: schedule.Infusion, Start: berlin(t, "2026-06-01 09:00")}
	_, err := e.svc.BookAppointment(ctx, e.front, in)
	wantCode(t, err, clinic.Conflict, "only be booked against a signed treatment plan")
	// A draft is not enough.
	if _, err := e.svc.CreatePlan(ctx, e.clinician, e.patient, ivInput()); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.BookAppointment(ctx, e.front, in)
	wantCode(t, err, clinic.Conflict, "signed treatment plan")
	// A consultation needs no plan.
	c, err := e.svc.BookAppointment(ctx, e.front, booking.BookingInput{PatientID: e.other, Kind: schedule.Consultation,
		Start: berlin(t, "2026-06-01 09:00")})
	if err != nil {
		t.Fatal(err)
	}
	if c.ResourceID != e.room || c.PlanID != 0 || !c.End.Equal(c.Start.Add(time.Hour)) {
		t.Errorf("consultation %+v: want Room A, no plan, one hour", c)
	}
	// Signed: the booking takes the plan's first session.
	plan := e.signIV(t, e.patient)
	a, err := e.svc.BookAppointment(ctx, e.front, in)
	if err != nil {
		t.Fatal(err)
	}
	if a.PlanID != plan.ID || a.PlanSession != 1 || a.Status != record.AppointmentBooked {
		t.Errorf("booked %+v; want plan %d session 1", a, plan.ID)
	}
	// An esketamine session does not match an IV plan (the patient is
	// enrolled in the REMS, so the plan is what refuses it).
	if _, err := e.svc.RecordREMSEnrolment(ctx, e.nurse, e.patient, signoff.REMSEnrolmentInput{Enrolled: "yes", EnrolledOn: "2026-05-01"}); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.BookAppointment(ctx, e.front, booking.BookingInput{PatientID: e.patient, Kind: schedule.Esketamine,
		Start: berlin(t, "2026-06-10 09:00")})
	wantCode(t, err, clinic.Conflict, "not a esketamine appointment")
	if got := e.auditCount(t, service.ActAppointmentBook); got != 2 {
		t.Errorf("%d booking audit rows, want 2 (refusals write none)", got)
	}
}

func TestBookingSpacingAndDoubleBooking(t *testing.T) {
	t.Parallel()
	e := newBookingEnv(t, store.SQLite)
	ctx := t.Context()
	e.signIV(t, e.patient)
	book := func(a service.Actor, in booking.BookingInput) (record.Appointment, error) {
		return e.svc.BookAppointment(ctx, a, in)
	}
	if _, err := book(e.front, booking.BookingInput{PatientID: e.patient, Kind: schedule.Infusion, Start: berlin(t, "2026-06-01 10:00"),
		ResourceID: e.chair1, ProviderID: e.drA}); err != nil {
		t.Fatal(err)
	}
	// The IV template keeps sessions 48 hours apart.
	_, err := book(e.front, booking.BookingInput{PatientID: e.patient, Kind: schedule.Infusion, Start: berlin(t, "2026-06-02 10:00")})
	wantCode(t, err, clinic.Conflict, "less than 48 hours from another session")
	// Chair 1 and the doctor are busy at 10:30 for another patient.
	_, err = book(e.front, booking.BookingInput{PatientID: e.other, Kind: schedule.Consultation, Start: berlin(t, "2026-06-01 10:30"),
		ResourceID: e.room, ProviderID: e.drA})
	wantCode(t, err, clinic.Conflict, "Test clinician is already booked during Mon 1 Jun 2026 10:30")
	e.signIV(t, e.other)
	_, err = book(e.front, booking.BookingInput{PatientID: e.other, Kind: schedule.Infusion, Start: berlin(t, "2026-06-01 11:00"),
		ResourceID: e.chair1, ProviderID: e.nurseB})
	wantCode(t, err, clinic.Conflict, "Chair 1 is already booked during Mon 1 Jun 2026 11:00")
	// The patient cannot be in the consulting room during their infusion.
	_, err = book(e.front, booking.BookingInput{PatientID: e.patient, Kind: schedule.Consultation, Start: berlin(t, "2026-06-01 10:30")})
	wantCode(t, err, clinic.Conflict, "already has an appointment")
	// Outside the clinic's hours.
	_, err = book(e.front, booking.BookingInput{PatientID: e.other, Kind: schedule.Consultation, Start: berlin(t, "2026-06-06 10:00")})
	wantCode(t, err, clinic.Conflict, "the clinic is not open then")
	// In the past.
	_, err = book(e.front, booking.BookingInput{PatientID: e.other, Kind: schedule.Consultation, Start: berlin(t, "2026-05-01 10:00")})
	wantCode(t, err, clinic.Invalid, "already passed")
	// A patient books only for themselves; another clinic's patient is not found.
	_, err = book(e.patientActor, booking.BookingInput{PatientID: e.other, Kind: schedule.Consultation, Start: berlin(t, "2026-06-03 10:00")})
	wantCode(t, err, clinic.Forbidden, "own records")
	_, err = book(e.front, booking.BookingInput{PatientID: e.stranger, Kind: schedule.Consultation, Start: berlin(t, "2026-06-03 10:00")})
	if clinic.ErrorCode(err) != clinic.NotFound {
		t.Errorf("booking another clinic's patient: %v, want not found", err)
	}
	appts, err := e.svc.PatientAppointments(ctx, e.front, e.other)
	if err != nil {
		t.Fatal(err)
	}
	if len(appts) != 0 {
		t.Errorf("refused bookings stored %d appointments", len(appts))
	}
}

func TestBookingCancellationWindowAndWaitlist(t *testing.T) {
	t.Parallel()
	e := newBookingEnv(t, store.SQLite)
	ctx := t.Context()
	// Now is Wed 20 May 2026 09:00 UTC (11:00 in Berlin).
	soon, err := e.svc.BookAppointment(ctx, e.patientActor, booking.BookingInput{PatientID: e.patient, Kind: schedule.Consultation,
		Start: berlin(t, "2026-05-20 15:00")})
	if err != nil {
		t.Fatal(err)
	}
	later, err := e.svc.BookAppointment(ctx, e.patientActor, booking.BookingInput{PatientID: e.patient, Kind: schedule.Consultation,
		Start: berlin(t, "2026-05-25 15:00")})
	if err != nil {
		t.Fatal(err)
	}
	w, err := e.svc.AddToWaitlist(ctx, e.front, record.WaitlistEntry{PatientID: e.other, Kind: schedule.FollowUp})
	if err != nil {
		t.Fatal(err)
	}
	// Inside the 24-hour window the patient must call; staff may cancel, marked late.
	_, _, err = e.svc.CancelAppointment(ctx, e.patientActor, soon.ID, "")
	wantCode(t, err, clinic.Conflict, "up to 24 hours before")
	got, offers, err := e.svc.CancelAppointment(ctx, e.front, soon.ID, "patient ill")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != record.AppointmentCancelled || !got.LateChange {
		t.Errorf("staff cancellation inside the window: %+v, want cancelled and late", got)
	}
	if len(offers) != 1 || offers[0].Entry.ID != w.ID || !offers[0].Slot.Start.Equal(soon.Start) {
		t.Errorf("offers %+v, want the waitlisted follow-up at the freed time", offers)
	}
	// Outside the window the patient cancels online, not late.
	got, _, err = e.svc.CancelAppointment(ctx, e.patientActor, later.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if got.LateChange {
		t.Error("a cancellation 5 days ahead is marked late")
	}
	_, _, err = e.svc.CancelAppointment(ctx, e.front, later.ID, "")
	wantCode(t, err, clinic.Conflict, "already cancelled")
	// The waitlisted patient takes the offer; the entry closes.
	if _, err := e.svc.BookAppointment(ctx, e.front, booking.BookingInput{PatientID: e.other, Kind: schedule.FollowUp,
		Start: offers[0].Slot.Start, WaitlistID: w.ID}); err != nil {
		t.Fatal(err)
	}
	list, err := e.svc.Waitlist(ctx, e.front)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 0 {
		t.Errorf("waitlist still holds %d entries", len(list))
	}
}

func TestBookingReschedule(t *testing.T) {
	t.Parallel()
	e := newBookingEnv(t, store.SQLite)
	ctx := t.Context()
	a, err := e.svc.BookAppointment(ctx, e.patientActor, booking.BookingInput{PatientID: e.patient, Kind: schedule.Consultation,
		Start: berlin(t, "2026-05-25 15:00")})
	if err != nil {
		t.Fatal(err)
	}
	moved, err := e.svc.RescheduleAppointment(ctx, e.patientActor, a.ID, berlin(t, "2026-05-26 09:00"))
	if err != nil {
		t.Fatal(err)
	}
	if !moved.Start.Equal(berlin(t, "2026-05-26 09:00")) || moved.Reschedules != 1 {
		t.Errorf("moved %+v", moved)
	}
	_, err = e.svc.RescheduleAppointment(ctx, e.patientActor, a.ID, berlin(t, "2026-06-20 09:00"))
	wantCode(t, err, clinic.Conflict, "moved by up to 7 days")
	appts, err := e.svc.PatientAppointments(ctx, e.front, e.patient)
	if err != nil {
		t.Fatal(err)
	}
	if len(appts) != 1 || !appts[0].Start.Equal(moved.Start) {
		t.Errorf("stored %+v", appts)
	}
}

func TestFindPlanSlotsAndBookSeries(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newBookingEnv(t, engine)
			ctx := t.Context()
			e.signIV(t, e.patient)
			slots, err := e.svc.FindPlanSlots(ctx, e.patientActor, e.patient, berlin(t, "2026-06-01 00:00"), 6, schedule.At(9, 0), 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(slots) != 6 {
				t.Fatalf("%d slots, want 6", len(slots))
			}
			var ins []booking.BookingInput
			for i, s := range slots {
				if s.Session.Number != i+1 {
					t.Errorf("slot %d is for session %d", i, s.Session.Number)
				}
				if i > 0 && s.Slot.Start.Sub(slots[i-1].Slot.Start) < 48*time.Hour {
					t.Errorf("sessions %d and %d are less than 48 hours apart", i, i+1)
				}
				ins = append(ins, s.Input(e.patient))
			}
			if got := slots[0].Slot.Start; !got.Equal(berlin(t, "2026-06-01 09:00")) {
				t.Errorf("first session at %v, want Mon 1 June 09:00", got)
			}
			booked, err := e.svc.BookSeries(ctx, e.patientActor, ins)
			if err != nil {
				t.Fatal(err)
			}
			if len(booked) != 6 {
				t.Fatalf("booked %d", len(booked))
			}
			// Booking the same series again changes nothing: all or none.
			_, err = e.svc.BookSeries(ctx, e.patientActor, ins)
			wantCode(t, err, clinic.Conflict, "already booked")
			appts, err := e.svc.PatientAppointments(ctx, e.front, e.patient)
			if err != nil {
				t.Fatal(err)
			}
			if len(record.Upcoming(appts, berlin(t, "2026-05-21 00:00"))) != 6 {
				t.Errorf("%d appointments stored, want 6", len(appts))
			}
		})
	}
}
