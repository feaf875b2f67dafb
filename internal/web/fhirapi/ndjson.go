package fhirapi

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"onset/internal/app"
	"onset/internal/clinic"
	"onset/internal/fhir"
	"onset/internal/service"
	"onset/internal/service/backend"
	"onset/internal/service/interop"
)

// ExportRequest says what a bulk export writes.
type ExportRequest struct {
	Group string    // "" every patient; interop.GroupAll or a caseload group
	Types []string  // resource types; empty: every type the actor may read
	Since time.Time // only resources changed after this (zero: all)
}

// ExportFile is one NDJSON file an export wrote: every resource of one
// type, one per line.
type ExportFile struct {
	Type  string
	Name  string // the file's name in the export's directory
	Count int
}

// ExportTypes are the types a bulk export writes, in the order of its
// files.
var ExportTypes = []string{"Patient", "Condition", "Observation", "QuestionnaireResponse", "Encounter", "MedicationAdministration",
	"Medication", "CarePlan", "Appointment", "Consent"}

// ParseTypes reads _type (comma-separated) for actor a: each must be a
// type Onset exports and, for a backend client, one its scope covers.
// Empty means every type a may read.
func ParseTypes(a service.Actor, v string) ([]string, error) {
	var out []string
	if strings.TrimSpace(v) == "" {
		for _, t := range ExportTypes {
			if a.Role != service.RoleBackend || backend.Covers(a.Scope, t) {
				out = append(out, t)
			}
		}
		if len(out) == 0 {
			return nil, clinic.Errorf(clinic.Forbidden, "The token's scope covers no type Onset exports.")
		}
		return out, nil
	}
	for _, t := range strings.Split(v, ",") {
		t = strings.TrimSpace(t)
		switch {
		case !slices.Contains(ExportTypes, t):
			return nil, clinic.Errorf(clinic.Invalid, "_type: Onset exports %s, not %q.", strings.Join(ExportTypes, ", "), clinic.Excerpt(t, 40))
		case a.Role == service.RoleBackend && !backend.Covers(a.Scope, t):
			return nil, clinic.Errorf(clinic.Forbidden, "_type: the token's scope does not cover %s.", t)
		case !slices.Contains(out, t):
			out = append(out, t)
		}
	}
	return out, nil
}

// WriteExport writes the resources an export asks for into dir, one
// NDJSON file per type (Patient.ndjson, …), reading one patient's chart at
// a time (interop.BulkCharts: authorized, audited, replica when there is
// one). progress, if set, hears how many patients are done of how many.
// Types with no resource get no file.
func WriteExport(ctx context.Context, svc *app.App, a service.Actor, req ExportRequest, dir string,
	progress func(done, total int)) ([]ExportFile, error) {
	types := req.Types
	if len(types) == 0 {
		types = ExportTypes
	}
	var parts interop.Parts
	for _, t := range types {
		parts |= fhirTypes[t]
	}
	w := newNDJSON(dir)
	defer w.abandon()
	err := svc.BulkCharts(ctx, a, interop.BulkRequest{Group: req.Group, Parts: parts}, func(done, total int, ch interop.Chart) error {
		for _, res := range chartResources(ch, "") {
			if !slices.Contains(types, res.Type()) {
				continue
			}
			if !req.Since.IsZero() {
				if t, ok := fhir.LastUpdated(res); ok && !t.After(req.Since) {
					continue
				}
			}
			if err := w.write(res); err != nil {
				return clinic.Wrap(err, "Could not write the export's files.")
			}
		}
		if progress != nil {
			progress(done, total)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return w.close(types)
}

// ndjson writes each type's resources to its own file.
type ndjson struct {
	dir    string
	files  map[string]*os.File
	bufs   map[string]*bufio.Writer
	counts map[string]int
}

func newNDJSON(dir string) *ndjson {
	return &ndjson{dir: dir, files: map[string]*os.File{}, bufs: map[string]*bufio.Writer{}, counts: map[string]int{}}
}

func (n *ndjson) write(res fhir.Resource) error {
	typ := res.Type()
	b, ok := n.bufs[typ]
	if !ok {
		f, err := os.OpenFile(filepath.Join(n.dir, typ+".ndjson"), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		n.files[typ], b = f, bufio.NewWriterSize(f, 64<<10)
		n.bufs[typ] = b
	}
	line, err := json.Marshal(res)
	if err != nil {
		return err
	}
	b.Write(line)
	n.counts[typ]++
	return b.WriteByte('\n')
}

// close flushes and closes every file (synced: a manifest names only
// files that are whole) and lists them in the order of types.
func (n *ndjson) close(types []string) ([]ExportFile, error) {
	for typ, f := range n.files {
		if err := n.bufs[typ].Flush(); err != nil {
			return nil, clinic.Wrap(err, "Could not write the export's files.")
		}
		if err := f.Sync(); err != nil {
			return nil, clinic.Wrap(err, "Could not write the export's files.")
		}
		if err := f.Close(); err != nil {
			return nil, clinic.Wrap(err, "Could not write the export's files.")
		}
		delete(n.files, typ)
	}
	var out []ExportFile
	for _, t := range types {
		if c := n.counts[t]; c > 0 {
			out = append(out, ExportFile{Type: t, Name: t + ".ndjson", Count: c})
		}
	}
	return out, nil
}

// abandon closes what is still open (after a failure).
func (n *ndjson) abandon() {
	for _, f := range n.files {
		f.Close()
	}
}
