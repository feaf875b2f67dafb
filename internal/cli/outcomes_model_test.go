package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"onset/internal/outcomes"
)

// TestOutcomesModelCommand: --model cox on the demo clinic's stored
// courses prints the stats cox document plus the event, levels and
// sentences; bad input exits 2 with one line.
func TestOutcomesModelCommand(t *testing.T) {
	t.Parallel()
	db := demoDB(t, 120)
	code, out, errOut := runCmd(t, "outcomes", "--db", db, "--instrument", "phq9", "--model", "cox",
		"--covariates", "therapy,route,baseline", "--reference", "route=iv", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc outcomes.CohortModelJSON
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if doc.Event != "response" || doc.Ties != "efron" || doc.N < 30 || doc.Events == 0 || len(doc.Coefficients) < 3 {
		t.Fatalf("document %+v", doc)
	}
	if doc.Coefficients[0].Name != "therapyyes" || *doc.Coefficients[0].Reference != "no" || len(doc.ZPH) != 4 {
		t.Errorf("coefficients %+v, zph %+v", doc.Coefficients, doc.ZPH)
	}
	n := 0
	for _, l := range doc.Levels["therapy"] {
		n += l.N
	}
	if n != doc.N || len(doc.Statements) != len(doc.Coefficients) {
		t.Errorf("levels of therapy add to %d of %d; %d statements", n, doc.N, len(doc.Statements))
	}
	for _, c := range doc.Coefficients {
		if c.Covariate == "route" && *c.Reference != "iv" {
			t.Errorf("route reference %q, want iv", *c.Reference)
		}
	}
	code, out, errOut = runCmd(t, "outcomes", "--db", db, "--instrument", "phq9", "--model", "cox", "--covariates", "baseline,failed_trials", "--ties", "breslow")
	if code != 0 || !strings.Contains(out, "ties: breslow") || !strings.Contains(out, "not proof of cause") || !strings.Contains(out, "left out for a missing covariate") {
		t.Errorf("table: exit %d %s\n%s", code, errOut, out)
	}
	for _, args := range [][]string{
		{"--model", "cox"},
		{"--model", "logistic", "--covariates", "therapy"},
		{"--covariates", "therapy"},
		{"--model", "cox", "--covariates", "shoe_size"},
		{"--model", "cox", "--covariates", "therapy", "--ties", "exact"},
		{"--model", "cox", "--covariates", "therapy", "--reference", "baseline=10"},
		{"--model", "cox", "--covariates", "therapy", "--by", "route"},
	} {
		code, _, errOut := runCmd(t, append([]string{"outcomes", "--db", db, "--instrument", "phq9"}, args...)...)
		if code != exitUsage || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line", args, code, errOut)
		}
	}
}
