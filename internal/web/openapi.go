package web

import (
	_ "embed"
	"net/http"

	"onset/internal/service/accounts"
)

// openAPIDocument describes every /api/v1 operation (OpenAPI 3.1). It is
// written by hand; openapi_test.go fails when a route of routeTable has no
// operation in it or an operation has no route, and validates every API
// response the web tests receive against it.
//
//go:embed openapi.json
var openAPIDocument []byte

// apiOpenAPI serves the document. It holds no patient or clinic data, so
// it is public: a client reads it before it has a token.
func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request, _ *accounts.Principal) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-cache")
	_, err := w.Write(openAPIDocument)
	return err
}
