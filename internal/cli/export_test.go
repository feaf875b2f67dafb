package cli

import (
	"archive/zip"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestExportCSVCommand(t *testing.T) {
	t.Parallel()
	db, dir := importDB(t)
	if code, _, errOut := runCmd(t, "import", "--db", db,
		"--patients", writeFile(t, dir, "p.csv", importPatientsCSV),
		"--treatments", writeFile(t, dir, "t.csv", importTreatmentsCSV),
		"--assessments", writeFile(t, dir, "a.csv", importAssessmentsCSV)); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	out := filepath.Join(dir, "clinic.zip")
	code, stdout, stderr := runCmd(t, "export", "csv", "--db", db, "--out", out, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var sum struct {
		File     string `json:"file"`
		ExportID int64  `json:"export_id"`
		Bytes    int64  `json:"bytes"`
		Files    []struct {
			Name string `json:"name"`
			Rows int64  `json:"rows"`
		} `json:"files"`
	}
	if err := json.Unmarshal([]byte(stdout), &sum); err != nil || sum.File != out || sum.ExportID == 0 || sum.Bytes == 0 {
		t.Fatalf("summary %q: %+v %v", stdout, sum, err)
	}
	// A progress line per file on stderr, in the zip's order.
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(lines) != len(sum.Files) {
		t.Fatalf("stderr has %d lines for %d files:\n%s", len(lines), len(sum.Files), stderr)
	}
	for i, f := range sum.Files {
		if !strings.HasPrefix(lines[i], "onset export: "+f.Name) {
			t.Errorf("stderr line %d %q, want %s's", i, lines[i], f.Name)
		}
	}
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("the zip: %v, mode %v; want readable by its owner alone", err, st.Mode())
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".onset-export-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}

	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	rows := map[string][][]string{}
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".csv") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		rows[f.Name], err = csv.NewReader(rc).ReadAll()
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
	}
	// The import's 2 patients, 4 doses (imported: no session), 3 courses, 6 questionnaires.
	for file, want := range map[string]int{"patients.csv": 2, "doses.csv": 4, "courses.csv": 3, "assessments.csv": 6,
		"assessment_answers.csv": 9, "sessions.csv": 0} {
		if got := len(rows[file]) - 1; got != want {
			t.Errorf("%s: %d rows, want %d", file, got, want)
		}
	}
	mrns := []string{rows["patients.csv"][1][1], rows["patients.csv"][2][1]}
	slices.Sort(mrns)
	if !slices.Equal(mrns, []string{"P1", "P2"}) {
		t.Errorf("MRNs %v, want P1 and P2", mrns)
	}

	// Refused with a reason and exit status 2.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"export"}, "subcommand is csv"},
		{[]string{"export", "json", "--db", db}, "subcommand is csv"},
		{[]string{"export", "csv", "--db", db}, "--out"},
		{[]string{"export", "csv", "--db", filepath.Join(dir, "nothing.db"), "--out", out}, "no database"},
		{[]string{"export", "csv", "--db", db, "--out", out, "--clinic", "99"}, "no such clinic"},
	} {
		code, _, stderr := runCmd(t, c.args...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", c.args, code, stderr, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "nothing.db")); err == nil {
		t.Error("exporting from a database that is not there made one")
	}
}
