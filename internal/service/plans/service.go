// Package plans holds treatment plans and what they rest on: protocol
// templates (the published ones and the clinic's own), plan drafts,
// amendments and a prescriber's signature, the clinic's session rules,
// and the pharmacokinetic comparisons and "what to expect" a plan shows.
package plans

import "onset/internal/service"

// Service runs the plan use cases.
type Service struct {
	*service.Core
	store   Store
	figures service.ResponseFigures
}

// New returns the plan use cases over st; figures gives the clinic's own
// response figures for "what to expect".
func New(core *service.Core, st Store, figures service.ResponseFigures) *Service {
	return &Service{Core: core, store: service.Once(core, st), figures: figures}
}
