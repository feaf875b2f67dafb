// Package measurement holds measurement-based care: questionnaires
// recorded by staff, the portal and the API, scored and checked for
// safety items; questionnaire links and when they fall due; safety
// alerts and their acknowledgement; each patient's trajectory; and the
// outbox that delivers links and appointment reminders.
package measurement

import "onset/internal/service"

// Service runs the measurement use cases.
type Service struct {
	*service.Core
	store    Store
	patients service.PatientRecords
}

// New returns the measurement use cases over st; patients reads the
// record a trajectory is drawn from.
func New(core *service.Core, st Store, patients service.PatientRecords) *Service {
	return &Service{Core: core, store: service.Once(core, st), patients: patients}
}
