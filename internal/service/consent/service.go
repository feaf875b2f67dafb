// Package consent holds what a patient has said about being contacted:
// how they want to be reached (email, text, both, none), recorded as the
// consent record; their replies to texts (STOP, START, HELP), honoured at
// once; and their delivery log for staff.
package consent

import "onset/internal/service"

// Service runs the consent use cases.
type Service struct {
	*service.Core
	store Store
}

// New returns the consent use cases over st.
func New(core *service.Core, st Store) *Service {
	return &Service{Core: core, store: service.Once(core, st)}
}
