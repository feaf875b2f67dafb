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
	"onset/internal/service/measurement"
	"onset/internal/service/outreach"
	"onset/internal/store/storetest"
)

// A clinic's settings sign its messages and set their clock, and its
// quiet hours hold messages until they end — by the clinic's wall clock,
// across a change to daylight saving time.
func TestClinicSettingsSignAndQuietMessages(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newMEnv(t, engine)
			ctx := t.Context()
			admin := service.Actor{ClinicID: e.clinic, Role: clinic.RoleAdmin, Name: "Admin"}
			if _, err := e.svc.SaveClinicSettings(ctx, e.nurse, record.ClinicSettings{Name: "X", Timezone: "UTC"}); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Fatalf("a nurse saved the clinic's settings: %v", err)
			}
			if _, err := e.svc.SaveClinicSettings(ctx, admin, record.ClinicSettings{Name: "Lakeside Clinic", Timezone: "America/Los_Angeles",
				SenderName: "Lakeside Care Team", ReplyTo: "desk@lakeside.example", QuietFrom: "21:00", QuietUntil: "08:00"}); err != nil {
				t.Fatal(err)
			}
			// Saturday 7 March 2026, 22:00 PST: quiet. The night ends at 08:00 PDT
			// on Sunday, after the clocks go forward: 15:00 UTC, 9 hours later.
			e.clock.Set(time.Date(2026, 3, 8, 6, 0, 0, 0, time.UTC))
			if _, err := e.svc.CreateLink(ctx, e.nurse, measurement.NewLink{PatientID: e.patient, Instrument: "phq9"}); err != nil {
				t.Fatal(err)
			}
			rec := &recorder{}
			run := func() outreach.OutboxReport {
				rep, err := e.svc.RunOutbox(ctx, outreach.OutboxOptions{BaseURL: "https://clinic.example", Sender: rec})
				if err != nil {
					t.Fatal(err)
				}
				return rep
			}
			if rep := run(); rep.Deferred != 1 || rep.Sent != 0 {
				t.Fatalf("in quiet hours: %+v", rep)
			}
			e.clock.Set(time.Date(2026, 3, 8, 14, 59, 0, 0, time.UTC)) // 07:59 PDT
			if rep := run(); rep.Sent != 0 {
				t.Fatalf("before the quiet hours end: %+v", rep)
			}
			e.clock.Set(time.Date(2026, 3, 8, 15, 0, 0, 0, time.UTC)) // 08:00 PDT
			if rep := run(); rep.Sent != 1 {
				t.Fatalf("when the quiet hours end: %+v", rep)
			}
			m := rec.msgs[0]
			if m.ClinicName != "Lakeside Care Team" || m.ReplyTo != "desk@lakeside.example" ||
				!strings.Contains(m.Subject, "Lakeside Clinic") || !strings.Contains(m.Body, "PDT") {
				t.Errorf("message: %+v", m)
			}
			st, err := e.svc.ClinicSettings(ctx, admin)
			if err != nil || st.Name != "Lakeside Clinic" || st.SavedByName != "Admin" || st.CrisisText == "" {
				t.Errorf("settings in force: %+v %v", st, err)
			}
		})
	}
}

// A clinic that reminds a day ahead queues nothing two days ahead.
func TestReminderLeadTimeIsTheClinics(t *testing.T) {
	t.Parallel()
	e := newBookingEnv(t, "sqlite")
	ctx := t.Context()
	admin := service.Actor{ClinicID: e.clinicID, Role: clinic.RoleAdmin, Name: "Admin"}
	if _, err := e.svc.SaveClinicSettings(ctx, admin, record.ClinicSettings{Name: "Test", Timezone: "Europe/Berlin", ReminderHours: 24}); err != nil {
		t.Fatal(err)
	}
	p, err := e.svc.CreatePatient(ctx, service.System(e.clinicID), record.NewPatient{MRN: "L-1", GivenName: "Lou", FamilyName: "F",
		Sex: "male", BirthDate: "1980-01-01", Email: "lou@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.BookAppointment(ctx, e.clinician, booking.BookingInput{PatientID: p.ID, Kind: schedule.Consultation,
		Start: berlin(t, "2026-06-01 10:00")}); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(berlin(t, "2026-05-30 11:00")) // 47 hours ahead
	if n, err := e.svc.ScheduleReminders(ctx, service.System(e.clinicID)); err != nil || n != 0 {
		t.Fatalf("two days ahead: %d %v", n, err)
	}
	e.clock.Set(berlin(t, "2026-05-31 11:00")) // 23 hours ahead
	if n, err := e.svc.ScheduleReminders(ctx, service.System(e.clinicID)); err != nil || n != 1 {
		t.Fatalf("a day ahead: %d %v", n, err)
	}
}
