package admin

import (
	"net/http"
	"time"

	"onset/internal/service/accounts"
	"onset/internal/service/export"
	"onset/internal/web/page"
)

// clinicExport streams the whole clinic as a zip of CSV files
// (service/export): nothing is held in memory, and the headers go out with
// the first bytes, after the export is authorized, counted and audited, so
// a refusal is still an ordinary error page.
func (s *Pages) clinicExport(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	zone := s.Zone(r.Context(), p.ClinicID)
	lw := &download{w: w, rc: http.NewResponseController(w),
		name: "onset-export-" + s.Svc.Now().In(zone).Format("2006-01-02") + ".zip"}
	_, err := s.Svc.ExportClinicCSV(r.Context(), p.Actor, lw, export.CSVOptions{})
	if err != nil && lw.started {
		// Part of the zip has gone out and the status with it. Without its
		// central directory no program reads it as a whole zip.
		if r.Context().Err() != nil {
			s.Log.InfoContext(r.Context(), "export download abandoned", "request_id", page.RequestID(r), "route", page.RouteOf(r))
		} else {
			s.Log.ErrorContext(r.Context(), "export failed while streaming", "request_id", page.RequestID(r), "route", page.RouteOf(r),
				"error", err)
		}
		return nil
	}
	return err
}

// download sends the response's headers with its first write, and keeps
// the connection's write deadline ahead of a long download (the server's
// write timeout is for pages).
type download struct {
	w        http.ResponseWriter
	rc       *http.ResponseController
	name     string
	started  bool
	deadline time.Time
}

const downloadSlack = 2 * time.Minute

func (d *download) Write(b []byte) (int, error) {
	if !d.started {
		d.started = true
		h := d.w.Header()
		h.Set("Content-Type", "application/zip")
		h.Set("Content-Disposition", `attachment; filename="`+d.name+`"`)
		h.Set("Cache-Control", "no-store")
	}
	if now := time.Now(); d.deadline.Sub(now) < downloadSlack/2 {
		d.deadline = now.Add(downloadSlack)
		d.rc.SetWriteDeadline(d.deadline) // unsupported only by test recorders, which have no deadline
	}
	return d.w.Write(b)
}
