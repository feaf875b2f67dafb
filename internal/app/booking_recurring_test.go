package app_test

import (
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/schedule"
	"onset/internal/service"
	"onset/internal/service/booking"
	"onset/internal/store"
)

func TestBookRecurringSeries(t *testing.T) {
	t.Parallel()
	e := newBookingEnv(t, store.SQLite)
	ctx := t.Context()
	first := berlin(t, "2026-06-01 09:00") // a Monday
	in := booking.BookingInput{PatientID: e.other, Kind: schedule.FollowUp, Start: first}
	got, err := e.svc.BookRecurring(ctx, e.front, in, "every 2 weeks for 3 sessions")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d appointments, want 3", len(got))
	}
	for i, a := range got {
		want := first.AddDate(0, 0, 14*i)
		if !a.Start.Equal(want) || a.Start.In(want.Location()).Hour() != 9 {
			t.Errorf("session %d at %v, want %v", i+1, a.Start, want)
		}
	}
	// All or none: a weekly series whose second week clashes with the
	// follow-up above (the only room is taken) books nothing.
	before := e.auditCount(t, service.ActAppointmentBook)
	_, err = e.svc.BookRecurring(ctx, e.front, booking.BookingInput{PatientID: e.other, Kind: schedule.Consultation,
		Start: first.AddDate(0, 0, 14).Add(-7 * 24 * time.Hour)}, "weekly for 3 weeks")
	wantCode(t, err, clinic.Conflict, "Mon 15 Jun 2026 09:00 cannot be booked")
	if after := e.auditCount(t, service.ActAppointmentBook); after != before {
		t.Errorf("a refused series booked %d appointments", after-before)
	}
	_, err = e.svc.BookRecurring(ctx, e.front, in, "now and then")
	wantCode(t, err, clinic.Invalid, "")
}
