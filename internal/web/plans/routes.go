// Package plans serves treatment plans (draft, edit, amend, sign; the
// signed plan as JSON), the clinic's protocol templates, the
// pharmacokinetic comparison of doses and routes and a patient's "what to
// expect".
package plans

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
		page.Full("GET /patients/{id}/plans", service.ActPlanRead, s.plansPage),
		page.Full("POST /patients/{id}/plans", service.ActPlanDraft, s.planCreate),
		page.Full("GET /patients/{id}/plans/{plan}", service.ActPlanRead, s.planPage),
		page.Full("POST /patients/{id}/plans/{plan}/edit", service.ActPlanDraft, s.planEdit),
		page.Full("POST /patients/{id}/plans/{plan}/sign", service.ActPlanSign, s.planSign),
		page.Full("POST /patients/{id}/plans/{plan}/amend", service.ActPlanDraft, s.planAmend),
		page.Full("GET /patients/{id}/pk/compare", service.ActPKCompare, s.pkCompare),
		page.Full("GET /patients/{id}/expect", service.ActExpect, s.expectPage),
		page.Full("GET /api/v1/patients/{id}/plan", service.ActExpect, s.apiSignedPlan),
		page.Full("GET /protocols", service.ActPlanRead, s.protocolsPage),
		page.Full("POST /protocols", service.ActProtocolEdit, s.protocolSave),
	}
}
