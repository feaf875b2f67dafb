// Package messaging holds the secure messages between a patient (in the
// portal) and their care team: threads per patient, assignable to a staff
// member, read once by the other side, every read and write audited. A
// patient's message with self-harm wording raises a safety alert in the
// same transaction (scales.SelfHarmWording), which the clinicians' open
// alerts show beside the questionnaires'. When staff write, the patient is
// told by email or text that a message waits, without a word of it; the
// outbox (service/outreach) delivers that notice.
package messaging

import "onset/internal/service"

// Service runs the messaging use cases.
type Service struct {
	*service.Core
	store Store
}

// New returns the messaging use cases over st.
func New(core *service.Core, st Store) *Service {
	return &Service{Core: core, store: service.Once(core, st)}
}
