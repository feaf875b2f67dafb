package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/service/imports"
)

const importUsage = `usage: onset import --db DB [--patients p.csv] [--treatments t.csv] [--assessments a.csv]
       [--course-gap-days 90] [--json]

Imports a clinic's historical records from spreadsheets saved as CSV (UTF-8,
comma-separated, a header row naming the columns in any order):

  patients     patient,sex,birth_year,condition
               patient: the clinic's identifier (becomes the MRN); sex: female,
               male, other or unknown (f, m); birth_year: e.g. 1978;
               condition: depression, anxiety, ptsd, ocd, chronic-pain,
               migraine, substance-use, or empty
  treatments   patient,given_at,route,dose_mg,weight_kg
               given_at: YYYY-MM-DD HH:MM, YYYY-MM-DD or RFC 3339 (UTC unless
               a zone is given); route: iv, im, esketamine, sublingual, oral
  assessments  patient,taken_at,instrument,total[,answers | ,item1,...,itemN]
               instrument: phq9, gad7, pcl5, qids-sr16, madrs, ...; answers:
               "2,2,1,..." (quoted) or item columns, "-" for a skipped item;
               with answers the total may be left empty

Files are imported in that order, each all-or-nothing: if any row of a file
is rejected, nothing from that file is stored and every rejected row is
listed on stderr with its line number. Importing the same rows again changes
nothing (each row's patient, time and route or instrument identify it).
Courses are derived from the treatments: a treatment more than
--course-gap-days after the patient's previous one starts a new course.
A progress bar is drawn when stderr is a terminal. Exit status 2 when a
file was rejected.
`

func runImport(ctx context.Context, e *env, args []string) int {
	if len(args) > 0 && args[0] == "fhir" {
		return runImportFHIR(ctx, e, args[1:])
	}
	fs := newFlags(e, "import")
	dsn := fs.String("db", "onset.db", "SQLite file path or postgres:// URL")
	patients := fs.String("patients", "", "patients CSV file")
	treatments := fs.String("treatments", "", "treatments CSV file")
	assessments := fs.String("assessments", "", "assessments CSV file")
	gap := fs.Int("course-gap-days", imports.DefaultCourseGapDays, "a longer gap between treatments starts a new course")
	asJSON := fs.Bool("json", false, "print one JSON report per file")
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			fmt.Fprint(e.stderr, importUsage)
			return exitOK
		}
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *patients == "" && *treatments == "" && *assessments == "" {
		return fail(e, exitUsage, "import: name at least one of --patients, --treatments, --assessments")
	}
	if *gap < 1 {
		return fail(e, exitUsage, "import: --course-gap-days must be at least 1, got %d", *gap)
	}
	files := []struct {
		kind, path string
		run        func(context.Context, service.Actor, io.Reader, imports.ImportOptions) (imports.ImportReport, error)
	}{
		{"patients", *patients, nil},
		{"treatments", *treatments, nil},
		{"assessments", *assessments, nil},
	}
	// Every named file must open before anything is imported.
	opened := make([]*os.File, len(files))
	for i, f := range files {
		if f.path == "" {
			continue
		}
		fh, err := os.Open(f.path)
		if err != nil {
			return fail(e, exitUsage, "import: %v", err)
		}
		defer fh.Close()
		opened[i] = fh
	}
	a, err := openApp(ctx, *dsn, service.Config{})
	if err != nil {
		return fail(e, exitFailure, "open database: %v", err)
	}
	defer a.db.Close()
	c, err := a.svc.EnsureClinic(ctx, "My clinic")
	if err != nil {
		return fail(e, exitFailure, "%s", clinic.ErrorMessage(err))
	}
	files[0].run, files[1].run, files[2].run = a.svc.ImportPatients, a.svc.ImportTreatments, a.svc.ImportAssessments
	sys := service.System(c.ID)
	code := exitOK
	for i, f := range files {
		if opened[i] == nil {
			continue
		}
		bar := newProgressBar(e, f.path)
		start := time.Now()
		rep, err := f.run(ctx, sys, opened[i], imports.ImportOptions{CourseGapDays: *gap, Progress: bar})
		elapsed := time.Since(start)
		if bar != nil {
			fmt.Fprintln(e.stderr)
		}
		for _, r := range rep.Rejected {
			fmt.Fprintf(e.stderr, "onset: import: %s: %s\n", f.path, r)
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "onset: import: %s: %s\n", f.path, clinic.ErrorMessage(err))
			code = max(code, codeOf(err))
		}
		if *asJSON {
			writeImportJSON(e, f.kind, f.path, rep, err, elapsed)
		} else if err == nil {
			writeImportSummary(e, f.kind, f.path, rep, elapsed)
		}
	}
	// Fresh statistics, so the first pages after a large import are
	// planned for the tables as they now are (store.Analyze).
	if err := a.db.Analyze(ctx); err != nil {
		fmt.Fprintf(e.stderr, "onset: import: %v\n", err)
	}
	return code
}

