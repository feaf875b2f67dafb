// Package apitokens holds a person's own API tokens: create one (shown
// once, stored as a hash), list them, revoke one. Signing in with a
// token is the accounts capability's.
package apitokens

import "onset/internal/service"

// Service runs the API-token use cases.
type Service struct {
	*service.Core
	store Store
}

// New returns the API-token use cases over st.
func New(core *service.Core, st Store) *Service {
	return &Service{Core: core, store: service.Once(core, st)}
}
