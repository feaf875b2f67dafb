// Package intake serves a patient's intake (history, medications,
// the factors outcomes are adjusted for) and the eligibility screening it
// feeds, with a clinician's override.
package intake

import (
	"onset/internal/service"
	"onset/internal/web/page"
)

// Pages serves the routes below; it builds on the Kit every page uses.
type Pages struct{ *page.Kit }

// New makes the handlers over k.
func New(k *page.Kit) *Pages { return &Pages{Kit: k} }

// Routes are the routes this package serves, for package web to mount.
func (s *Pages) Routes() []page.Route {
	return []page.Route{
		page.Full("GET /patients/{id}/intake", service.ActIntakeRead, s.intakePage),
		page.Full("POST /patients/{id}/intake", service.ActIntakeRecord, s.intakeSave),
		page.Full("POST /patients/{id}/screening/override", service.ActScreeningOverride, s.screeningOverride),
	}
}