func writeImportSummary(e *env, kind, path string, rep imports.ImportReport, elapsed time.Duration) {
	var parts []string
	parts = append(parts, fmt.Sprintf("%d added", rep.Added))
	if kind == "treatments" {
		parts = append(parts, fmt.Sprintf("%d courses started", rep.Courses))
	}
	if rep.Matched > 0 {
		parts = append(parts, fmt.Sprintf("%d linked to patients already registered", rep.Matched))
	}
	parts = append(parts, fmt.Sprintf("%d already imported", rep.Existing))
	printf(e, "%s: %d %s rows: %s (%.0f rows/s)\n", path, rep.Rows, kind, strings.Join(parts, ", "), rate(rep.Rows, elapsed))
	if len(rep.Ignored) > 0 {
		printf(e, "%s: ignored columns: %s\n", path, strings.Join(rep.Ignored, ", "))
	}
}

func rate(rows int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(rows) / d.Seconds()
}

func writeImportJSON(e *env, kind, path string, rep imports.ImportReport, err error, elapsed time.Duration) {
	type rejected struct {
		Line   int    `json:"line"`
		Reason string `json:"reason"`
	}
	doc := struct {
		File       string     `json:"file"`
		Kind       string     `json:"kind"`
		Imported   bool       `json:"imported"`
		Rows       int        `json:"rows"`
		Added      int        `json:"added"`
		Existing   int        `json:"already_imported"`
		Matched    int        `json:"matched"`
		Courses    int        `json:"courses"`
		Rejected   []rejected `json:"rejected"`
		Ignored    []string   `json:"ignored_columns"`
		RowsPerSec float64    `json:"rows_per_second"`
		Error      string     `json:"error,omitempty"`
	}{File: path, Kind: kind, Imported: err == nil, Rows: rep.Rows, Added: rep.Added, Existing: rep.Existing,
		Matched: rep.Matched, Courses: rep.Courses, Rejected: []rejected{}, Ignored: rep.Ignored, RowsPerSec: rate(rep.Rows, elapsed)}
	if doc.Ignored == nil {
		doc.Ignored = []string{}
	}
	for _, r := range rep.Rejected {
		doc.Rejected = append(doc.Rejected, rejected{r.Line, r.Reason})
	}
	if err != nil {
		doc.Error = clinic.ErrorMessage(err)
	}
	json.NewEncoder(e.stdout).Encode(doc)
}

// newProgressBar returns a progress callback that redraws one line on
// stderr, or nil when stderr is not a terminal (logs and pipes get none).
func newProgressBar(e *env, label string) func(done, total int) {
	f, ok := e.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	const width = 30
	return func(done, total int) {
		filled := width * done / max(total, 1)
		fmt.Fprintf(f, "\r%s [%s%s] %3d%% %d/%d rows", label, strings.Repeat("#", filled), strings.Repeat(".", width-filled),
			100*done/max(total, 1), done, total)
	}
}
