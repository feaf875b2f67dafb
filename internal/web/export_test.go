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
	for _, rt := range (&Server{fhir: fhirapi.New(nil, time.Now, false)}).routeTable() {
		if rt.IsAPI() {
			out = append(out, rt.Pattern)
		}
	}
	return out
}
