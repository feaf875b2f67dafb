package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const (
	importPatientsCSV = "\ufeffPatient,Sex,Birth_Year,Condition,Notes\n" +
		"P1,female,1980,depression,first\n" +
		"P2,M,1975,ptsd,\n"
	// P1: two doses a week apart, then one 100 days later (a new course
	// with the default 90-day gap). P2: one course.
	importTreatmentsCSV = "patient,given_at,route,dose_mg,weight_kg\n" +
		"P1,2026-01-05 09:00,iv,35,70\n" +
		"P1,2026-01-12 09:00,iv,35,70\n" +
		"P2,2026-02-01,esketamine,56,80\n" +
		"P1,2026-04-22 09:00,im,35,70\n"
	importAssessmentsCSV = "patient,taken_at,instrument,total,answers\n" +
		"P1,2026-01-04 09:00,phq9,20,\n" +
		"P1,2026-01-06 09:00,phq9,,\"2,2,1,0,0,0,0,0,0\"\n" +
		"P1,2026-01-20 09:00,phq9,3,\n" +
		"P2,2026-01-30 10:00,phq9,18,\n" +
		"P2,2026-02-08 10:00,phq9,15,\n" +
		"P1,2026-04-25 09:00,phq9,10,\n"
)

func importDB(t *testing.T) (db, dir string) {
	t.Helper()
	dir = t.TempDir()
	return filepath.Join(dir, "onset.db"), dir
}

