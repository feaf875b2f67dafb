// Package booking holds the clinic's calendar: chairs, rooms, providers
// and opening hours, booking, moving and cancelling appointments under
// the plan's spacing and the clinic's policy, series and recurring
// bookings, the waitlist, and the public booking page.
package booking

import (
	"context"
	"onset/internal/auth"
	"onset/internal/record"
	"onset/internal/service"
)

// Service runs the booking use cases.
type Service struct {
	*service.Core
	store          Store
	publicThrottle *auth.Throttle // public booking: every attempt counts
	notices        service.AppointmentNotices
}

// New returns the booking use cases over st.
func New(core *service.Core, st Store, notices service.AppointmentNotices) *Service {
	return &Service{Core: core, store: service.Once(core, st),
		publicThrottle: auth.NewThrottle(publicAttempts, publicWindow), notices: notices}
}

// notify tells the patient about an appointment that now stands booked,
// moved or cancelled. The booking has committed, so a notice that cannot
// be queued does not undo it; the reminder 48 hours ahead still goes.
func (s *Service) notify(ctx context.Context, ap record.Appointment, kind string) {
	if s.notices != nil {
		s.notices.NotifyAppointment(ctx, ap, kind)
	}
}
