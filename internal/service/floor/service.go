// Package floor holds what the clinic floor watches: the Today board
// (chairs, the day's appointments and each patient's state, live), the
// treatment room's open problems pushed to the clinicians on duty, and
// the watch for vital signs gone overdue.
package floor

import "onset/internal/service"

// Service runs the clinic-floor use cases.
type Service struct {
	*service.Core
	store Store
}

// New returns the clinic-floor use cases over st.
func New(core *service.Core, st Store) *Service {
	return &Service{Core: core, store: service.Once(core, st)}
}
