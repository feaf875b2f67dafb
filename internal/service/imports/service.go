// Package imports brings a clinic's history into Onset from spreadsheets:
// patients, treatments and questionnaire scores as CSV, each row checked,
// refused rows named with their line, nothing half-written, and a second
// import of the same file changing nothing.
package imports

import "onset/internal/service"

// Service runs the import use cases.
type Service struct {
	*service.Core
	store Store
}

// New returns the import use cases over st.
func New(core *service.Core, st Store) *Service {
	return &Service{Core: core, store: service.Once(core, st)}
}
