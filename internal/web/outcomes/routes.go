// Package outcomes serves the clinic's outcome analytics: the dashboard
// (Kaplan–Meier curves and fixed-time readouts by location, route and
// condition), the Cox model's forest plot, the courses and the model as
// CSV, the PDF report and their JSON API.
package outcomes

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
		page.Full("GET /outcomes", service.ActOutcomesRead, s.outcomesPage),
		page.Full("GET /outcomes/courses.csv", service.ActOutcomesRead, s.outcomesCSV),
		page.Full("GET /outcomes/model.csv", service.ActOutcomesRead, s.outcomesModelCSV),
		page.Full("GET /outcomes/report.pdf", service.ActOutcomesRead, s.outcomesPDF),
		page.Full("GET /api/v1/outcomes", service.ActOutcomesRead, s.apiOutcomes),
		page.Full("GET /api/v1/outcomes/bands", service.ActOutcomeBands, s.apiOutcomeBands),
		page.Full("GET /api/v1/outcomes/model", service.ActOutcomesRead, s.apiOutcomeModel),
	}
}
