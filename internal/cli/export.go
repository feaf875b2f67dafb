package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/service/export"
	"onset/internal/store"
)

const exportUsage = `usage: onset export csv --db DB --out FILE.zip [--clinic ID] [--json]

Writes all of one clinic's records to FILE.zip: a CSV file per kind of
record (patients, users, courses, plans and their sessions, treatment
sessions, doses, vital signs, session alerts, side effects, addenda,
questionnaires and their item answers, safety alerts, appointments, the
controlled-substance ledger, clinical notes, secure messages, the audit
trail, intakes, REMS forms, contact preferences, the waitlist, the
clinic's settings), README.txt and data_dictionary.csv (every column's type, unit and
meaning). Every file is read from one moment of the database while the
clinic goes on working. The export is recorded, with its row counts, in the
clinic's audit trail.

  --clinic ID   the clinic to export (default: the database's first clinic)

A line per file goes to stderr as it is written; the summary to stdout
(--json: one JSON object). The zip is written beside FILE.zip and renamed
into place only when complete, readable by its owner alone: it holds
patients' records.
`

func runExport(ctx context.Context, e *env, args []string) int {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fmt.Fprint(e.stderr, exportUsage)
		return exitOK
	}
	if len(args) > 0 && args[0] == "fhir" {
		return runExportFHIR(ctx, e, args[1:])
	}
	if len(args) == 0 || args[0] != "csv" {
		return fail(e, exitUsage, "export: the subcommand is csv or fhir (onset export csv --db DB --out FILE.zip; onset export fhir --db DB --out DIR)")
	}
	fs := newFlags(e, "export csv")
	dbf := addDBFlags(fs) // --db-replica: the analysis or the export reads the replica
	dsn := fs.String("db", "onset.db", "SQLite file path or postgres:// URL")
	out := fs.String("out", "", "the zip file to write")
	clinicID := fs.Int64("clinic", 0, "the clinic to export (default: the first)")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	for _, a := range args[1:] {
		if a == "-h" || a == "--help" || a == "-help" {
			fmt.Fprint(e.stderr, exportUsage)
			return exitOK
		}
	}
	if code, ok := parseFlags(fs, args[1:]); !ok {
		return code
	}
	if *out == "" {
		return fail(e, exitUsage, "export csv: name the zip file to write with --out")
	}
	if *clinicID < 0 {
		return fail(e, exitUsage, "export csv: --clinic is a clinic's number, got %d", *clinicID)
	}
	a, c, code := openExportClinic(ctx, e, "export csv", *dsn, *clinicID, dbf)
	if a == nil {
		return code
	}
	defer a.db.Close()

	tmp, err := os.CreateTemp(filepath.Dir(*out), ".onset-export-*.zip") // mode 0600
	if err != nil {
		return fail(e, exitFailure, "export csv: %v", err)
	}
	defer os.Remove(tmp.Name()) // gone once renamed; removed if anything failed
	start := time.Now()
	exp, err := a.svc.ExportClinicCSV(ctx, service.System(c.ID), tmp, export.CSVOptions{Progress: func(file string, rows int64) {
		fmt.Fprintf(e.stderr, "onset export: %-24s %9d rows  %s\n", file, rows, time.Since(start).Round(time.Millisecond))
	}})
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fail(e, exitFailure, "export csv: %s", clinic.ErrorMessage(err))
	}
	info, err := os.Stat(tmp.Name())
	if err == nil {
		err = os.Rename(tmp.Name(), *out)
	}
	if err != nil {
		return fail(e, exitFailure, "export csv: %v", err)
	}
	elapsed := time.Since(start)
	if *asJSON {
		type file struct {
			Name string `json:"name"`
			Rows int64  `json:"rows"`
		}
		s := struct {
			File     string  `json:"file"`
			Clinic   int64   `json:"clinic"`
			ExportID int64   `json:"export_id"`
			Bytes    int64   `json:"bytes"`
			Rows     int64   `json:"rows"`
			Seconds  float64 `json:"seconds"`
			Files    []file  `json:"files"`
		}{File: *out, Clinic: c.ID, ExportID: exp.ID, Bytes: info.Size(), Rows: exp.Rows(), Seconds: elapsed.Seconds(), Files: []file{}}
		for _, f := range exp.Files {
			s.Files = append(s.Files, file{f.Name, f.Rows})
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.Encode(s)
		return exitOK
	}
	printf(e, "wrote %s: clinic %d (%s), %d rows in %d CSV files, %d bytes, in %s (export %d, in the audit trail)\n",
		*out, c.ID, c.Name, exp.Rows(), len(exp.Files), info.Size(), elapsed.Round(time.Millisecond), exp.ID)
	return exitOK
}

// openExportClinic opens an existing database (Open would make an empty
// one) with the connection flags and finds the clinic to export: clinicID,
// or the first. On failure it has said why and returns a nil app and the
// exit code.
func openExportClinic(ctx context.Context, e *env, cmd, dsn string, clinicID int64, dbf *dbFlags) (*opened, clinic.Clinic, int) {
	if !store.IsPostgres(dsn) {
		if _, err := os.Stat(dsn); err != nil {
			return nil, clinic.Clinic{}, fail(e, exitUsage, "%s: no database at %s", cmd, dsn)
		}
	}
	dbOpts, err := dbf.options(dsn)
	if err != nil {
		return nil, clinic.Clinic{}, fail(e, exitUsage, "%s: %v", cmd, err)
	}
	a, err := openApp(ctx, dsn, service.Config{}, dbOpts...)
	if err != nil {
		return nil, clinic.Clinic{}, fail(e, exitFailure, "open database: %v", err)
	}
	var c clinic.Clinic
	if clinicID == 0 {
		c, err = a.db.Reader().FirstClinic(ctx)
	} else {
		c, err = a.db.Reader().Clinic(ctx, clinicID)
	}
	if err != nil {
		a.db.Close()
		if clinic.ErrorCode(err) == clinic.NotFound {
			return nil, c, fail(e, exitUsage, "%s: no such clinic in %s", cmd, dsn)
		}
		return nil, c, fail(e, exitFailure, "%s: %v", cmd, err)
	}
	return a, c, exitOK
}
