package app_test

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service"
	"onset/internal/service/booking"
	"onset/internal/store/storetest"
)

func publicInput(email string, start time.Time) booking.PublicBookingInput {
	return booking.PublicBookingInput{GivenName: "Nora", FamilyName: "Newcomer", BirthDate: "1990-03-04", Email: email,
		Phone: "+49 30 1234567", Start: start, Password: "a long enough password", Consent: true, Address: "198.51.100.7"}
}

func patientTotal(t *testing.T, e bookingEnv) int {
	t.Helper()
	pg, err := e.svc.ListPatients(t.Context(), e.front, "", 1)
	if err != nil {
		t.Fatal(err)
	}
	return pg.Total
}

func TestPublicConsultationBooking(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			e := newBookingEnv(t, engine)
			now := e.clock.Now()
			slots, err := e.svc.PublicConsultationSlots(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(slots.Starts) < 20 || slots.Location.String() != "Europe/Berlin" || slots.ClinicName != "Test" {
				t.Fatalf("slots: %d starts in %v for %q", len(slots.Starts), slots.Location, slots.ClinicName)
			}
			for i, st := range slots.Starts {
				local := st.In(slots.Location)
				if st.Before(now.Add(2*time.Hour)) || st.After(now.Add(22*24*time.Hour)) ||
					local.Weekday() == time.Saturday || local.Weekday() == time.Sunday || local.Hour() < 8 || local.Hour()*60+local.Minute() > 17*60 {
					t.Fatalf("slot %d at %v is outside the window or the clinic's hours", i, local)
				}
				if i > 0 && !st.After(slots.Starts[i-1]) {
					t.Fatalf("slots not strictly increasing at %d", i)
				}
			}
			first := slots.Starts[0]
			before := patientTotal(t, e)

			res, err := e.svc.BookPublicConsultation(ctx, publicInput("Nora@Example.org", first))
			if err != nil {
				t.Fatal(err)
			}
			if res.Patient.MRN != "WEB-000001" || res.User.Role != clinic.RolePatient || res.User.PatientID != res.Patient.ID ||
				res.User.Email != "nora@example.org" || res.Patient.Email != "nora@example.org" {
				t.Fatalf("booking: %+v %+v", res.Patient, res.User)
			}
			ap := res.Appointment
			if ap.Kind != schedule.Consultation || !ap.Start.Equal(first) || ap.Status != record.AppointmentBooked ||
				ap.ResourceID != e.room || ap.PatientID != res.Patient.ID || ap.CreatedBy != res.User.ID {
				t.Fatalf("appointment: %+v", ap)
			}
			if got := patientTotal(t, e); got != before+1 {
				t.Fatalf("patients: %d, want %d", got, before+1)
			}
			// The new account signs in to the portal and sees its appointment.
			if _, err := e.svc.SignIn(ctx, "nora@example.org", "a long enough password", "198.51.100.7"); err != nil {
				t.Fatalf("sign-in: %v", err)
			}
			me := service.Actor{UserID: res.User.ID, ClinicID: e.clinicID, Role: clinic.RolePatient, PatientID: res.Patient.ID}
			appts, err := e.svc.PatientAppointments(ctx, me, res.Patient.ID)
			if err != nil || len(appts) != 1 || appts[0].ID != ap.ID {
				t.Fatalf("patient's appointments: %v %+v", err, appts)
			}
			audit, err := e.svc.AuditLog(ctx, service.System(e.clinicID), clinic.AuditFilter{PatientID: res.Patient.ID})
			if err != nil {
				t.Fatal(err)
			}
			var actions []string
			for _, a := range audit {
				if a.Action == "notice.queue" && a.UserID == 0 {
					continue // the booking's notice, queued by the system
				}
				if a.UserID != res.User.ID || (a.Address != "198.51.100.7" && a.Action != string(service.ActAppointmentRead)) {
					t.Fatalf("audit row by %d from %q", a.UserID, a.Address)
				}
				actions = append(actions, a.Action)
			}
			for _, want := range []string{"patient.register", "user.create", "patient.contact_consent", "appointment.book"} {
				if !slices.Contains(actions, want) {
					t.Fatalf("audit actions %v lack %s", actions, want)
				}
			}

			// The same time again: the only room is taken; nothing is written.
			_, err = e.svc.BookPublicConsultation(ctx, publicInput("other@example.org", first))
			wantCode(t, err, clinic.Conflict, "just been taken")
			if _, err := e.svc.SignIn(ctx, "other@example.org", "a long enough password", "x"); clinic.ErrorCode(err) != clinic.Unauthenticated {
				t.Fatalf("account of a refused booking: %v", err)
			}
			// The same email: sign in instead; nothing is written.
			_, err = e.svc.BookPublicConsultation(ctx, publicInput("nora@example.org", slots.Starts[3]))
			if !errors.Is(err, booking.ErrEmailRegistered) {
				t.Fatalf("email registered: %v", err)
			}
			for _, tc := range []struct {
				edit func(*booking.PublicBookingInput)
				want string
			}{
				{func(in *booking.PublicBookingInput) { in.Consent = false }, "agree to be contacted"},
				{func(in *booking.PublicBookingInput) { in.BirthDate = "04/03/1990" }, "date of birth"},
				{func(in *booking.PublicBookingInput) { in.GivenName = " " }, "given and family names"},
				{func(in *booking.PublicBookingInput) { in.Password = "short" }, "password"},
				{func(in *booking.PublicBookingInput) { in.Email = "not-an-address" }, "not an email address"},
				{func(in *booking.PublicBookingInput) { in.Start = time.Time{} }, "Choose a time"},
				{func(in *booking.PublicBookingInput) { in.Start = now.Add(-time.Hour) }, "times offered"},
			} {
				in := publicInput("third@example.org", slots.Starts[5])
				in.Address = "192.0.2.1"
				tc.edit(&in)
				_, err := e.svc.BookPublicConsultation(ctx, in)
				wantCode(t, err, clinic.Invalid, tc.want)
			}
			if got := patientTotal(t, e); got != before+1 {
				t.Fatalf("refused bookings wrote patients: %d, want %d", got, before+1)
			}
			// The next web patient gets the next number.
			res2, err := e.svc.BookPublicConsultation(ctx, publicInput("second@example.org", slots.Starts[4]))
			if err != nil {
				t.Fatal(err)
			}
			if res2.Patient.MRN != "WEB-000002" {
				t.Fatalf("second MRN %q", res2.Patient.MRN)
			}
		})
	}
}

