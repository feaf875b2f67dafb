// Package cohort holds what the clinic's courses say together: the
// outcomes dashboard (response, remission, relapse, time to each, by
// route, condition and provider), the expected-trajectory bands for
// "patients like you", and the clinic's own response figures that "what
// to expect" shows a patient.
package cohort

import "onset/internal/service"

// Service runs the cohort use cases.
type Service struct {
	*service.Core
	store service.Storage[Queries, Tx]
	// analytics reads the courses the figures are made of: aggregates
	// that may be a few seconds behind the primary (a read replica's).
	analytics service.Analytical[Queries]
	bands     bandsCache
	rows      rowsCache
	estimates likeYouCache // patients' estimates (like_you_cache.go)
}

// New returns the cohort use cases over st.
func New(core *service.Core, st Store) *Service {
	return &Service{Core: core, store: service.Once(core, st), analytics: st}
}
