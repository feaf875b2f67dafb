package web

import (
	"context"
	"net/http"

	"onset/internal/service"
)

// A page's reads are audited together (service.AuditBatch): the entries
// gathered while the handler reads are written in one transaction when
// the handler starts its answer, before the first byte of it leaves, so
// the data read is on the record before anyone sees it. If that write
// fails the answer is a 500 and the data is not sent.

// auditFlushWriter flushes the request's audit batch at the answer's first
// header or byte.
type auditFlushWriter struct {
	http.ResponseWriter
	flush  func() error
	done   bool // flushed (or tried)
	failed bool // the flush failed: the answer was replaced by a 500
}

// withAuditBatch starts a batch for a GET (reads only: a form's write and
// its audit stay one transaction) and returns the writer that flushes it.
func (s *Server) withAuditBatch(w http.ResponseWriter, r *http.Request) (http.ResponseWriter, *http.Request, *auditFlushWriter) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return w, r, nil
	}
	ctx, batch := service.WithAuditBatch(r.Context())
	aw := &auditFlushWriter{ResponseWriter: w}
	aw.flush = func() error { return s.Svc.FlushAudit(context.WithoutCancel(ctx), batch) }
	return aw, r.WithContext(ctx), aw
}

// start flushes once; on failure it answers 500 itself.
func (w *auditFlushWriter) start() {
	if w.done {
		return
	}
	w.done = true
	if err := w.flush(); err != nil {
		w.failed = true
		h := w.ResponseWriter.Header()
		for k := range h {
			delete(h, k)
		}
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		w.ResponseWriter.WriteHeader(http.StatusInternalServerError)
		w.ResponseWriter.Write([]byte("Could not record access to this record; nothing was shown. Try again.\n"))
	}
}

func (w *auditFlushWriter) WriteHeader(code int) {
	w.start()
	if !w.failed {
		w.ResponseWriter.WriteHeader(code)
	}
}

func (w *auditFlushWriter) Write(b []byte) (int, error) {
	w.start()
	if w.failed {
		return len(b), nil // the handler's data is dropped, never sent
	}
	return w.ResponseWriter.Write(b)
}

// FlushError passes an event stream's flush on (after the audit flush),
// through the writers beneath (http.ResponseController finds it first).
func (w *auditFlushWriter) FlushError() error {
	w.start()
	if w.failed {
		return nil
	}
	return http.NewResponseController(w.ResponseWriter).Flush()
}

// Flush is FlushError for those who ask for an http.Flusher.
func (w *auditFlushWriter) Flush() { w.FlushError() }

// Unwrap lets http.ResponseController reach the connection.
func (w *auditFlushWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
