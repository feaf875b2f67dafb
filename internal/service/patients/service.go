// Package patients holds the patient's record and its intake: registration
// and search, the patient page's record, the intake questionnaire with its
// eligibility screening, and a clinician's override of an exclusion.
package patients

import "onset/internal/service"

// Service runs the patient-record and intake use cases.
type Service struct {
	*service.Core
	store Store
}

// New returns the patient-record and intake use cases over st.
func New(core *service.Core, st Store) *Service {
	return &Service{Core: core, store: service.Once(core, st)}
}
