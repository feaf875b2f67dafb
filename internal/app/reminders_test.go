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
	"onset/internal/store/storetest"
)

// reminders are the appointment reminders among the recorded messages.
func (r *recorder) reminders() []outreach.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []outreach.Message
	for _, m := range r.msgs {
		if strings.Contains(m.Body, "reminder of your ") {
			out = append(out, m)
		}
	}
	return out
}

func TestPreVisitInstructions(t *testing.T) {
	t.Parallel()
	loc, _ := time.LoadLocation("Europe/Berlin")
	p := clinic.Patient{GivenName: "Ada"}
	start := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		kind schedule.Kind
		want []string
		not  []string
	}{
		{schedule.Consultation, []string{"consultation", "list of all the medicines"}, []string{"drive", "fasting"}},
		{schedule.Infusion, []string{"treatment session", "responsible adult", "rest of the day", "fasting instructions"}, []string{"2 hours"}},
		{schedule.Injection, []string{"treatment session", "responsible adult", "rest of the day", "fasting instructions"}, []string{"2 hours"}},
		{schedule.Esketamine, []string{"treatment session", "at least 2 hours", "until the next day, after a restful sleep"}, []string{"rest of the day"}},
	} {
		m := outreach.ReminderMessage(record.ClinicSettings{Name: "Onset Clinic"}, p, record.Appointment{Kind: tc.kind, Start: start}, loc, "email", "ada@example.org")
		text := m.Subject + "\n" + m.Body + "\n" + m.HTML
		// The minimum necessary: no medication named in a message.
		tc.not = append(tc.not, "ketamine", "Ketamine", "esketamine", "Spravato", "infusion", "injection", "nasal")
		if !strings.Contains(m.Body, "Monday 1 June 2026 at 10:00 CEST") || !strings.Contains(m.HTML, "<strong>Monday 1 June 2026 at 10:00 CEST</strong>") ||
			!strings.Contains(m.Body, "Hello Ada") ||
			m.Channel != "email" || m.Recipient != "ada@example.org" {
			t.Errorf("%s: %q", tc.kind, text)
		}
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: lacks %q:\n%s", tc.kind, w, text)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(text, w) {
				t.Errorf("%s: should not say %q:\n%s", tc.kind, w, text)
			}
		}
	}
}

