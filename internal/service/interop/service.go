// Package interop is what Onset gives other systems through its FHIR R4
// API: a patient's record as Onset keeps it (the patient and their
// versions, questionnaires, treatment sessions with their doses and vital
// signs, intakes, plans and appointments), each part read under the
// action that guards it in the policy table, audited, and never another
// clinic's or, for a patient, anyone else's. It returns Onset's records;
// package fhir maps them to resources and web serves them. What other
// systems send back (a questionnaire, a total, a new patient) goes
// through the capability that owns it (measurement, patients).
package interop

import "onset/internal/service"

// Service runs the interoperability use cases.
type Service struct {
	*service.Core
	store Store
}

// New returns the interoperability use cases over st.
func New(core *service.Core, st Store) *Service {
	return &Service{Core: core, store: st} // reads only: no form token to use
}

// reads returns the queries a read uses: the analytical reader (a read
// replica's, when current) for one that may lag the primary, else the
// primary's.
func (s *Service) reads(mayLag bool) Queries {
	if mayLag {
		return s.store.Analytics()
	}
	return s.store.Read()
}
