package app_test

import (
	"fmt"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/scales"
	"onset/internal/schedule"
	"onset/internal/service"
	"onset/internal/service/booking"
	"onset/internal/service/measurement"
	"onset/internal/store"
	"onset/internal/store/storetest"
)

// The service decides who may do what (issue 10 §2): rules a page applies
// by showing or hiding a choice are repeated here, so a forged request, the
// API or another caller meets the same rule.

// TestRecordAssessmentPatientRules: a patient records only self-report
// instruments and never chooses when the answers were taken.
func TestRecordAssessmentPatientRules(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newMEnv(t, engine)
			ctx := t.Context()
			pat := service.Actor{ClinicID: e.clinic, Role: clinic.RolePatient, PatientID: e.patient}
			for _, src := range []string{measurement.SourcePortal, measurement.SourceAPI, measurement.SourceStaff} {
				for _, id := range []string{scales.MADRS, scales.CADSS, scales.YBOCS, scales.CSSRS} {
					in, _ := scales.Lookup(id)
					answers := make([]int, len(in.Items))
					if id == scales.CSSRS {
						for i, it := range in.Items {
							if it.AskedIf != 0 {
								answers[i] = scales.Skipped
							}
						}
					}
					_, err := e.svc.RecordAssessment(ctx, pat, measurement.NewAssessment{PatientID: e.patient, Instrument: id,
						Answers: answers, Source: src})
					if clinic.ErrorCode(err) != clinic.Forbidden {
						t.Errorf("patient records %s by %s: %v", id, src, err)
					}
				}
				_, err := e.svc.RecordAssessment(ctx, pat, measurement.NewAssessment{PatientID: e.patient, Instrument: scales.PHQ9,
					Answers: phqNoRisk, Source: src, TakenAt: e.clock.Now().Add(-48 * time.Hour)})
				if clinic.ErrorCode(err) != clinic.Forbidden {
					t.Errorf("patient chooses taken_at by %s: %v", src, err)
				}
			}
			if n, _, _ := e.counts(t); n != 0 {
				t.Fatalf("%d assessments stored from refused patient submissions", n)
			}
			rec, err := e.svc.RecordAssessment(ctx, pat, measurement.NewAssessment{PatientID: e.patient, Instrument: scales.PHQ9,
				Answers: phqNoRisk, Source: measurement.SourceAPI})
			if err != nil || !rec.Assessment.TakenAt.Equal(e.clock.Now()) {
				t.Fatalf("patient PHQ-9: %v at %v", err, rec.Assessment.TakenAt)
			}
			// Staff rate the clinician scales at the time they say.
			cadss, _ := scales.Lookup(scales.CADSS)
			at := e.clock.Now().Add(-2 * time.Hour)
			rec, err = e.svc.RecordAssessment(ctx, e.nurse, measurement.NewAssessment{PatientID: e.patient, Instrument: scales.CADSS,
				Answers: make([]int, len(cadss.Items)), Source: measurement.SourceStaff, TakenAt: at})
			if err != nil || !rec.Assessment.TakenAt.Equal(at) {
				t.Errorf("nurse CADSS: %v at %v", err, rec.Assessment.TakenAt)
			}
			// A questionnaire link is answered by the patient: never a clinician scale.
			_, err = e.svc.CreateLink(ctx, e.nurse, measurement.NewLink{PatientID: e.patient, Instrument: scales.CADSS})
			if clinic.ErrorCode(err) != clinic.Invalid {
				t.Errorf("a CADSS link: %v", err)
			}
		})
	}
}

// TestPublicBookingOnlyOfferedTimes: the public page offers consultation
// times from two hours to three weeks ahead, on the half hour; a forged
// form with another time is refused and registers nobody.
func TestPublicBookingOnlyOfferedTimes(t *testing.T) {
	t.Parallel()
	e := newBookingEnv(t, store.SQLite)
	ctx := t.Context()
	slots, err := e.svc.PublicConsultationSlots(ctx)
	if err != nil || len(slots.Starts) == 0 {
		t.Fatalf("slots: %v", err)
	}
	first := slots.Starts[0]
	before := patientTotal(t, e)
	for _, start := range []time.Time{first.Add(7 * time.Minute), e.clock.Now().Add(30 * time.Minute).Truncate(30 * time.Minute),
		first.AddDate(0, 6, 0), first.AddDate(1, 0, 0)} {
		_, err := e.svc.BookPublicConsultation(ctx, publicInput(fmt.Sprintf("x%d@example.org", start.Unix()), start))
		wantCode(t, err, clinic.Invalid, "times offered")
	}
	if n := patientTotal(t, e) - before; n != 0 {
		t.Errorf("%d patients registered from forged times", n)
	}
	if _, err := e.svc.BookPublicConsultation(ctx, publicInput("ok@example.org", first)); err != nil {
		t.Errorf("an offered time: %v", err)
	}
}

// TestBookingPatientRules: the appointments page offers repeating series
// and the waitlist's names to staff only; the service keeps to that.
func TestBookingPatientRules(t *testing.T) {
	t.Parallel()
	e := newBookingEnv(t, store.SQLite)
	ctx := t.Context()
	_, err := e.svc.BookRecurring(ctx, e.patientActor, booking.BookingInput{PatientID: e.patient, Kind: schedule.Consultation,
		Start: berlin(t, "2026-05-26 15:00")}, "weekly for 4 weeks")
	wantCode(t, err, clinic.Forbidden, "")
	if as, err := e.svc.PatientAppointments(ctx, e.front, e.patient); err != nil || len(as) != 0 {
		t.Fatalf("%d appointments after a refused series (%v)", len(as), err)
	}
	ap, err := e.svc.BookAppointment(ctx, e.patientActor, booking.BookingInput{PatientID: e.patient, Kind: schedule.Consultation,
		Start: berlin(t, "2026-05-26 15:00")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddToWaitlist(ctx, e.front, record.WaitlistEntry{PatientID: e.other, Kind: schedule.Consultation}); err != nil {
		t.Fatal(err)
	}
	_, offers, err := e.svc.CancelAppointment(ctx, e.patientActor, ap.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(offers) != 0 {
		t.Errorf("a patient's cancellation returned another patient's waitlist entry: %+v", offers)
	}
}