func TestImportAndReimport(t *testing.T) {
	t.Parallel()
	db, dir := importDB(t)
	args := []string{"import", "--db", db,
		"--patients", writeFile(t, dir, "p.csv", importPatientsCSV),
		"--treatments", writeFile(t, dir, "t.csv", importTreatmentsCSV),
		"--assessments", writeFile(t, dir, "a.csv", importAssessmentsCSV)}
	code, out, errOut := runCmd(t, args...)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d: stderr %q (no progress bar when stderr is not a terminal)", code, errOut)
	}
	for _, want := range []string{"2 patients rows: 2 added", "4 treatments rows: 4 added, 3 courses started", "6 assessments rows: 6 added", "ignored columns: notes"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	// The imported courses feed the outcomes: P1 course 1 responded on
	// day 1 (baseline 20, then 5); P2 did not (18 → 15); P1 course 2 has a
	// follow-up (25 April) but no baseline in the 30 days before 22 April.
	code, out, errOut = runCmd(t, "outcomes", "--db", db, "--instrument", "phq9", "--json")
	if code != 0 {
		t.Fatalf("outcomes: exit %d %s", code, errOut)
	}
	var doc struct {
		kmOut
		LeftOut map[string]int `json:"left_out"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Groups) != 1 || doc.Groups[0].N != 2 || doc.Groups[0].Events != 1 || doc.LeftOut["no_baseline"] != 1 {
		t.Errorf("outcomes after import: %s", out)
	}
	before := out

	// Re-import: everything is already there, nothing changes.
	code, out, errOut = runCmd(t, append(args, "--json")...)
	if code != 0 {
		t.Fatalf("re-import: exit %d: %s", code, errOut)
	}
	dec := json.NewDecoder(strings.NewReader(out))
	for _, want := range []int{2, 4, 6} {
		var rep struct {
			Added   int `json:"added"`
			Already int `json:"already_imported"`
			Courses int `json:"courses"`
		}
		if err := dec.Decode(&rep); err != nil {
			t.Fatal(err)
		}
		if rep.Added != 0 || rep.Already != want || rep.Courses != 0 {
			t.Errorf("re-import report %+v, want %d already imported and nothing added", rep, want)
		}
	}
	if code, after, _ := runCmd(t, "outcomes", "--db", db, "--instrument", "phq9", "--json"); code != 0 || after != before {
		t.Errorf("outcomes changed after re-import:\n%s\n%s", before, after)
	}

	// A later treatment extends P2's course (within 90 days) and one for
	// P2 half a year on starts another.
	more := writeFile(t, dir, "t2.csv", "patient,given_at,route,dose_mg,weight_kg\nP2,2026-02-04,esketamine,56,80\nP2,2026-09-01,esketamine,84,80\n")
	code, out, errOut = runCmd(t, "import", "--db", db, "--treatments", more)
	if code != 0 || !strings.Contains(out, "2 added, 1 courses started") {
		t.Errorf("second treatments file: exit %d %s %s", code, out, errOut)
	}
}

func TestImportRejectsBadRowsAndStoresNothing(t *testing.T) {
	t.Parallel()
	db, dir := importDB(t)
	bad := "patient,sex,birth_year,condition\n" +
		"P1,female,1980,depression\n" +
		"P2,robot,1975,ptsd\n" + // line 3: sex
		"P3,male,1875,flu\n" + // line 4: year and condition
		"P1,female,1980,depression\n" + // line 5: duplicate
		"P4,male\n" // line 6: fields
	code, out, errOut := runCmd(t, "import", "--db", db, "--patients", writeFile(t, dir, "p.csv", bad))
	if code != exitUsage {
		t.Errorf("exit %d, want 2", code)
	}
	for _, want := range []string{
		"p.csv: line 3: sex must be female, male, other or unknown",
		"p.csv: line 4: birth_year must be a year",
		`condition "flu" is not one of`,
		"p.csv: line 5: patient P1 appears again (first on line 2)",
		"p.csv: line 6: want 4 fields, got 2",
		"4 rows were rejected, so nothing was imported from this file",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if out != "" {
		t.Errorf("stdout %q", out)
	}
	// Nothing stored: a treatment for P1 finds no patient.
	tr := writeFile(t, dir, "t.csv", "patient,given_at,route,dose_mg,weight_kg\n"+
		"P1,2026-01-05,iv,35,70\n"+
		"P1,2026-01-06,nasal,35,70\n"+
		"P1,2099-01-01,iv,-3,7\n")
	code, _, errOut = runCmd(t, "import", "--db", db, "--treatments", tr)
	for _, want := range []string{
		`t.csv: line 2: patient "P1" is not in the clinic`,
		`t.csv: line 3: patient "P1" is not in the clinic (import the patients file first); route must be`,
		"t.csv: line 4:", "is in the future", "dose_mg must be", "weight_kg must be",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if code != exitUsage {
		t.Errorf("exit %d", code)
	}
	// Assessment checks: answers that do not add up to the total, out of range.
	good := writeFile(t, dir, "p2.csv", "patient,sex,birth_year,condition\nP1,female,1980,depression\n")
	if code, _, errOut := runCmd(t, "import", "--db", db, "--patients", good); code != 0 {
		t.Fatalf("good patients: %s", errOut)
	}
	as := writeFile(t, dir, "a.csv", "patient,taken_at,instrument,total,item1,item2,item3,item4,item5,item6,item7,item8,item9\n"+
		"P1,2026-01-04,phq9,9,1,1,1,1,1,1,1,1,1\n"+
		"P1,2026-01-05,phq9,10,1,1,1,1,1,1,1,1,1\n"+
		"P1,2026-01-06,phq9,28,,,,,,,,,\n"+
		"P1,2026-01-07,bdi,10,,,,,,,,,\n"+
		"P1,2026-01-08,gad7,3,1,1,1,,,,,,\n")
	code, _, errOut = runCmd(t, "import", "--db", db, "--assessments", as)
	for _, want := range []string{
		`line 3: total "10" does not match the answers, which add up to 9`,
		"line 4: phq9 totals run from 0 to 27, got 28",
		`line 5: instrument "bdi" is not one of`,
		"line 6: answers: gad7 item 4: answer is missing",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if code != exitUsage || strings.Contains(errOut, "line 2:") {
		t.Errorf("exit %d; line 2 is good:\n%s", code, errOut)
	}
}

func TestImportBadInvocation(t *testing.T) {
	t.Parallel()
	db, dir := importDB(t)
	for _, args := range [][]string{
		{"import", "--db", db},
		{"import", "--db", db, "--patients", filepath.Join(dir, "missing.csv")},
		{"import", "--db", db, "--patients", writeFile(t, dir, "x.csv", "id,sex\n1,f\n")},
		{"import", "--db", db, "--treatments", writeFile(t, dir, "y.csv", "")},
		{"import", "--db", db, "--course-gap-days", "0", "--treatments", "t.csv"},
	} {
		code, _, errOut := runCmd(t, args...)
		if code != exitUsage || errOut == "" {
			t.Errorf("%v: exit %d stderr %q", args[3:], code, errOut)
		}
	}
}
