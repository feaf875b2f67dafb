package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/fhir"
	"onset/internal/service"
	"onset/internal/service/imports"
)

const importFHIRUsage = `usage: onset import fhir --db DB [--clinic ID] [--json] PATH...

Imports FHIR R4 resources from NDJSON files (one resource a line, as
"onset export fhir" and Bulk Data exports write them) or Bundles
(transaction, batch or collection). A PATH that is a directory means its
*.ndjson and *.json files. Files are taken patients first (Patient, then
QuestionnaireResponse, Observation, MedicationAdministration, then the
rest), each all-or-nothing: if any resource of a file is rejected, nothing
from that file is stored and every rejection is listed on stderr with its
line (the Bundle entry's number) and its OperationOutcome.

What becomes Onset's records: Patient (the MRN from the identifier with
system urn:onset:mrn, else the first identifier), QuestionnaireResponse to
one of Onset's questionnaires (answers scored), Observation with a
questionnaire total (one record per patient, instrument and time: a total
and the answers it came from are one), MedicationAdministration of
ketamine or esketamine (route and dose in mg), which make courses as
"onset import --treatments" does. Vital signs and other types are counted
as kept out. Importing the same files again changes nothing.

  --clinic ID   the clinic to import into (default: the database's first clinic)

A progress bar is drawn when stderr is a terminal. Exit status 2 when a
file was rejected.
`

// importFileOrder ranks a file by the type its name says: patients first.
func importFileOrder(path string) int {
	base := strings.ToLower(filepath.Base(path))
	for i, t := range fhir.ImportTypes {
		if strings.HasPrefix(base, strings.ToLower(t)) {
			return i
		}
	}
	return len(fhir.ImportTypes)
}

func runImportFHIR(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "import fhir")
	dsn := fs.String("db", "onset.db", "SQLite file path or postgres:// URL")
	clinicID := fs.Int64("clinic", 0, "the clinic to import into (default: the first)")
	asJSON := fs.Bool("json", false, "print one JSON report per file")
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			fmt.Fprint(e.stderr, importFHIRUsage)
			return exitOK
		}
	}
	// Paths and flags in any order: each Parse stops at a path.
	var paths []string
	for rest := args; len(rest) > 0; {
		out := fs.Output()
		fs.SetOutput(io.Discard)
		err := fs.Parse(rest)
		fs.SetOutput(out)
		if err != nil {
			return fail(e, exitUsage, "import fhir: %v (see -h)", err)
		}
		if rest = fs.Args(); len(rest) > 0 {
			paths, rest = append(paths, rest[0]), rest[1:]
		}
	}
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return fail(e, exitUsage, "import fhir: %v", err)
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		for _, pat := range []string{"*.ndjson", "*.json"} {
			m, _ := filepath.Glob(filepath.Join(p, pat))
			files = append(files, m...)
		}
	}
	if len(files) == 0 {
		return fail(e, exitUsage, "import fhir: name the NDJSON or Bundle files (or directories of them) to import")
	}
	slices.SortStableFunc(files, func(a, b string) int {
		if d := importFileOrder(a) - importFileOrder(b); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	a, err := openApp(ctx, *dsn, service.Config{})
	if err != nil {
		return fail(e, exitFailure, "open database: %v", err)
	}
	defer a.db.Close()
	var c clinic.Clinic
	if *clinicID == 0 {
		c, err = a.svc.EnsureClinic(ctx, "My clinic")
	} else {
		c, err = a.db.Reader().Clinic(ctx, *clinicID)
	}
	if err != nil {
		return fail(e, exitUsage, "import fhir: %s", clinic.ErrorMessage(err))
	}
	sys := service.System(c.ID)
	code := exitOK
	for _, path := range files {
		start := time.Now()
		recs, kept, rejected, err := readFHIRFile(path)
		var rep imports.ImportReport
		if err == nil && len(rejected) == 0 {
			bar := newProgressBar(e, path)
			rep, err = a.svc.ImportFHIR(ctx, sys, recs, imports.ImportOptions{Progress: bar})
			if bar != nil {
				fmt.Fprintln(e.stderr)
			}
			for _, r := range rep.Rejected {
				rejected = append(rejected, fhirRejection{r.Line, outcomeJSON(clinic.Errorf(clinic.Invalid, "%s", r.Reason))})
			}
		} else if err == nil {
			err = clinic.Errorf(clinic.Invalid, "%d resources were rejected, so nothing was imported from this file.", len(rejected))
		}
		rep.Rows = len(recs) + len(rejected) + keptCount(kept)
		for _, r := range rejected {
			fmt.Fprintf(e.stderr, "onset: import: %s: line %d: %s\n", path, r.Line, r.Outcome)
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "onset: import: %s: %s\n", path, clinic.ErrorMessage(err))
			code = max(code, codeOf(err))
		}
		elapsed := time.Since(start)
		if *asJSON {
			doc := struct {
				File     string          `json:"file"`
				Imported bool            `json:"imported"`
				Rows     int             `json:"resources"`
				Added    int             `json:"added"`
				Existing int             `json:"already_imported"`
				Matched  int             `json:"matched"`
				Courses  int             `json:"courses"`
				KeptOut  map[string]int  `json:"kept_out"`
				Rejected []fhirRejection `json:"rejected"`
				PerSec   float64         `json:"resources_per_second"`
				Error    string          `json:"error,omitempty"`
			}{File: path, Imported: err == nil, Rows: rep.Rows, Added: rep.Added, Existing: rep.Existing, Matched: rep.Matched,
				Courses: rep.Courses, KeptOut: kept, Rejected: rejected, PerSec: rate(rep.Rows, elapsed)}
			if doc.Rejected == nil {
				doc.Rejected = []fhirRejection{}
			}
			if err != nil {
				doc.Error = clinic.ErrorMessage(err)
			}
			json.NewEncoder(e.stdout).Encode(doc)
		} else if err == nil {
			printf(e, "%s: %d resources: %d added, %d courses started, %d linked to patients already registered, %d already imported, %d kept out (%.0f/s)\n",
				path, rep.Rows, rep.Added, rep.Courses, rep.Matched, rep.Existing, keptCount(kept), rate(rep.Rows, elapsed))
			for why, n := range kept {
				printf(e, "%s: kept out: %d × %s\n", path, n, why)
			}
		}
	}
	if err := a.db.Analyze(ctx); err != nil { // store.Analyze
		fmt.Fprintf(e.stderr, "onset: import fhir: %v\n", err)
	}
	return code
}