func TestAppointmentReminders(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			e := newBookingEnv(t, engine)
			sys := service.System(e.clinicID)
			mk := func(mrn, email, phone string) int64 {
				p, err := e.svc.CreatePatient(ctx, sys, record.NewPatient{MRN: mrn, GivenName: "Given" + mrn, FamilyName: "F",
					Sex: "female", BirthDate: "1980-01-01", Email: email, Phone: phone})
				if err != nil {
					t.Fatal(err)
				}
				return p.ID
			}
			a, b, c := mk("A", "a@example.org", ""), mk("B", "", "+15550100"), mk("C", "", "")
			e.signIV(t, a)
			book := func(pid int64, kind schedule.Kind, at string) record.Appointment {
				t.Helper()
				ap, err := e.svc.BookAppointment(ctx, e.clinician, booking.BookingInput{PatientID: pid, Kind: kind, Start: berlin(t, at)})
				if err != nil {
					t.Fatalf("book %s at %s: %v", kind, at, err)
				}
				return ap
			}
			book(a, schedule.Infusion, "2026-06-01 10:00")
			consB := book(b, schedule.Consultation, "2026-06-01 08:00")
			book(c, schedule.Consultation, "2026-06-01 09:00")
			book(b, schedule.Consultation, "2026-06-05 10:00")
			run := func(rec *recorder) outreach.OutboxReport {
				t.Helper()
				rep, err := e.svc.RunOutbox(ctx, outreach.OutboxOptions{BaseURL: "https://clinic.example", Sender: rec})
				if err != nil {
					t.Fatal(err)
				}
				return rep
			}
			// Twelve days ahead: nothing to remind yet.
			rec := &recorder{}
			if rep := run(rec); rep.Reminders != 0 || len(rec.reminders()) != 0 {
				t.Fatalf("early run: %+v", rep)
			}
			// Saturday 30 May 11:00 Berlin: Monday's visits until 10:00 are 47 hours away or less.
			e.clock.Set(berlin(t, "2026-05-30 11:00"))
			rep := run(rec)
			got := rec.reminders()
			if rep.Reminders != 2 || len(got) != 2 {
				t.Fatalf("run: %+v, %d reminders: %+v", rep, len(got), got)
			}
			byTo := map[string]outreach.Message{}
			for _, m := range got {
				byTo[m.Recipient] = m
			}
			iv, cons := byTo["a@example.org"], byTo["+15550100"]
			if iv.Channel != "email" || !strings.Contains(iv.Body, "responsible adult") || !strings.Contains(iv.Body, "Monday 1 June 2026 at 10:00") ||
				!strings.Contains(iv.Subject, "treatment session") || !strings.Contains(iv.Body, "Hello GivenA") {
				t.Fatalf("IV reminder: %+v", iv)
			}
			if cons.Channel != "sms" || !strings.Contains(cons.Body, "list of all the medicines") || !strings.Contains(cons.Body, "08:00") {
				t.Fatalf("consultation reminder: %+v", cons)
			}
			// Idempotent: a second run queues and sends nothing new.
			if rep := run(rec); rep.Reminders != 0 || len(rec.reminders()) != 2 {
				t.Fatalf("second run: %+v", rep)
			}
			// A moved appointment gets a reminder for its new time.
			if _, err := e.svc.RescheduleAppointment(ctx, e.front, consB.ID, berlin(t, "2026-06-01 10:00")); err != nil {
				t.Fatal(err)
			}
			if rep := run(rec); rep.Reminders != 1 || len(rec.reminders()) != 3 || !strings.Contains(rec.reminders()[2].Body, "at 10:00") {
				t.Fatalf("after the move: %+v %+v", rep, rec.reminders())
			}
			// A failed delivery is retried; cancelled meanwhile, it is closed unsent.
			late := book(a, schedule.Consultation, "2026-06-01 08:00")
			down := &recorder{fail: true}
			// Down: the new reminder and the booking's notice both fail.
			if rep := run(down); rep.Reminders != 1 || rep.Failed != 2 {
				t.Fatalf("failing run: %+v", rep)
			}
			if _, _, err := e.svc.CancelAppointment(ctx, e.front, late.ID, "patient called"); err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(20 * time.Minute)
			// The reminder is closed unsent, the stale booking notice given up, and the
			// cancellation's notice sent.
			if rep := run(rec); rep.Reminders != 0 || rep.Sent != 1 || rep.Failed != 1 || len(rec.reminders()) != 3 {
				t.Fatalf("after the cancellation: %+v", rep)
			}
			rs, err := e.svc.PatientReminders(ctx, e.front, a)
			if err != nil || len(rs) != 2 {
				t.Fatalf("A's reminders: %v %+v", err, rs)
			}
			if rs[0].Status != record.OutboxSent || rs[1].Status != record.OutboxCancelled || rs[1].Attempts != 1 || rs[1].LastError != "gateway down" {
				t.Fatalf("A's reminders: %+v", rs)
			}
			if rs, _ := e.svc.PatientReminders(ctx, e.front, c); len(rs) != 0 {
				t.Fatalf("a patient with no contact got %d reminders", len(rs))
			}
			audit, err := e.svc.AuditLog(ctx, sys, clinic.AuditFilter{Action: "reminder.queue"})
			if err != nil || len(audit) != 4 {
				t.Fatalf("reminder.queue audit rows: %v %d", err, len(audit))
			}
			if _, err := e.svc.ScheduleReminders(ctx, e.clinician); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Fatalf("clinician scheduling reminders: %v", err)
			}
		})
	}
}
