// Package signoff holds what closes a treatment session's record: the
// Spravato REMS Patient Monitoring Form and its queue, the prescriber's
// signature that locks the session, addenda after it, and the patient's
// REMS enrolment.
package signoff

import "onset/internal/service"

// Service runs the sign-off and REMS use cases.
type Service struct {
	*service.Core
	store Store
}

// New returns the sign-off and REMS use cases over st.
func New(core *service.Core, st Store) *Service {
	return &Service{Core: core, store: service.Once(core, st)}
}
