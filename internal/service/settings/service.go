// Package settings holds the clinic's own settings: its name, address
// and phone as patients see them, its time zone, how its email is signed,
// the crisis text patients see, and its quiet hours. Each save is a new
// version, audited; the latest is in force.
package settings

import "onset/internal/service"

// Service runs the clinic-settings use cases.
type Service struct {
	*service.Core
	store Store
}

// New returns the clinic-settings use cases over st.
func New(core *service.Core, st Store) *Service {
	return &Service{Core: core, store: service.Once(core, st)}
}
