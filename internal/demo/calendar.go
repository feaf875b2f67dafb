package demo

import (
	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service"
)

// The demo clinic's treatment chairs and consulting rooms.
var (
	demoChairs = []string{"Chair 1", "Chair 2", "Chair 3", "Chair 4", "Chair 5", "Chair 6"}
	demoRooms  = []string{"Room A", "Room B"}
)

// calendar is the administrator setting up booking: the default hours and
// cancellation policy, the chairs and rooms, and the clinicians and nurses
// as providers (nurses give treatments; clinicians see every kind).
func (s *sim) calendar() error {
	if err := s.svc.SetBookingSettings(s.ctx, s.admin, record.BookingSettings{Policy: schedule.DefaultPolicy()}); err != nil {
		return err
	}
	for _, n := range demoChairs {
		if _, err := s.svc.AddResource(s.ctx, s.admin, record.BookingResource{Name: n, Kind: schedule.Chair}); err != nil {
			return err
		}
	}
	for _, n := range demoRooms {
		if _, err := s.svc.AddResource(s.ctx, s.admin, record.BookingResource{Name: n, Kind: schedule.Room}); err != nil {
			return err
		}
	}
	s.providers = map[int64]service.Actor{}
	for _, a := range append(append([]service.Actor(nil), s.clinicians...), s.nurses...) {
		p := record.BookingProvider{UserID: a.UserID}
		if a.Role == clinic.RoleNurse {
			p.Kinds = []schedule.Kind{schedule.Infusion, schedule.Esketamine, schedule.Injection}
		}
		p, err := s.svc.AddProvider(s.ctx, s.admin, p)
		if err != nil {
			return err
		}
		s.providers[p.ID] = a
	}
	return nil
}
