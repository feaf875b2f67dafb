// Package booking holds the clinic's calendar: chairs, rooms, providers
// and opening hours, booking, moving and cancelling appointments under
// the plan's spacing and the clinic's policy, series and recurring
// bookings, the waitlist, and the public booking page.
package booking

import (
	"onset/internal/auth"
	"onset/internal/service"
)

// Service runs the booking use cases.
type Service struct {
	*service.Core
	store          Store
	publicThrottle *auth.Throttle // public booking: every attempt counts
}

// New returns the booking use cases over st.
func New(core *service.Core, st Store) *Service {
	return &Service{Core: core, store: service.Once(core, st),
		publicThrottle: auth.NewThrottle(publicAttempts, publicWindow)}
}
