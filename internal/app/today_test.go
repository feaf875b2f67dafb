package app_test

import (
	"testing"

	"onset/internal/clinic"
	"time"

	"onset/internal/schedule"
	"onset/internal/service/booking"
	"onset/internal/service/floor"
	"onset/internal/service/treatment"
	"onset/internal/session"
	"onset/internal/store/storetest"
)

// The board follows a patient through the day: booked, checked in,
// dosing, monitoring with its unmet criteria and overdue vitals, ready
// for discharge; a walk-in appears in its own lane.
func TestTodayBoardFollowsTheDay(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newBookingEnv(t, engine)
			ctx := t.Context()
			e.signIV(t, e.patient)
			slots, err := e.svc.FindPlanSlots(ctx, e.nurse, e.patient, berlin(t, "2026-06-01 00:00"), 1, schedule.At(9, 0), 0)
			if err != nil || len(slots) != 1 {
				t.Fatalf("%d slots: %v", len(slots), err)
			}
			if _, err := e.svc.BookSeries(ctx, e.nurse, []booking.BookingInput{slots[0].Input(e.patient)}); err != nil {
				t.Fatal(err)
			}
			state := func(want floor.BoardState) floor.BoardCard {
				t.Helper()
				b, err := e.svc.TodayBoard(ctx, e.front)
				if err != nil {
					t.Fatal(err)
				}
				for _, l := range b.Lanes {
					for _, c := range l.Cards {
						if c.PatientID == e.patient {
							if c.State != want {
								t.Fatalf("at %v the card is %q, want %q", e.clock.Now(), c.State, want)
							}
							if l.Name != "Chair 1" && l.Name != "Chair 2" {
								t.Errorf("the card is in lane %q", l.Name)
							}
							return c
						}
					}
				}
				t.Fatalf("no card for the patient at %v", e.clock.Now())
				return floor.BoardCard{}
			}
			e.clock.Set(berlin(t, "2026-06-01 08:40"))
			if c := state(floor.BoardBooked); c.NextAction != "Check in" {
				t.Errorf("next action %q", c.NextAction)
			}
			// The front desk sees them arrive: waiting, still to check in; once only.
			c := state(floor.BoardBooked)
			if _, err := e.svc.MarkArrived(ctx, e.patientActor, c.Appointment.ID); clinic.ErrorCode(err) != clinic.Forbidden {
				t.Errorf("a patient marked their own arrival: %v", err)
			}
			if _, err := e.svc.MarkArrived(ctx, e.front, c.Appointment.ID); err != nil {
				t.Fatal(err)
			}
			if c := state(floor.BoardArrived); c.NextAction != "Check in" {
				t.Errorf("arrived: next action %q", c.NextAction)
			}
			if _, err := e.svc.MarkArrived(ctx, e.front, c.Appointment.ID); clinic.ErrorCode(err) != clinic.Conflict {
				t.Errorf("marked arrived twice: %v", err)
			}
			ts, err := e.svc.CheckInPatient(ctx, e.nurse, e.patient, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 35,
				Baseline: session.Vitals{Systolic: 122, Diastolic: 78, HeartRate: 72, SpO2: 98, RespRate: 14}})
			if err != nil {
				t.Fatal(err)
			}
			state(floor.BoardCheckedIn)
			if _, err := e.svc.RecordDose(ctx, e.nurse, ts.ID, ivDose("", "")); err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(20 * time.Minute)
			if c := state(floor.BoardDosing); c.Overdue != 10*time.Minute {
				t.Errorf("vitals overdue by %v during the infusion, want 10m", c.Overdue)
			}
			e.clock.Advance(30 * time.Minute) // the infusion ended 10 minutes ago
			if c := state(floor.BoardMonitoring); len(c.Unmet) == 0 {
				t.Error("monitoring without unmet criteria")
			}
			e.clock.Advance(55 * time.Minute)
			if _, _, err := e.svc.RecordVitals(ctx, e.nurse, ts.ID, treatment.VitalsInput{Vitals: vitals(120, 78, 70, 98, 14, 5)}); err != nil {
				t.Fatal(err)
			}
			if c := state(floor.BoardReady); c.NextAction != "Discharge" || c.Overdue != 0 {
				t.Errorf("ready card %+v", c)
			}
			// Another patient walks in without a booking.
			e.signIV(t, e.other)
			if _, err := e.svc.CheckInPatient(ctx, e.nurse, e.other, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 35,
				Baseline: session.Vitals{Systolic: 122, Diastolic: 78, HeartRate: 72, SpO2: 98, RespRate: 14}}); err != nil {
				t.Fatal(err)
			}
			b, err := e.svc.TodayBoard(ctx, e.nurse)
			if err != nil {
				t.Fatal(err)
			}
			last := b.Lanes[len(b.Lanes)-1]
			if last.Name != "Walk-ins and unbooked" || len(last.Cards) != 1 || last.Cards[0].PatientID != e.other {
				t.Fatalf("walk-in lane %+v", last)
			}
			if rec, err := e.svc.Patient(ctx, e.nurse, e.other); err != nil || last.Cards[0].PatientName != rec.Patient.Name() {
				t.Errorf("walk-in card names %q, want the patient's name (%v)", last.Cards[0].PatientName, err)
			}
		})
	}
}
