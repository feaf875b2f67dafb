package fhirapi

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/fhir"
	"onset/internal/service"
	"onset/internal/service/accounts"
	"onset/internal/service/interop"
)

// FHIR Bulk Data Access (IG 2.0.0): $export at the system, Patient and
// Group level, answered asynchronously. The kick-off answers 202 with a
// status URL (Content-Location); the status answers 202 with X-Progress
// and Retry-After while the export runs, then 200 with the manifest; the
// manifest's files are NDJSON, fetched with the same token; DELETE on the
// status URL cancels the export and removes its files.
//
// A job lives in the serving process: its files are written to a private
// temporary directory (0700) and removed when the job is deleted, expires
// (bulkKeep after it completes) or the server closes. A restarted server
// answers 404 for the old status URL; the client starts again.

const (
	bulkKeep       = time.Hour // how long a finished export's files stay
	bulkRetryAfter = 2         // seconds a client waits between polls
	bulkPerClinic  = 2         // exports running at once per clinic (more: 429)
	ndjsonType     = "application/fhir+ndjson"
)

// bulkJob is one export.
type bulkJob struct {
	id, owner, request string
	clinicID           int64
	started            time.Time // the transactionTime: the export reads the records as of then, or later
	dir                string
	cancel             context.CancelFunc

	mu          sync.Mutex
	done, total int
	deleted     bool // cancelled by DELETE: the writer removes the files when it stops
	finished    time.Time
	err         error
	files       []ExportFile
}

// bulkJobs are the server's exports.
type bulkJobs struct {
	mu   sync.Mutex
	root string // created on first use
	jobs map[string]*bulkJob
}

// ownerOf names who started an export: only they may poll it, fetch its
// files or cancel it.
func ownerOf(a service.Actor) string {
	return strconv.FormatInt(a.ClinicID, 10) + "/" + string(a.Role) + "/" + strconv.FormatInt(a.UserID, 10) + "/" + a.Name
}

// sweep removes the expired exports' files; called with mu held.
func (b *bulkJobs) sweep(now time.Time) {
	for id, j := range b.jobs {
		j.mu.Lock()
		expired := !j.finished.IsZero() && now.Sub(j.finished) > bulkKeep
		j.mu.Unlock()
		if expired {
			os.RemoveAll(j.dir)
			delete(b.jobs, id)
		}
	}
}

// Close cancels the running exports and removes every export's files.
func (api *API) Close() {
	b := &api.bulk
	b.mu.Lock()
	defer b.mu.Unlock()
	for id, j := range b.jobs {
		j.cancel()
		delete(b.jobs, id)
	}
	if b.root != "" {
		os.RemoveAll(b.root)
		b.root = ""
	}
}

// exportKickoff answers GET /fhir/$export, /fhir/Patient/$export and
// /fhir/Group/{id}/$export.
func (api *API) exportKickoff(level string) Handler {
	return func(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
		if !strings.Contains(r.Header.Get("Prefer"), "respond-async") {
			return clinic.Errorf(clinic.Invalid, "Bulk export answers asynchronously: send Prefer: respond-async.")
		}
		if acc := r.Header.Get("Accept"); acc != "" && !strings.Contains(acc, "application/fhir+json") &&
			!strings.Contains(acc, "*/*") {
			return clinic.Errorf(clinic.Invalid, "Accept must be application/fhir+json (the status and errors are FHIR JSON).")
		}
		if err := service.Authorize(p.Actor, service.ActBulkExport); err != nil {
			return err
		}
		req, err := parseExport(p.Actor, r, api.now())
		if err != nil {
			return err
		}
		switch level {
		case "Group":
			req.Group = r.PathValue("id")
			if _, err := interop.GroupTherapist(req.Group); err != nil {
				return err
			}
		case "Patient", "system":
			req.Group = ""
		}
		b := &api.bulk
		b.mu.Lock()
		defer b.mu.Unlock()
		now := api.now()
		b.sweep(now)
		running := 0
		for _, j := range b.jobs {
			j.mu.Lock()
			if j.clinicID == p.ClinicID && j.finished.IsZero() {
				running++
			}
			j.mu.Unlock()
		}
		if running >= bulkPerClinic {
			w.Header().Set("Retry-After", "60")
			return clinic.Errorf(clinic.Conflict, "%d exports of this clinic are running; try again when one has finished.", running)
		}
		if b.root == "" {
			if b.root, err = os.MkdirTemp("", "onset-bulk-"); err != nil {
				return clinic.Wrap(err, "Could not start the export.")
			}
		}
		id := strings.ToLower(auth.NewToken())[:26]
		dir := filepath.Join(b.root, id)
		if err := os.Mkdir(dir, 0o700); err != nil {
			return clinic.Wrap(err, "Could not start the export.")
		}
		// The job outlives the request: a context of its own (not the
		// request's, whose audit batch its reads must not join).
		ctx, cancel := context.WithCancel(context.Background())
		j := &bulkJob{id: id, owner: ownerOf(p.Actor), request: api.base(r) + strings.TrimPrefix(r.URL.RequestURI(), "/fhir"),
			clinicID: p.ClinicID, started: now, dir: dir, cancel: cancel}
		b.jobs[id] = j
		go api.runExport(ctx, j, p.Actor, req)
		w.Header().Set("Content-Location", api.base(r)+"/bulkstatus/"+id)
		w.WriteHeader(http.StatusAccepted)
		return nil
	}
}

