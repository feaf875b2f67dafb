// Package measurement serves measurement-based care: questionnaires
// recorded by staff or the JSON API, questionnaire links a patient opens
// without signing in (and their closed pages), safety alerts acknowledged,
// and a patient's trajectories (charts, bands, the JSON API).
package measurement

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
		page.Full("GET /patients/{id}/assessments/new", service.ActAssessmentRecord, s.assessmentForm),
		page.Full("POST /patients/{id}/assessments", service.ActAssessmentRecord, s.assessmentCreate),
		page.Full("POST /patients/{id}/links", service.ActLinkCreate, s.linkCreate),
		page.Full("POST /alerts/{id}/acknowledge", service.ActAlertAck, s.alertAcknowledge),
		page.Public("GET /q/{token}", s.questionnairePage),
		page.Public("POST /q/{token}", s.questionnaireSubmit),
		page.Full("POST /api/v1/patients/{id}/assessments", service.ActAssessmentRecord, s.apiAssessmentCreate),
		page.Full("GET /api/v1/patients/{id}/trajectory", service.ActPatientRead, s.apiTrajectory),
	}
}
