// Package notes holds the care team's clinical notes: therapy notes by
// therapists (preparation, in-session support, integration), progress
// notes and consultation notes by clinicians and nurses. A note is a
// draft its author edits, then signed and locked; addenda follow. Every
// read and write is audited.
package notes

import "onset/internal/service"

// Service runs the clinical-note use cases.
type Service struct {
	*service.Core
	store Store
}

// New returns the clinical-note use cases over st.
func New(core *service.Core, st Store) *Service {
	return &Service{Core: core, store: service.Once(core, st)}
}
