package cli

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"onset/internal/fhir/fhirschema"
)

// readNDJSON reads an export's file of typ as normalized lines: ids,
// meta.lastUpdated and the numbers in references differ between two
// databases and are blanked; the lines are sorted.
func readNDJSON(t *testing.T, dir, typ string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, typ+".ndjson"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ref := regexp.MustCompile(`"(Patient|QuestionnaireResponse|Encounter|Practitioner|Organization)/[^"]*"`)
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if err := fhirschema.Validate(typ, sc.Bytes()); err != nil {
			t.Errorf("%s line is not valid R4: %v", typ, err)
		}
		var r map[string]any
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		delete(r, "id")
		if m, ok := r["meta"].(map[string]any); ok {
			delete(m, "lastUpdated")
			delete(m, "versionId")
			if len(m) == 0 {
				delete(r, "meta")
			}
		}
		b, _ := json.Marshal(r)
		out = append(out, ref.ReplaceAllString(string(b), `"$1/*"`))
	}
	slices.Sort(out)
	return out
}

// TestFHIRRoundTrip: export → import into an empty database → export
// gives the same patients, questionnaire totals and questionnaire
// responses (ids and meta.lastUpdated aside); importing again adds
// nothing; the doses become courses.
func TestFHIRRoundTrip(t *testing.T) {
	t.Parallel()
	src := demoDB(t, 24)
	dir := t.TempDir()
	first, second := filepath.Join(dir, "first"), filepath.Join(dir, "second")
	if code, _, errOut := runCmd(t, "export", "fhir", "--db", src, "--out", first); code != 0 {
		t.Fatalf("export: %d %s", code, errOut)
	}
	empty := filepath.Join(dir, "empty.db")
	code, out, errOut := runCmd(t, "import", "fhir", "--db", empty, "--json", first)
	if code != 0 {
		t.Fatalf("import: %d %s\n%s", code, errOut, out)
	}
	var added, courses int
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var rep struct {
			File    string         `json:"file"`
			Added   int            `json:"added"`
			Courses int            `json:"courses"`
			KeptOut map[string]int `json:"kept_out"`
		}
		if err := dec.Decode(&rep); err != nil {
			t.Fatal(err)
		}
		added += rep.Added
		courses += rep.Courses
	}
	if added == 0 || courses == 0 {
		t.Errorf("import added %d records and %d courses:\n%s", added, courses, out)
	}
	if code, _, errOut := runCmd(t, "export", "fhir", "--db", empty, "--out", second); code != 0 {
		t.Fatalf("second export: %d %s", code, errOut)
	}
	for _, typ := range []string{"Patient", "Observation", "QuestionnaireResponse"} {
		a, b := readNDJSON(t, first, typ), readNDJSON(t, second, typ)
		if typ == "Observation" { // vital signs and sedation scores stay with the first clinic's sessions and intakes
			a = slices.DeleteFunc(a, func(s string) bool {
				return strings.Contains(s, "vital-signs") || strings.Contains(s, `"encounter":`)
			})
		}
		if len(a) == 0 {
			t.Errorf("the demo exported no %s", typ)
		}
		if !slices.Equal(a, b) {
			for i := range min(len(a), len(b)) {
				if a[i] != b[i] {
					t.Errorf("%s differs after the round trip (%d vs %d resources); first difference:\n%s\n%s", typ, len(a), len(b), a[i], b[i])
					break
				}
			}
			if len(a) != len(b) {
				t.Errorf("%s: %d resources exported, %d after the round trip", typ, len(a), len(b))
			}
		}
	}
	// The same files again: nothing new.
	code, out, errOut = runCmd(t, "import", "fhir", "--db", empty, "--json", first)
	if code != 0 || strings.Contains(out, `"added":1`) || regexp.MustCompile(`"added":[1-9]`).MatchString(out) {
		t.Errorf("importing again: %d %s\n%s", code, errOut, out)
	}
}

// A file with one bad resource imports nothing, and says which line and
// why, as an OperationOutcome.
func TestFHIRImportRejectsWholeFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "Patient.ndjson")
	good := `{"resourceType":"Patient","id":"p1","identifier":[{"system":"urn:other:mrn","value":"X100"}],"name":[{"family":"Lee","given":["Ana"]}],"gender":"female","birthDate":"1980-02-03"}`
	bad := `{"resourceType":"Patient","id":"p2","name":[{"family":"Kim","given":["Jo"]}],"gender":"male","birthDate":"2023-02-31"}`
	os.WriteFile(file, []byte(good+"\n"+bad+"\n"), 0o600)
	db := filepath.Join(dir, "x.db")
	code, _, errOut := runCmd(t, "import", "fhir", "--db", db, file)
	if code != exitUsage || !strings.Contains(errOut, "line 2:") || !strings.Contains(errOut, `"resourceType":"OperationOutcome"`) ||
		!strings.Contains(errOut, "Patient.birthDate") {
		t.Fatalf("import of a bad file: %d\n%s", code, errOut)
	}
	// Fixed, it imports; the MRN is the other system's identifier.
	os.WriteFile(file, []byte(good+"\n"), 0o600)
	if code, out, errOut := runCmd(t, "import", "fhir", "--db", db, file); code != 0 || !strings.Contains(out, "1 added") {
		t.Fatalf("import: %d %s %s", code, out, errOut)
	}
	obs := filepath.Join(dir, "Observation.ndjson")
	os.WriteFile(obs, []byte(`{"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"44261-6"}]},"subject":{"reference":"Patient/nobody"},"effectiveDateTime":"2026-01-02T10:00:00Z","valueQuantity":{"value":12,"unit":"{score}","system":"http://unitsofmeasure.org","code":"{score}"}}`+"\n"), 0o600)
	if code, _, errOut := runCmd(t, "import", "fhir", "--db", db, obs); code != exitUsage || !strings.Contains(errOut, "Patient/nobody") {
		t.Errorf("an Observation about an unknown patient: %d %s", code, errOut)
	}
}
