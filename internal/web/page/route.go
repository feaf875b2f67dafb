package page

import (
	"net/http"
	"strings"

	"onset/internal/service"
	"onset/internal/service/accounts"
)

// Access says who may reach a route before the policy table is asked.
type Access int

const (
	AccessPublic  Access = iota // anyone
	AccessPartial               // a session that has not finished two-step sign-in
	AccessFull                  // a complete sign-in (or API token), then the route's action
)

func (a Access) String() string { return [...]string{"public", "partial", "full"}[a] }

// Handler serves one route for the caller (nil on a public route).
type Handler func(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error

// Route is one pattern Onset serves, who may reach it and its handler.
// Package web's route wrapper applies to each: authentication, the access
// rule, the policy table's action, CSRF and form tokens, audit, errors.
type Route struct {
	Pattern string
	Access  Access
	Action  service.Action // for full routes: the policy table's action
	H       Handler
}

// Full is a route for a complete sign-in whose role the policy table
// allows action.
func Full(pattern string, action service.Action, h Handler) Route {
	return Route{Pattern: pattern, Access: AccessFull, Action: action, H: h}
}

// Public is a route anyone may reach.
func Public(pattern string, h Handler) Route {
	return Route{Pattern: pattern, Access: AccessPublic, H: h}
}

// Partial is a sign-in step before two-step sign-in is finished.
func Partial(pattern string, h Handler) Route {
	return Route{Pattern: pattern, Access: AccessPartial, H: h}
}

// IsAPI reports a route of the JSON API.
func (r Route) IsAPI() bool { return strings.Contains(r.Pattern, " /api/") }

// IsFHIR reports the FHIR API (package fhirapi), the catch-all "/fhir/" too: like
// the JSON API it takes bearer tokens; its errors are OperationOutcomes.
func (r Route) IsFHIR() bool {
	return strings.Contains(r.Pattern, " /fhir/") || strings.HasPrefix(r.Pattern, "/fhir/")
}

// SignIn reports the sign-in steps: they open sessions and record nothing.
func (r Route) SignIn() bool { return r.Access == AccessPartial || r.Pattern == "POST /login" }
