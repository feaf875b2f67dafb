package app_test

import (
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service"
	"onset/internal/service/booking"
	"onset/internal/store"
)

// TestBookedSessionGetsAQuestionnaireBefore: a first infusion booked for
// tomorrow makes the schedule send the baseline questionnaire now, once;
// a consultation does not.
func TestBookedSessionGetsAQuestionnaireBefore(t *testing.T) {
	t.Parallel()
	e := newBookingEnv(t, store.SQLite)
	ctx := t.Context()
	e.signIV(t, e.patient)
	start := berlin(t, "2026-06-01 09:00")
	if _, err := e.svc.BookAppointment(ctx, e.front, booking.BookingInput{PatientID: e.patient, Kind: schedule.Infusion, Start: start}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.BookAppointment(ctx, e.front, booking.BookingInput{PatientID: e.other, Kind: schedule.Consultation, Start: start}); err != nil {
		t.Fatal(err)
	}
	sys := service.System(e.clinicID)
	e.clock.Set(start.Add(-72 * time.Hour)) // too early: the window opens 48 h before
	if n, err := e.svc.ScheduleLinks(ctx, sys); err != nil || n != 0 {
		t.Fatalf("72 h before: %d links, %v", n, err)
	}
	e.clock.Set(start.Add(-20 * time.Hour))
	for i, want := range []int{1, 0} { // the second run finds the open link
		if n, err := e.svc.ScheduleLinks(ctx, sys); err != nil || n != want {
			t.Fatalf("run %d: %d links, want %d (%v)", i+1, n, want, err)
		}
	}
	links, err := e.svc.PatientLinks(ctx, sys, e.patient)
	if err != nil || len(links) != 1 || links[0].Instrument != "phq9" || !strings.HasPrefix(links[0].Reason, "before your session") {
		t.Fatalf("links %+v %v", links, err)
	}
	if other, _ := e.svc.PatientLinks(ctx, sys, e.other); len(other) != 0 {
		t.Errorf("a consultation made a questionnaire link: %+v", other)
	}
}

// TestClinicCadenceOpensQuestionnairesEarlier: a clinic that opens a
// session's questionnaire 72 hours ahead gets the link 60 hours before,
// when the default (48 h) would make nothing yet.
func TestClinicCadenceOpensQuestionnairesEarlier(t *testing.T) {
	t.Parallel()
	e := newBookingEnv(t, store.SQLite)
	ctx := t.Context()
	e.signIV(t, e.patient)
	start := berlin(t, "2026-06-01 09:00")
	if _, err := e.svc.BookAppointment(ctx, e.front, booking.BookingInput{PatientID: e.patient, Kind: schedule.Infusion, Start: start}); err != nil {
		t.Fatal(err)
	}
	sys := service.System(e.clinicID)
	e.clock.Set(start.Add(-60 * time.Hour))
	if n, err := e.svc.ScheduleLinks(ctx, sys); err != nil || n != 0 {
		t.Fatalf("default cadence, 60 h before: %d links, %v", n, err)
	}
	admin := service.Actor{ClinicID: e.clinicID, Role: clinic.RoleAdmin, Name: "Admin"}
	if _, err := e.svc.SaveClinicSettings(ctx, admin, record.ClinicSettings{Name: "Test", Timezone: "Europe/Berlin",
		PreSessionHours: 72}); err != nil {
		t.Fatal(err)
	}
	if n, err := e.svc.ScheduleLinks(ctx, sys); err != nil || n != 1 {
		t.Fatalf("72-hour cadence, 60 h before: %d links, %v", n, err)
	}
}