// fhirRejection is one resource refused, with its OperationOutcome.
type fhirRejection struct {
	Line    int             `json:"line"`
	Outcome json.RawMessage `json:"outcome"`
}

func outcomeJSON(err error) json.RawMessage {
	b, _ := json.Marshal(fhir.Outcome(err))
	return b
}

func keptCount(kept map[string]int) int {
	n := 0
	for _, k := range kept {
		n += k
	}
	return n
}

// maxImportFile bounds one import file read into memory.
const maxImportFile = 1 << 30

// readFHIRFile reads one import file's resources: those Onset imports as
// records, those kept out (by reason), and those rejected.
func readFHIRFile(path string) ([]imports.FHIRRecord, map[string]int, []fhirRejection, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, nil, clinic.Errorf(clinic.Invalid, "%v", err)
	}
	if st.Size() > maxImportFile {
		return nil, nil, nil, clinic.Errorf(clinic.Invalid, "The file is larger than %d MiB; split it.", maxImportFile>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, nil, clinic.Errorf(clinic.Invalid, "%v", err)
	}
	entries, err := fhir.SplitImport(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if err != nil {
		return nil, nil, nil, err
	}
	var recs []imports.FHIRRecord
	kept := map[string]int{}
	var rejected []fhirRejection
	for _, en := range entries {
		im, err := fhir.ReadImported(en)
		switch {
		case err != nil:
			rejected = append(rejected, fhirRejection{en.Line, outcomeJSON(err)})
		case im.Skip != "":
			kept[im.Skip]++
		default:
			recs = append(recs, imports.FHIRRecord{Line: en.Line, Key: im.Key(), Subject: im.Subject, Patient: im.Patient,
				Assessment: im.Assessment, Administration: im.Administration})
		}
	}
	return recs, kept, rejected, nil
}
