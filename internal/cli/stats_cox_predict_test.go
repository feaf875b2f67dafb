package cli

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"
)

// TestStatsCoxPredictAgainstR: --predict through the command gives R's
// survfit(fit, newdata) on lung (survival 3.5-3,
// internal/outcomes/testdata/survfit_reference.json) to 1e-6.
func TestStatsCoxPredictAgainstR(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../outcomes/testdata/survfit_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Curves []struct {
			Name   string
			Curves []struct {
				Profile map[string]string
				At      []struct {
					Time, Surv, Lower, Upper, CumHaz float64
					StdErr                           float64 `json:"std_err"`
				}
			}
		}
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	for _, rc := range ref.Curves {
		if rc.Name != "lung_efron" && rc.Name != "lung_breslow" {
			continue
		}
		ties := strings.TrimPrefix(rc.Name, "lung_")
		args := []string{"stats", "cox", "../outcomes/testdata/lung.csv", "--covariates", "age,sex,ph.ecog,wt.loss",
			"--reference", "ph.ecog=1", "--ties", ties, "--at", "1,30,91,180,365,550,730", "--json"}
		for _, c := range rc.Curves {
			var kv []string
			for k, v := range c.Profile {
				kv = append(kv, k+"="+v)
			}
			args = append(args, "--predict", strings.Join(kv, ","))
		}
		// sex is numeric in the CSV: R's model has it as a factor.
		args = append(args, "--reference", "sex=1")
		code, out, errOut := runCmd(t, args...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", rc.Name, code, errOut)
		}
		var doc struct {
			Predictions []struct {
				At []struct {
					Time, Surv, CumHaz float64
					StdErr             float64 `json:"std_err"`
					Lower, Upper       float64
				}
			}
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Predictions) != len(rc.Curves) {
			t.Fatalf("%s: %d predictions, want %d", rc.Name, len(doc.Predictions), len(rc.Curves))
		}
		for i, c := range rc.Curves {
			for j, w := range c.At {
				g := doc.Predictions[i].At[j]
				for _, x := range [][3]float64{{g.Surv, w.Surv}, {g.CumHaz, w.CumHaz}, {g.StdErr, w.StdErr}, {g.Lower, w.Lower}, {g.Upper, w.Upper}} {
					if d := math.Abs(x[0] - x[1]); d > 1e-6*math.Abs(x[1]) && d > 1e-12 {
						t.Errorf("%s %v at %g: %.12g, want %.12g (R)", rc.Name, c.Profile, w.Time, x[0], x[1])
					}
				}
			}
		}
	}
	for _, bad := range [][]string{
		{"--predict", "age=60"},                            // no --at
		{"--at", "30"},                                     // no --predict
		{"--predict", "age=x,sex=1", "--at", "30"},         // not a number
		{"--predict", "age=60,sex=3", "--at", "30"},        // no such level
		{"--predict", "age=60,shoe=3,sex=1", "--at", "30"}, // not a covariate
		{"--predict", "age", "--at", "30"},                 // not col=value
	} {
		args := append([]string{"stats", "cox", "../outcomes/testdata/lung.csv", "--covariates", "age,sex", "--reference", "sex=1"}, bad...)
		if code, _, errOut := runCmd(t, args...); code != exitUsage || errOut == "" {
			t.Errorf("%v: exit %d, want 2 with a reason", bad, code)
		}
	}
}
