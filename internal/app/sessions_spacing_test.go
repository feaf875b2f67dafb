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
	"onset/internal/service/floor"
	"onset/internal/service/treatment"
	"onset/internal/session"
	"onset/internal/store/storetest"
)

func ivDose(start, end string) treatment.DoseInput {
	return treatment.DoseInput{DoseMg: 35, ConcentrationMgPerML: 10, VolumeML: 3.5, RateMLPerHour: 155.3, DurationMin: 40,
		LotNumber: "KET-001", LotExpiry: "2027-01-31", Start: start, End: end}
}

// A 40-minute infusion entered without an end time ends 40 minutes after
// its start, and discharge follows from that end (it used to be recorded
// as a 0-minute infusion, allowing discharge 40 minutes early).
func TestBlankEndTakesTheInfusionTime(t *testing.T) {
	t.Parallel()
	for _, eng := range storetest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			e := newSessEnv(t, eng)
			ctx := t.Context()
			ts, err := e.svc.CheckInPatient(ctx, e.nurse, e.iv, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 35,
				Baseline: vitals(122, 78, 72, 98, 14, 0)})
			if err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(5 * time.Minute) // 08:05: the infusion starts and the nurse records it
			in := ivDose("", "")
			in.DurationMin = 0 // not entered: the plan's infusion time (40 min)
			d, err := e.svc.RecordDose(ctx, e.nurse, ts.ID, in)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.EndedAt.Sub(d.StartedAt); got != 40*time.Minute || d.DurationMin != 40 {
				t.Fatalf("infusion recorded as %v (%d min), want 40 min", got, d.DurationMin)
			}
			pg, err := e.svc.Session(ctx, e.nurse, ts.ID)
			if err != nil {
				t.Fatal(err)
			}
			// Racemic ketamine: 60 minutes of monitoring after the end (session.DefaultDischargeRules).
			if want := d.StartedAt.Add(100 * time.Minute); !pg.EarliestDischarge.Equal(want) {
				t.Errorf("earliest discharge %v, want %v", pg.EarliestDischarge, want)
			}
			e.clock.Advance(65 * time.Minute) // 09:10: 65 minutes after the start, 25 after the end
			if _, _, err := e.svc.RecordVitals(ctx, e.nurse, ts.ID, treatment.VitalsInput{Vitals: vitals(120, 78, 70, 98, 14, 5)}); err != nil {
				t.Fatal(err)
			}
			_, err = e.svc.Discharge(ctx, e.nurse, ts.ID, treatment.DischargeInput{AlertOriented: true, AdultPresent: true, Instructions: "Home."})
			wantErr(t, err, clinic.Conflict, "Minimum monitoring time")
		})
	}
}

