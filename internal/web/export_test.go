package web

import (
	"time"

	"onset/internal/web/fhirapi"
)

// APIRoutes lists the pattern ("GET /api/v1/patients/{id}") of every route
// of routeTable that page.Route.IsAPI calls an API route, for the OpenAPI drift
// test (openapi_test.go).
func APIRoutes() []string {
	var out []string
	s := &Server{fhir: fhirapi.New(nil, time.Now, false)}
	s.mountCapabilities()
	for _, rt := range s.routeTable() {
		if rt.IsAPI() {
			out = append(out, rt.Pattern)
		}
	}
	return out
}