// parseExport reads the kick-off's parameters; any Onset does not take
// is refused rather than ignored.
func parseExport(a service.Actor, r *http.Request, now time.Time) (ExportRequest, error) {
	var req ExportRequest
	q := r.URL.Query()
	for k, vs := range q {
		if len(vs) != 1 {
			return req, clinic.Errorf(clinic.Invalid, "Give %s once.", clinic.Excerpt(k, 40))
		}
		v := vs[0]
		switch k {
		case "_outputFormat":
			if v != ndjsonType && v != "application/ndjson" && v != "ndjson" {
				return req, clinic.Errorf(clinic.Invalid, "_outputFormat: Onset writes %s only.", ndjsonType)
			}
		case "_since":
			t, err := fhir.ParseDateTime(v)
			if err != nil || len(v) < len("2006-01-02T15:04:05Z") {
				return req, clinic.Errorf(clinic.Invalid, "_since must be a FHIR instant with a time zone, e.g. 2026-01-31T09:00:00Z.")
			}
			if t.After(now) {
				return req, clinic.Errorf(clinic.Invalid, "_since is in the future.")
			}
			req.Since = t
		case "_type":
			types, err := ParseTypes(a, v)
			if err != nil {
				return req, err
			}
			req.Types = types
		default:
			return req, clinic.Errorf(clinic.Invalid, "Onset's $export takes _outputFormat, _since and _type, not %s.", clinic.Excerpt(k, 40))
		}
	}
	if req.Types == nil {
		types, err := ParseTypes(a, "")
		if err != nil {
			return req, err
		}
		req.Types = types
	}
	return req, nil
}

// runExport writes the export's files and records how it ended.
func (api *API) runExport(ctx context.Context, j *bulkJob, a service.Actor, req ExportRequest) {
	defer j.cancel()
	files, err := WriteExport(ctx, api.svc, a, req, j.dir, func(done, total int) {
		j.mu.Lock()
		j.done, j.total = done, total
		j.mu.Unlock()
	})
	j.mu.Lock()
	defer j.mu.Unlock()
	j.files, j.err, j.finished = files, err, api.now()
	if j.deleted {
		os.RemoveAll(j.dir)
	}
}

// job finds the caller's export; anyone else's is not found.
func (api *API) job(r *http.Request, p *accounts.Principal) (*bulkJob, error) {
	b := &api.bulk
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sweep(api.now())
	j, ok := b.jobs[r.PathValue("job")]
	if !ok || j.owner != ownerOf(p.Actor) {
		return nil, clinic.Errorf(clinic.NotFound, "There is no such export (finished exports are kept for %s).", bulkKeep)
	}
	return j, nil
}

// manifest is the completed export's description (Bulk Data IG).
type manifest struct {
	TransactionTime     string           `json:"transactionTime"`
	Request             string           `json:"request"`
	RequiresAccessToken bool             `json:"requiresAccessToken"`
	Output              []manifestOutput `json:"output"`
	Error               []manifestOutput `json:"error"`
}

type manifestOutput struct {
	Type  string `json:"type"`
	URL   string `json:"url"`
	Count int    `json:"count"`
}

// exportStatus answers GET /fhir/bulkstatus/{job}.
func (api *API) exportStatus(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	j, err := api.job(r, p)
	if err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	switch {
	case j.finished.IsZero():
		progress := "starting"
		if j.total > 0 {
			progress = strconv.Itoa(j.done*100/j.total) + "% (" + strconv.Itoa(j.done) + " of " + strconv.Itoa(j.total) + " patients)"
		}
		w.Header().Set("X-Progress", progress)
		w.Header().Set("Retry-After", strconv.Itoa(bulkRetryAfter))
		w.WriteHeader(http.StatusAccepted)
		return nil
	case j.err != nil:
		if clinic.ErrorCode(j.err) == clinic.Internal {
			return clinic.Errorf(clinic.Internal, "The export failed; start it again.")
		}
		return j.err
	}
	m := manifest{TransactionTime: fhir.Instant(j.started), Request: j.request, RequiresAccessToken: true,
		Output: []manifestOutput{}, Error: []manifestOutput{}}
	for _, f := range j.files {
		m.Output = append(m.Output, manifestOutput{Type: f.Type, URL: api.base(r) + "/bulkfiles/" + j.id + "/" + f.Name, Count: f.Count})
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Expires", j.finished.Add(bulkKeep).UTC().Format(http.TimeFormat))
	return json.NewEncoder(w).Encode(m)
}

// exportDelete answers DELETE /fhir/bulkstatus/{job}: a running export
// stops; its files go.
func (api *API) exportDelete(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	j, err := api.job(r, p)
	if err != nil {
		return err
	}
	b := &api.bulk
	b.mu.Lock()
	delete(b.jobs, j.id)
	b.mu.Unlock()
	j.mu.Lock()
	j.deleted = true
	if !j.finished.IsZero() {
		os.RemoveAll(j.dir)
	}
	j.mu.Unlock()
	j.cancel()
	w.WriteHeader(http.StatusAccepted)
	return nil
}

// exportFile answers GET /fhir/bulkfiles/{job}/{file}.
func (api *API) exportFile(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	j, err := api.job(r, p)
	if err != nil {
		return err
	}
	j.mu.Lock()
	var name string
	for _, f := range j.files {
		if f.Name == r.PathValue("file") {
			name = f.Name
		}
	}
	j.mu.Unlock()
	if name == "" {
		return clinic.Errorf(clinic.NotFound, "The export has no such file.")
	}
	f, err := os.Open(filepath.Join(j.dir, name))
	if err != nil {
		return clinic.Errorf(clinic.NotFound, "The export's files are gone.")
	}
	defer f.Close()
	w.Header().Set("Content-Type", ndjsonType)
	w.Header().Set("Cache-Control", "no-store")
	http.ServeContent(w, r, "", time.Time{}, f)
	return nil
}
