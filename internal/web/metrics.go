package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"onset/internal/service/accounts"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// durationBuckets are the histogram's upper bounds in seconds.
var durationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

type routeStats struct {
	buckets []uint64 // cumulative counts per bucket
	count   uint64
	sum     float64
}

// metrics counts requests by route and status and times them by route,
// in Prometheus's text format. Hand-written: it is a few dozen lines, and
// Onset needs no more of a metrics library.
type metrics struct {
	mu       sync.Mutex
	requests map[[2]string]uint64
	duration map[string]*routeStats
	started  time.Time
}

func newMetrics() *metrics {
	return &metrics{requests: map[[2]string]uint64{}, duration: map[string]*routeStats{}, started: time.Now()}
}

func (m *metrics) observe(route string, status int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[[2]string{route, fmt.Sprint(status)}]++
	rs := m.duration[route]
	if rs == nil {
		rs = &routeStats{buckets: make([]uint64, len(durationBuckets))}
		m.duration[route] = rs
	}
	sec := d.Seconds()
	for i, b := range durationBuckets {
		if sec <= b {
			rs.buckets[i]++
		}
	}
	rs.count++
	rs.sum += sec
}

func (m *metrics) write(sb *strings.Builder) {
	m.mu.Lock()
	defer m.mu.Unlock()
	sb.WriteString("# HELP onset_http_requests_total HTTP requests by route pattern and status.\n# TYPE onset_http_requests_total counter\n")
	keys := make([][2]string, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i][0]+keys[i][1] < keys[j][0]+keys[j][1] })
	for _, k := range keys {
		fmt.Fprintf(sb, "onset_http_requests_total{route=%q,status=%q} %d\n", k[0], k[1], m.requests[k])
	}
	sb.WriteString("# HELP onset_http_request_duration_seconds Time to answer, by route pattern.\n# TYPE onset_http_request_duration_seconds histogram\n")
	routes := make([]string, 0, len(m.duration))
	for r := range m.duration {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	for _, r := range routes {
		rs := m.duration[r]
		for i, b := range durationBuckets {
			fmt.Fprintf(sb, "onset_http_request_duration_seconds_bucket{route=%q,le=\"%g\"} %d\n", r, b, rs.buckets[i])
		}
		fmt.Fprintf(sb, "onset_http_request_duration_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", r, rs.count)
		fmt.Fprintf(sb, "onset_http_request_duration_seconds_sum{route=%q} %g\n", r, rs.sum)
		fmt.Fprintf(sb, "onset_http_request_duration_seconds_count{route=%q} %d\n", r, rs.count)
	}
	fmt.Fprintf(sb, "# HELP onset_uptime_seconds Seconds since the server started.\n# TYPE onset_uptime_seconds gauge\nonset_uptime_seconds %g\n",
		time.Since(m.started).Seconds())
}

func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request, _ *accounts.Principal) error {
	var sb strings.Builder
	s.metrics.write(&sb)
	fmt.Fprintf(&sb, "# HELP go_goroutines Goroutines that currently exist.\n# TYPE go_goroutines gauge\ngo_goroutines %d\n", runtime.NumGoroutine())
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	for _, g := range []struct {
		name, help string
		v          uint64
	}{
		{"go_memstats_heap_alloc_bytes", "Bytes of allocated heap objects.", ms.HeapAlloc},
		{"go_memstats_heap_inuse_bytes", "Bytes in in-use heap spans.", ms.HeapInuse},
		{"go_memstats_sys_bytes", "Bytes of memory obtained from the OS.", ms.Sys},
	} {
		fmt.Fprintf(&sb, "# HELP %s %s\n# TYPE %s gauge\n%s %d\n", g.name, g.help, g.name, g.name, g.v)
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_, err := w.Write([]byte(sb.String()))
	return err
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request, _ *accounts.Principal) error {
	w.Header().Set("Content-Type", "application/json")
	if err := s.Svc.Ping(r.Context()); err != nil {
		s.Log.ErrorContext(r.Context(), "health check failed", "error", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, err = w.Write([]byte(`{"status":"unavailable","database":"down"}` + "\n"))
		return err
	}
	// A replica that is down or lagging leaves the clinic served: the
	// primary answers analytics too, so this is still 200.
	rh := s.Svc.ReplicaHealth(r.Context())
	if !rh.Configured {
		_, err := w.Write([]byte(`{"status":"ok","database":"ok"}` + "\n"))
		return err
	}
	var lag *float64 // null when not known (down, or just started)
	if rh.LagKnown {
		l := rh.Lag.Seconds()
		lag = &l
	}
	return json.NewEncoder(w).Encode(struct {
		Status     string   `json:"status"`
		Database   string   `json:"database"`
		Replica    string   `json:"replica"`
		LagSeconds *float64 `json:"replica_lag_seconds"`
	}{"ok", "ok", rh.Status, lag})
}
