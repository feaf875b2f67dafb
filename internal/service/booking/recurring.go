package booking

import (
	"context"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service"
)

// BookRecurring books a recurring series described the way staff say it —
// "twice weekly for 4 weeks", "every 3 weeks for 4 sessions" — from
// in.Start, all or none. Every session keeps the first one's local time of
// day, across daylight-saving changes (schedule.Recurrence.Times), and each
// is checked like a single booking (plan, spacing, screening, capacity).
// Staff book series; patients book their plan's sessions one proposal at a
// time (FindPlanSlots, BookSeries).
func (s *Service) BookRecurring(ctx context.Context, a service.Actor, in BookingInput, phrase string) ([]record.Appointment, error) {
	if err := service.AuthorizePatient(a, service.ActAppointmentBook, in.PatientID); err != nil {
		return nil, err
	}
	if a.Role == clinic.RolePatient {
		return nil, clinic.Errorf(clinic.Forbidden, "Repeating series are booked by the clinic; book your sessions one at a time.")
	}
	phrase, err := (clinic.Text{Name: "the repeat", Max: 100}).Clean(phrase)
	if err != nil {
		return nil, err
	}
	loc, err := s.ClinicLocation(ctx, a)
	if err != nil {
		return nil, err
	}
	first := in.Start.In(loc)
	rec, err := schedule.ParseRecurrence(phrase, first.Weekday())
	if err != nil {
		return nil, err
	}
	times, err := rec.Times(first, loc)
	if err != nil {
		return nil, err
	}
	ins := make([]BookingInput, len(times))
	for i, t := range times {
		ins[i] = in
		ins[i].Start = t
	}
	return s.BookSeries(ctx, a, ins)
}
