// Package outreach holds what reaches patients outside the clinic: the
// outbox that delivers questionnaire links (made due by measurement),
// appointment reminders with pre-visit instructions, and the senders
// that carry them.
package outreach

import "onset/internal/service"

// Service runs the outreach use cases.
type Service struct {
	*service.Core
	store Store
	links service.LinkScheduler
}

// New returns the outreach use cases over st; links makes the
// questionnaire links that fall due before each delivery run.
func New(core *service.Core, st Store, links service.LinkScheduler) *Service {
	return &Service{Core: core, store: service.Once(core, st), links: links}
}
