package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"onset/internal/clinic"
	"onset/internal/fhir"
	"onset/internal/service"
	"onset/internal/web/fhirapi"
)

const exportFHIRUsage = `usage: onset export fhir --db DB --out DIR [--clinic ID] [--type T,T] [--since INSTANT] [--json]

Writes one clinic's records as FHIR R4 NDJSON, the files a Bulk Data
$export makes (one file per resource type: Patient.ndjson,
Observation.ndjson, QuestionnaireResponse.ndjson, Encounter.ndjson,
MedicationAdministration.ndjson, Medication.ndjson, CarePlan.ndjson,
Appointment.ndjson; a type with no resource gets no file). DIR must not
exist: the files are written beside it and renamed into place only when
complete, readable by their owner alone. The export is recorded in the
clinic's audit trail.

  --clinic ID       the clinic to export (default: the database's first clinic)
  --type T,T        only these resource types
  --since INSTANT   only resources changed after this FHIR instant
                    (e.g. 2026-11-01T00:00:00Z); resources Onset cannot
                    date (questionnaire totals) are always included

Progress goes to stderr; the summary to stdout (--json: one JSON object).
`

func runExportFHIR(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "export fhir")
	dbf := addDBFlags(fs) // --db-replica: the analysis or the export reads the replica
	dsn := fs.String("db", "onset.db", "SQLite file path or postgres:// URL")
	out := fs.String("out", "", "the directory to write")
	clinicID := fs.Int64("clinic", 0, "the clinic to export (default: the first)")
	types := fs.String("type", "", "resource types, comma-separated (default: all)")
	since := fs.String("since", "", "only resources changed after this instant")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			fmt.Fprint(e.stderr, exportFHIRUsage)
			return exitOK
		}
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	switch {
	case *out == "":
		return fail(e, exitUsage, "export fhir: name the directory to write with --out")
	case *clinicID < 0:
		return fail(e, exitUsage, "export fhir: --clinic is a clinic's number, got %d", *clinicID)
	}
	if _, err := os.Stat(*out); err == nil {
		return fail(e, exitUsage, "export fhir: %s exists; name a new directory", *out)
	}
	var req fhirapi.ExportRequest
	if *since != "" {
		t, err := fhir.ParseDateTime(*since)
		if err != nil || len(*since) < len("2006-01-02T15:04:05Z") {
			return fail(e, exitUsage, "export fhir: --since must be a FHIR instant with a time zone, e.g. 2026-11-01T00:00:00Z")
		}
		req.Since = t
	}
	a, c, code := openExportClinic(ctx, e, "export fhir", *dsn, *clinicID, dbf)
	if a == nil {
		return code
	}
	defer a.db.Close()
	actor := service.System(c.ID)
	var err error
	if req.Types, err = fhirapi.ParseTypes(actor, *types); err != nil {
		return fail(e, exitUsage, "export fhir: --type: %s", clinic.ErrorMessage(err))
	}
	tmp, err := os.MkdirTemp(filepath.Dir(filepath.Clean(*out)), ".onset-fhir-*") // mode 0700
	if err != nil {
		return fail(e, exitFailure, "export fhir: %v", err)
	}
	defer os.RemoveAll(tmp) // gone once renamed; removed if anything failed
	start, last := time.Now(), time.Time{}
	files, err := fhirapi.WriteExport(ctx, a.svc, actor, req, tmp, func(done, total int) {
		if time.Since(last) >= time.Second || done == total {
			last = time.Now()
			fmt.Fprintf(e.stderr, "onset export: %d of %d patients  %s\n", done, total, time.Since(start).Round(time.Millisecond))
		}
	})
	if err == nil {
		err = os.Rename(tmp, *out)
	}
	if err != nil {
		return fail(e, exitFailure, "export fhir: %s", clinic.ErrorMessage(err))
	}
	elapsed := time.Since(start)
	if *asJSON {
		type file struct {
			Type  string `json:"type"`
			File  string `json:"file"`
			Count int    `json:"count"`
		}
		s := struct {
			Dir     string  `json:"dir"`
			Clinic  int64   `json:"clinic"`
			Files   []file  `json:"files"`
			Seconds float64 `json:"seconds"`
		}{Dir: *out, Clinic: c.ID, Files: []file{}, Seconds: elapsed.Seconds()}
		for _, f := range files {
			s.Files = append(s.Files, file{f.Type, filepath.Join(*out, f.Name), f.Count})
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.Encode(s)
		return exitOK
	}
	total := 0
	for _, f := range files {
		printf(e, "%-28s %9d\n", f.Name, f.Count)
		total += f.Count
	}
	printf(e, "%d resources of clinic %d in %s (%s)\n", total, c.ID, *out, elapsed.Round(time.Millisecond))
	return exitOK
}