// One treatment a clinic day and the plan's spacing, at check-in and at
// the dose; a clinician may override at check-in with a reason (audited),
// a nurse may not.
func TestDoseSpacingAtCheckInAndDose(t *testing.T) {
	t.Parallel()
	for _, eng := range storetest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			e := newSessEnv(t, eng)
			ctx := t.Context()
			checkIn := func(a service.Actor, reason string) (record.TreatmentSession, error) {
				return e.svc.CheckInPatient(ctx, a, e.iv, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 35,
					Baseline: vitals(122, 78, 72, 98, 14, 0), OverrideReason: reason})
			}
			first, err := checkIn(e.nurse, "")
			if err != nil {
				t.Fatal(err)
			}
			// A second check-in while the first session is open.
			_, err = checkIn(e.nurse, "")
			wantErr(t, err, clinic.Conflict, "still open")
			if _, err := e.svc.RecordDose(ctx, e.nurse, first.ID, ivDose("08:00", "08:40")); err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(66 * time.Minute) // 09:06: a second dose 66 minutes after the first
			before := e.counts(t, 0, e.iv)
			_, err = checkIn(e.nurse, "")
			wantErr(t, err, clinic.Conflict, "One treatment a day")
			_, err = checkIn(e.nurse, "the clinician said so")
			wantErr(t, err, clinic.Forbidden, "Only a clinician may override")
			if after := e.counts(t, 0, e.iv); after != before {
				t.Fatalf("refused check-ins stored rows: %v → %v", before, after)
			}
			// The next day is too soon for a 48-hour plan too.
			e.clock.Set(time.Date(2026, 6, 2, 8, 0, 0, 0, time.UTC))
			_, err = checkIn(e.nurse, "")
			wantErr(t, err, clinic.Conflict, "at least 2 days apart")
			// The clinician overrides with a reason; the override is kept and audited.
			second, err := checkIn(e.clinician, "Missed Monday's full dose: infusion stopped at 10 min for vomiting.")
			if err != nil {
				t.Fatal(err)
			}
			if second.SpacingOverrideByName != "Test clinician" || e.audits(t, service.ActSessionOverride, e.iv) != 1 {
				t.Errorf("override not recorded: %+v", second)
			}
			if _, err := e.svc.RecordDose(ctx, e.nurse, second.ID, ivDose("08:00", "")); err != nil {
				t.Fatalf("dose after an override: %v", err)
			}
			// Two days later the plan's spacing is met without an override.
			e.clock.Set(time.Date(2026, 6, 4, 8, 0, 0, 0, time.UTC))
			if _, err := checkIn(e.nurse, ""); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// A check-in is the patient's booked appointment of the day and gives
// that appointment's plan session; the dose marks the appointment
// attended, and the plan shows the dose against its session even when it
// was given before the plan's first day.
func TestCheckInTakesTheAppointmentAndPlanSession(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newBookingEnv(t, engine)
			ctx := t.Context()
			plan := e.signIV(t, e.patient) // Mon/Wed/Fri from Mon 1 June 2026
			slots, err := e.svc.FindPlanSlots(ctx, e.nurse, e.patient, berlin(t, "2026-06-01 00:00"), 2, schedule.At(9, 0), 0)
			if err != nil || len(slots) != 2 {
				t.Fatalf("%d slots: %v", len(slots), err)
			}
			booked, err := e.svc.BookSeries(ctx, e.nurse, []booking.BookingInput{slots[0].Input(e.patient), slots[1].Input(e.patient)})
			if err != nil {
				t.Fatal(err)
			}
			// The patient arrives for the second booked session (Wed 3 June, 09:00 Berlin).
			e.clock.Set(berlin(t, "2026-06-03 08:50"))
			ts, err := e.svc.CheckInPatient(ctx, e.nurse, e.patient, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 35,
				Baseline: session.Vitals{Systolic: 122, Diastolic: 78, HeartRate: 72, SpO2: 98, RespRate: 14}})
			if err != nil {
				t.Fatal(err)
			}
			if ts.AppointmentID != booked[1].ID || ts.PlanSession != 2 {
				t.Fatalf("check-in is appointment %d, plan session %d; want %d, 2", ts.AppointmentID, ts.PlanSession, booked[1].ID)
			}
			if _, err := e.svc.RecordDose(ctx, e.nurse, ts.ID, ivDose("", "")); err != nil {
				t.Fatal(err)
			}
			appts, err := e.svc.PatientAppointments(ctx, e.nurse, e.patient)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range appts {
				want := record.AppointmentBooked
				if a.ID == booked[1].ID {
					want = record.AppointmentAttended
				}
				if a.Status != want {
					t.Errorf("appointment %d is %s, want %s", a.ID, a.Status, want)
				}
			}
			pg, err := e.svc.PlanView(ctx, e.clinician, e.patient, plan.ID)
			if err != nil {
				t.Fatal(err)
			}
			if pg.Rows[0].Given != nil || pg.Rows[1].Given == nil {
				t.Errorf("the dose is not on plan session 2: %+v", pg.Rows[:2])
			}
		})
	}
}