func TestPublicBookingThrottle(t *testing.T) {
	t.Parallel()
	e := newBookingEnv(t, storetest.Engines()[0])
	ctx := t.Context()
	slots, err := e.svc.PublicConsultationSlots(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		in := publicInput(fmt.Sprintf("p%d@example.org", i), slots.Starts[0])
		in.Consent = false
		in.Address = "203.0.113.9"
		_, err := e.svc.BookPublicConsultation(ctx, in)
		wantCode(t, err, clinic.Invalid, "agree")
	}
	in := publicInput("late@example.org", slots.Starts[0])
	in.Address = "203.0.113.9"
	_, err = e.svc.BookPublicConsultation(ctx, in)
	wantCode(t, err, clinic.Forbidden, "Too many booking attempts")
	// Another address is not blocked, and an hour later this one is free again.
	in.Address = "203.0.113.10"
	if _, err := e.svc.BookPublicConsultation(ctx, in); err != nil {
		t.Fatalf("other address: %v", err)
	}
	e.clock.Advance(61 * time.Minute)
	slots, _ = e.svc.PublicConsultationSlots(ctx)
	in = publicInput("later@example.org", slots.Starts[0])
	in.Address = "203.0.113.9"
	if _, err := e.svc.BookPublicConsultation(ctx, in); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}

// Concurrent public bookings of the one room's same time: exactly one
// wins, the others are refused and write nothing; concurrent bookings of
// different times all succeed with distinct web MRNs.
func TestPublicBookingRace(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			e := newBookingEnv(t, engine)
			slots, err := e.svc.PublicConsultationSlots(ctx)
			if err != nil {
				t.Fatal(err)
			}
			before := patientTotal(t, e)
			const n = 6
			errs := make([]error, n)
			mrns := make([]string, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					in := publicInput(fmt.Sprintf("same%d@example.org", i), slots.Starts[0])
					in.Address = fmt.Sprintf("192.0.2.%d", i)
					_, errs[i] = e.svc.BookPublicConsultation(ctx, in)
				})
			}
			wg.Wait()
			won := 0
			for _, err := range errs {
				switch {
				case err == nil:
					won++
				case clinic.ErrorCode(err) != clinic.Conflict:
					t.Fatalf("loser refused with %v", err)
				}
			}
			if won != 1 || patientTotal(t, e) != before+1 {
				t.Fatalf("%d bookings of the same time won; patients %d, want %d", won, patientTotal(t, e), before+1)
			}
			// Times an hour apart (a consultation holds the one room for 60 minutes).
			var free []time.Time
			for _, st := range slots.Starts {
				if !st.Before(slots.Starts[0].Add(time.Hour)) && (len(free) == 0 || !st.Before(free[len(free)-1].Add(time.Hour))) {
					free = append(free, st)
				}
			}
			for i := range n {
				wg.Go(func() {
					in := publicInput(fmt.Sprintf("diff%d@example.org", i), free[i])
					in.Address = fmt.Sprintf("198.51.100.%d", i)
					res, err := e.svc.BookPublicConsultation(ctx, in)
					errs[i], mrns[i] = err, res.Patient.MRN
				})
			}
			wg.Wait()
			seen := map[string]bool{"WEB-000001": true}
			for i := range n {
				if errs[i] != nil || seen[mrns[i]] {
					t.Fatalf("booking %d: %v, MRN %q (seen %v)", i, errs[i], mrns[i], seen)
				}
				seen[mrns[i]] = true
			}
			if !seen[fmt.Sprintf("WEB-%06d", n+1)] {
				t.Fatalf("MRNs %v are not consecutive", seen)
			}
		})
	}
}
