package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net"
	"net/http"
	"time"
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

func requestID(r *http.Request) string {
	if ri, ok := r.Context().Value(keyRequest).(*reqInfo); ok {
		return ri.id
	}
	return ""
}

func routeOf(r *http.Request) string {
	if ri, ok := r.Context().Value(keyRequest).(*reqInfo); ok && ri.route != "" {
		return ri.route
	}
	return "unmatched"
}

func setRoute(r *http.Request, pattern string) {
	if ri, ok := r.Context().Value(keyRequest).(*reqInfo); ok {
		ri.route = pattern
	}
}

func withAPI(ctx context.Context) context.Context { return context.WithValue(ctx, keyAPI, true) }

func isAPI(r *http.Request) bool { v, _ := r.Context().Value(keyAPI).(bool); return v }

func withFHIR(ctx context.Context) context.Context { return context.WithValue(ctx, keyFHIR, true) }

// isFHIR reports a request to the FHIR API: its errors are OperationOutcomes.
func isFHIR(r *http.Request) bool { v, _ := r.Context().Value(keyFHIR).(bool); return v }

// clientAddress is the peer's IP. X-Forwarded-For is ignored: it can be
// forged, and a proxy deployment should pass the address it trusts.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection (flushing an
// event stream, its write deadline).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// observe gives each request an ID, recovers from panics, logs one line
// per request and counts it for /metrics. The log has the route pattern,
// never the path or query, so no patient data reaches it.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		b := make([]byte, 8)
		rand.Read(b)
		ri := &reqInfo{id: hex.EncodeToString(b)}
		r = r.WithContext(context.WithValue(r.Context(), keyRequest, ri))
		sw := &statusWriter{ResponseWriter: w}
		sw.Header().Set("X-Request-Id", ri.id)
		defer func() {
			if v := recover(); v != nil {
				s.log.ErrorContext(r.Context(), "panic", "request_id", ri.id, "route", routeOf(r), "panic", v)
				if sw.status == 0 {
					http.Error(sw, "Internal error", http.StatusInternalServerError)
				}
			}
			d := time.Since(start)
			route := routeOf(r)
			if route == "unmatched" && sw.status == http.StatusForbidden {
				route = "cross-origin refused"
			}
			s.metrics.observe(route, sw.status, d)
			s.log.InfoContext(r.Context(), "request", "request_id", ri.id, "method", r.Method, "route", route,
				"status", sw.status, "bytes", sw.bytes, "duration_ms", float64(d.Microseconds())/1000)
		}()
		next.ServeHTTP(sw, r)
	})
}

// contentSecurityPolicy allows only Onset's own scripts, styles and images;
// no inline script, no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// validCSRF checks the form's token against the session's. Browsers that
// send Sec-Fetch-Site or Origin are also checked by CrossOriginProtection;
// the token covers the ones that send neither.
func validCSRF(r *http.Request, want string) bool {
	got := r.PostFormValue("csrf")
	if got == "" {
		got = r.Header.Get("X-CSRF-Token")
	}
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
