// Package backend holds the clinic's SMART Backend Services clients:
// systems an admin registers with their public keys (a JWKS), which then
// obtain short-lived access tokens with a signed JWT assertion (OAuth 2.0
// client credentials, RFC 7523; RS384 or ES384, as the SMART App Launch
// guide's Backend Services profile requires) and read the clinic's
// records in bulk (FHIR $export) as service.RoleBackend.
package backend

import "onset/internal/service"

// Service runs the backend-client use cases.
type Service struct {
	*service.Core
	store Store
}

// New returns the backend-client use cases over st.
func New(core *service.Core, st Store) *Service {
	return &Service{Core: core, store: service.Once(core, st)}
}
