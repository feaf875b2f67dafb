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
	"onset/internal/service/outreach"
	"onset/internal/store"
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
			// Staff see the three in the patient's delivery log, newest first.
			log, err := e.svc.PatientMessages(ctx, e.front, p.ID)
			if err != nil || len(log.Notices) != 3 || log.Notices[0].Kind != record.NoticeCancelled ||
				log.Notices[2].Kind != record.NoticeBooked || log.Notices[1].Status != record.OutboxSent {
				t.Fatalf("delivery log: %+v %v", log.Notices, err)
			}
		})
	}
}

// A series booked at once is one message listing every visit, with the
// clinic's own instructions; a visit booked later on its own is not
// listed in it.
func TestSeriesIsOneNotice(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	e := newBookingEnv(t, store.SQLite)
	admin := service.Actor{ClinicID: e.clinicID, Role: clinic.RoleAdmin, Name: "Admin"}
	if _, err := e.svc.SaveClinicSettings(ctx, admin, record.ClinicSettings{Name: "Lakeside", Timezone: "Europe/Berlin",
		TreatmentInstructions: "Nothing to eat for 6 hours before.\n\n- Bring your glasses.", SenderEmail: "desk@lakeside.example",
		SMSFrom: "+49 30 1234567"}); err != nil {
		t.Fatal(err)
	}
	p, err := e.svc.CreatePatient(ctx, service.System(e.clinicID), record.NewPatient{MRN: "S-1", GivenName: "Sol",
		FamilyName: "F", Sex: "female", BirthDate: "1980-01-01", Email: "sol@example.org", Phone: "+4915112345678"})
	if err != nil {
		t.Fatal(err)
	}
	e.signIV(t, p.ID)
	var ins []booking.BookingInput
	for _, day := range []string{"2026-06-01", "2026-06-04", "2026-06-08"} {
		ins = append(ins, booking.BookingInput{PatientID: p.ID, Kind: schedule.Infusion, Start: berlin(t, day+" 10:00")})
	}
	if _, err := e.svc.BookSeries(ctx, e.front, ins); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	if _, err := e.svc.RunOutbox(ctx, outreach.OutboxOptions{BaseURL: "https://clinic.example", Sender: rec}); err != nil {
		t.Fatal(err)
	}
	var email []outreach.Message
	for _, m := range rec.msgs {
		if m.Channel == outreach.ChannelEmail {
			email = append(email, m)
		}
		// Each goes from the clinic's own sender for its channel.
		if want := map[string]string{outreach.ChannelEmail: "desk@lakeside.example", outreach.ChannelSMS: "+49301234567"}[m.Channel]; m.From != want {
			t.Errorf("%s message from %q, want %q", m.Channel, m.From, want)
		}
	}
	if len(email) != 1 {
		t.Fatalf("%d emails for a series of three, want one: %+v", len(email), email)
	}
	m := email[0]
	for _, want := range []string{"Booked: 3 visits from Mon 1 Jun", "Monday 1 June 2026 at 10:00 CEST",
		"treatment session: Thursday 4 June 2026 at 10:00 CEST", "treatment session: Monday 8 June 2026 at 10:00 CEST",
		"Nothing to eat for 6 hours before.", "- Bring your glasses."} {
		if !strings.Contains(m.Subject+"\n"+m.Body, want) {
			t.Errorf("the series notice lacks %q:\n%s\n%s", want, m.Subject, m.Body)
		}
	}
	if strings.Contains(m.Body, "responsible adult") || !strings.Contains(m.HTML, "<li>Bring your glasses.</li>") {
		t.Errorf("the clinic's own instructions should replace the defaults:\n%s\n%s", m.Body, m.HTML)
	}
	// Booked alone later: its own notice, which lists nothing else.
	e.clock.Advance(time.Minute)
	if _, err := e.svc.BookAppointment(ctx, e.front, booking.BookingInput{PatientID: p.ID, Kind: schedule.Infusion,
		Start: berlin(t, "2026-05-28 10:00")}); err != nil {
		t.Fatal(err)
	}
	before := len(rec.msgs)
	if _, err := e.svc.RunOutbox(ctx, outreach.OutboxOptions{BaseURL: "https://clinic.example", Sender: rec}); err != nil {
		t.Fatal(err)
	}
	for _, m := range rec.msgs[before:] {
		if m.Channel == outreach.ChannelEmail && (strings.Contains(m.Body, "visits after it") || !strings.Contains(m.Subject, "Booked: your treatment session")) {
			t.Errorf("a single booking's notice: %s\n%s", m.Subject, m.Body)
		}
	}
}
