package page

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"net"
	"net/http"
)

type ctxKey int

const (
	keyRequest ctxKey = iota
	keyAPI
	keyFHIR
)

// reqInfo is filled in as the request passes through the layers, for the
// request log and metrics.
type reqInfo struct {
	id    string
	route string
}

// WithRequestID gives the request its ID (and a place for its route).
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, keyRequest, &reqInfo{id: id})
}

// RequestID is the request's ID, for logs and error pages.
func RequestID(r *http.Request) string {
	if ri, ok := r.Context().Value(keyRequest).(*reqInfo); ok {
		return ri.id
	}
	return ""
}

// RouteOf is the pattern of the route that served the request.
func RouteOf(r *http.Request) string {
	if ri, ok := r.Context().Value(keyRequest).(*reqInfo); ok && ri.route != "" {
		return ri.route
	}
	return "unmatched"
}

// SetRoute notes the route that serves the request.
func SetRoute(r *http.Request, pattern string) {
	if ri, ok := r.Context().Value(keyRequest).(*reqInfo); ok {
		ri.route = pattern
	}
}

// WithAPI marks a request to the JSON API: its errors are JSON.
func WithAPI(ctx context.Context) context.Context { return context.WithValue(ctx, keyAPI, true) }

// IsAPI reports a request to the JSON API (or the FHIR API).
func IsAPI(r *http.Request) bool { v, _ := r.Context().Value(keyAPI).(bool); return v }

// WithFHIR marks a request to the FHIR API.
func WithFHIR(ctx context.Context) context.Context { return context.WithValue(ctx, keyFHIR, true) }

// IsFHIR reports a request to the FHIR API: its errors are OperationOutcomes.
func IsFHIR(r *http.Request) bool { v, _ := r.Context().Value(keyFHIR).(bool); return v }

// ClientAddress is the peer's IP. X-Forwarded-For is ignored: it can be
// forged, and a proxy deployment should pass the address it trusts.
func ClientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// ValidCSRF checks the form's token against the session's. Browsers that
// send Sec-Fetch-Site or Origin are also checked by CrossOriginProtection;
// the token covers the ones that send neither.
func ValidCSRF(r *http.Request, want string) bool {
	got := r.PostFormValue("csrf")
	if got == "" {
		got = r.Header.Get("X-CSRF-Token")
	}
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// WriteJSON answers v as JSON, never cached.
func WriteJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// LinkHeaders keep a link's token out of caches and other sites' logs.
func LinkHeaders(w http.ResponseWriter) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("X-Robots-Tag", "noindex")
}