// A walk-in the day before the plan's first day gives the plan's first
// session, and the plan shows it there.
func TestDoseBeforeThePlansFirstDayIsOnThePlan(t *testing.T) {
	t.Parallel()
	e := newPlanEnv(t, "sqlite") // the clock is 20 May 2026
	ctx := t.Context()
	plan, err := e.svc.CreatePlan(ctx, e.clinician, e.patient, ivInput()) // from Mon 1 June
	if err != nil {
		t.Fatal(err)
	}
	if plan, err = e.svc.SignPlan(ctx, e.clinician, e.patient, plan.ID); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(time.Date(2026, 5, 31, 9, 0, 0, 0, time.UTC))
	ts, err := e.svc.CheckInPatient(ctx, e.nurse, e.patient, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 35,
		Baseline: session.Vitals{Systolic: 122, Diastolic: 78, HeartRate: 72, SpO2: 98, RespRate: 14}})
	if err != nil {
		t.Fatal(err)
	}
	if ts.PlanSession != 1 {
		t.Fatalf("walk-in gives plan session %d, want 1", ts.PlanSession)
	}
	if _, err := e.svc.RecordDose(ctx, e.nurse, ts.ID, ivDose("", "")); err != nil {
		t.Fatal(err)
	}
	pg, err := e.svc.PlanView(ctx, e.clinician, e.patient, plan.ID)
	if err != nil {
		t.Fatal(err)
	}
	if pg.Rows[0].Given == nil {
		t.Error("the dose of 31 May is not on the plan's first session")
	}
}

// Vital signs not taken on time are overdue on the session page, and each
// reading's values outside the alert limits are marked.
func TestVitalsOverdueAndFlagged(t *testing.T) {
	t.Parallel()
	e := newSessEnv(t, "sqlite")
	ctx := t.Context()
	ts, err := e.svc.CheckInPatient(ctx, e.nurse, e.iv, treatment.CheckIn{Checklist: okChecklist(), PlannedDoseMg: 35,
		Baseline: vitals(122, 78, 72, 98, 14, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.RecordVitals(ctx, e.nurse, ts.ID, treatment.VitalsInput{Vitals: vitals(170, 84, 80, 90, 14, 5)}); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(25 * time.Minute) // due every 15 min before the dose (the clinic's default interval)
	pg, err := e.svc.Session(ctx, e.nurse, ts.ID)
	if err != nil {
		t.Fatal(err)
	}
	if pg.VitalsOverdue != 10*time.Minute {
		t.Errorf("overdue by %v, want 10m", pg.VitalsOverdue)
	}
	f := pg.VitalsFlags[pg.Record.Vitals[0].ID]
	if !f.BP || !f.SpO2 || f.HeartRate {
		t.Errorf("flags %+v, want BP and SpO2", f)
	}
	if n := len(pg.Record.Alerts); n != 1 {
		t.Errorf("%d alerts for one reading, want 1", n)
	}
	// The room lists it, and the watcher tells the clinicians once.
	ps, err := e.svc.RoomProblems(ctx, e.clinician)
	if err != nil || len(ps) == 0 || ps[0].Kind != floor.RoomVitalsOverdue || ps[0].SessionID != ts.ID {
		t.Fatalf("room problems %+v %v", ps, err)
	}
	if rec, err := e.svc.Patient(ctx, e.clinician, ts.PatientID); err != nil || ps[0].PatientName != rec.Patient.Name() {
		t.Errorf("overdue problem names %q, want the patient's name (%v)", ps[0].PatientName, err)
	}
	watch, err := e.svc.WatchRoom(ctx, e.clinician)
	if err != nil {
		t.Fatal(err)
	}
	go e.svc.WatchOverdueVitals(ctx, 5*time.Millisecond)
	if p := <-watch; p.Kind != floor.RoomVitalsOverdue || !strings.Contains(p.Message, "overdue by 10 min") {
		t.Errorf("pushed %+v", p)
	}
	select {
	case p := <-watch:
		t.Errorf("told twice: %+v", p)
	case <-time.After(50 * time.Millisecond):
	}
}
