package app_test

import (
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/schedule"
	"onset/internal/service"
	"onset/internal/service/booking"
	"onset/internal/service/plans"
	"onset/internal/service/signoff"
	"onset/internal/store/storetest"
)

// TestEsketamineBookingNeedsREMSEnrolment: with a signed esketamine plan,
// an unenrolled patient cannot be booked (nothing is stored); once the
// enrolment is recorded, the same booking succeeds.
func TestEsketamineBookingNeedsREMSEnrolment(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			e := newBookingEnv(t, engine)
			ctx := t.Context()
			p, err := e.svc.CreatePlan(ctx, e.clinician, e.other, plans.PlanInput{TemplateID: "esketamine-trd", WeightKg: 80,
				Start: "2026-06-02", Weekdays: []time.Weekday{time.Tuesday, time.Friday}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.SignPlan(ctx, e.clinician, e.other, p.ID); err != nil {
				t.Fatal(err)
			}
			in := booking.BookingInput{PatientID: e.other, Kind: schedule.Esketamine, Start: berlin(t, "2026-06-02 09:00")}
			_, err = e.svc.BookAppointment(ctx, e.front, in)
			wantCode(t, err, clinic.Conflict, "not enrolled in the Spravato REMS")
			if n := e.auditCount(t, service.ActAppointmentBook); n != 0 {
				t.Errorf("a refused booking wrote %d audit rows", n)
			}
			if _, err := e.svc.RecordREMSEnrolment(ctx, e.nurse, e.other, signoff.REMSEnrolmentInput{Enrolled: "yes", EnrolledOn: "2026-05-15"}); err != nil {
				t.Fatal(err)
			}
			a, err := e.svc.BookAppointment(ctx, e.front, in)
			if err != nil {
				t.Fatal(err)
			}
			if a.PlanID != p.ID || a.Kind != schedule.Esketamine {
				t.Errorf("booked %+v", a)
			}
		})
	}
}
