package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// recorder collects every measured request's time and outcome by kind.
type recorder struct {
	mu    sync.Mutex
	lat   map[string][]time.Duration
	errs  map[string]int
	first []string // the first distinct errors, "kind: message"
	seen  map[string]bool
}

func newRecorder() *recorder {
	return &recorder{lat: map[string][]time.Duration{}, errs: map[string]int{}, seen: map[string]bool{}}
}

func (r *recorder) add(kind string, d time.Duration, failure string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lat[kind] = append(r.lat[kind], d)
	if failure == "" {
		return
	}
	r.errs[kind]++
	if key := kind + ": " + failure; !r.seen[key] && len(r.first) < 10 {
		r.seen[key] = true
		r.first = append(r.first, key)
	}
}

// row is one line of the result table.
type row struct {
	kind                  string
	count, errors         int
	perSec                float64
	p50, p90, p99, maxLat time.Duration
}

func (r *recorder) rows(elapsed time.Duration) []row {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []row
	var all []time.Duration
	total := row{kind: "all"}
	for kind, lat := range r.lat {
		slices.Sort(lat)
		all = append(all, lat...)
		out = append(out, summary(kind, lat, r.errs[kind], elapsed))
		total.errors += r.errs[kind]
	}
	slices.SortFunc(out, func(a, b row) int { return b.count - a.count })
	slices.Sort(all)
	t := summary("all", all, total.errors, elapsed)
	return append(out, t)
}

func summary(kind string, lat []time.Duration, errs int, elapsed time.Duration) row {
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	return row{kind: kind, count: len(lat), errors: errs, perSec: float64(len(lat)) / elapsed.Seconds(),
		p50: pct(0.5), p90: pct(0.9), p99: pct(0.99), maxLat: pct(1)}
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64)
}

// table writes the rows as a Markdown table (which reads as text too).
func table(w io.Writer, rows []row) {
	fmt.Fprintln(w, "| request | count | req/s | p50 ms | p90 ms | p99 ms | max ms | errors |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %d | %.1f | %s | %s | %s | %s | %d |\n", r.kind, r.count, r.perSec, ms(r.p50), ms(r.p90), ms(r.p99), ms(r.maxLat), r.errors)
	}
}

// memory is the server's memory at a moment.
type memory struct {
	rssKB, hwmKB         int64 // VmRSS, VmHWM from /proc/PID/status
	heapAlloc, heapInuse int64 // from /metrics
	heapAllocMax, rssMax int64 // the largest seen while sampling
}

// procStatus reads VmRSS and VmHWM (kB) of a process.
func procStatus(pid int) (rss, hwm int64) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		switch k {
		case "VmRSS":
			rss = n
		case "VmHWM":
			hwm = n
		}
	}
	return rss, hwm
}

// heap reads the Go heap gauges from the server's /metrics.
func heap(base string) (alloc, inuse int64) {
	res, err := http.Get(base + "/metrics")
	if err != nil {
		return 0, 0
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		name, v, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		n, _ := strconv.ParseInt(v, 10, 64)
		switch name {
		case "go_memstats_heap_alloc_bytes":
			alloc = n
		case "go_memstats_heap_inuse_bytes":
			inuse = n
		}
	}
	return alloc, inuse
}

func (m *memory) sample(pid int, base string) {
	m.rssKB, m.hwmKB = procStatus(pid)
	m.heapAlloc, m.heapInuse = heap(base)
	m.heapAllocMax = max(m.heapAllocMax, m.heapAlloc)
	m.rssMax = max(m.rssMax, m.rssKB)
}

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

func (m memory) String() string {
	return fmt.Sprintf("resident %s (VmRSS), high-water %s (VmHWM); Go heap %s allocated, %s in use (largest sampled: %s)",
		mib(m.rssKB<<10), mib(m.hwmKB<<10), mib(m.heapAlloc), mib(m.heapInuse), mib(m.heapAllocMax))
}
