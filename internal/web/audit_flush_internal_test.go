package web

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A page whose reads could not be put on the record is not sent: the
// answer is a 500 that carries none of the handler's data, however the
// handler writes (header first, body first, flush first).
func TestAuditFlushFailureSendsNothing(t *testing.T) {
	t.Parallel()
	for name, write := range map[string]func(w http.ResponseWriter){
		"header then body": func(w http.ResponseWriter) {
			w.Header().Set("X-Data", "patient")
			w.WriteHeader(http.StatusOK)
			w.Write([]byte("PHQ-9 total 21"))
		},
		"body only": func(w http.ResponseWriter) { w.Write([]byte("PHQ-9 total 21")) },
		"flush first": func(w http.ResponseWriter) {
			w.(http.Flusher).Flush()
			w.Write([]byte("PHQ-9 total 21"))
		},
	} {
		rec := httptest.NewRecorder()
		calls := 0
		aw := &auditFlushWriter{ResponseWriter: rec, flush: func() error { calls++; return errors.New("disk full") }}
		write(aw)
		aw.start()
		if rec.Code != http.StatusInternalServerError || strings.Contains(rec.Body.String(), "PHQ-9") ||
			rec.Header().Get("X-Data") != "" || calls != 1 {
			t.Errorf("%s: %d %q %v, flushed %d times; want a 500 without the data, one flush", name, rec.Code, rec.Body.String(),
				rec.Header(), calls)
		}
	}
	rec := httptest.NewRecorder()
	aw := &auditFlushWriter{ResponseWriter: rec, flush: func() error { return nil }}
	aw.Write([]byte("ok"))
	if rec.Code != http.StatusOK || rec.Body.String() != "ok" {
		t.Errorf("a flushed page: %d %q", rec.Code, rec.Body.String())
	}
}
