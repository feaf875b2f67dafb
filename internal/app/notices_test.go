package app_test

import (
	"strings"
	"testing"

	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service"
	"onset/internal/service/booking"
	"onset/internal/service/outreach"
	"onset/internal/store/storetest"
)

// A patient is told, once each, that an appointment was booked, moved and
// cancelled, at the clinic's local time, naming no medication.
func TestAppointmentNotices(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			e := newBookingEnv(t, engine)
			p, err := e.svc.CreatePatient(ctx, service.System(e.clinicID), record.NewPatient{MRN: "N-1", GivenName: "Nia",
				FamilyName: "F", Sex: "female", BirthDate: "1980-01-01", Email: "nia@example.org"})
			if err != nil {
				t.Fatal(err)
			}
			e.signIV(t, p.ID)
			rec := &recorder{}
			run := func() []outreach.Message {
				before := len(rec.msgs)
				if _, err := e.svc.RunOutbox(ctx, outreach.OutboxOptions{BaseURL: "https://clinic.example", Sender: rec}); err != nil {
					t.Fatal(err)
				}
				return rec.msgs[before:]
			}
			ap, err := e.svc.BookAppointment(ctx, e.clinician, booking.BookingInput{PatientID: p.ID, Kind: schedule.Infusion, Start: berlin(t, "2026-06-01 10:00")})
			if err != nil {
				t.Fatal(err)
			}
			got := run()
			if len(got) != 1 || !strings.Contains(got[0].Subject, "Booked: your treatment session on Mon 1 Jun at 10:00") ||
				!strings.Contains(got[0].Body, "responsible adult") || strings.Contains(got[0].Body+got[0].HTML, "ketamine") {
				t.Fatalf("booked: %+v", got)
			}
			if again := run(); len(again) != 0 {
				t.Fatalf("sent again: %+v", again)
			}
			if _, err := e.svc.RescheduleAppointment(ctx, e.front, ap.ID, berlin(t, "2026-06-01 11:00")); err != nil {
				t.Fatal(err)
			}
			if got := run(); len(got) != 1 || !strings.Contains(got[0].Body, "is now on Monday 1 June 2026 at 11:00 CEST") {
				t.Fatalf("moved: %+v", got)
			}
			if _, _, err := e.svc.CancelAppointment(ctx, e.front, ap.ID, "patient called"); err != nil {
				t.Fatal(err)
			}
			if got := run(); len(got) != 1 || !strings.Contains(got[0].Body, "on Monday 1 June 2026 at 11:00 CEST is cancelled") {
				t.Fatalf("cancelled: %+v", got)
			}
		})
	}
}
