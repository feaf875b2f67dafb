package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"onset/internal/demo"
	"onset/internal/store"
)

// referenceCSV is issue 6's 24-row appendix.
const referenceCSV = `time,event,group
6,1,0
6,1,0
6,1,0
6,0,0
7,1,0
9,0,0
10,1,0
10,0,0
11,0,0
13,1,0
16,1,0
17,0,0
1,1,1
1,1,1
2,1,1
2,1,1
3,1,1
4,1,1
4,1,1
5,1,1
5,1,1
8,1,1
8,1,1
8,1,1
`

func TestStatsKMReferenceSet(t *testing.T) {
	t.Parallel()
	code, out, errOut := runStatsCmd(t, "", "km", writeCSV(t, referenceCSV), "--times", "7,14", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got kmOut
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Groups) != 2 || got.Groups[0].Group != "0" || got.Groups[1].Group != "1" {
		t.Fatalf("groups: %s", out)
	}
	g0, g1 := got.Groups[0], got.Groups[1]
	near := func(p *float64, want, tol float64) bool { return p != nil && math.Abs(*p-want) <= tol }
	if !near(g0.Median, 13, 0) || !near(g1.Median, 4, 0) {
		t.Errorf("medians: %s", out)
	}
	checks := []struct {
		name               string
		surv               float64
		lower, upper       *float64
		want, wantL, wantU float64
	}{
		{"group 0 S(7)", g0.At[0].Survival, g0.At[0].Lower, g0.At[0].Upper, 0.65625, 0.43175, 0.997484},
		{"group 1 S(7)", g1.At[0].Survival, g1.At[0].Lower, g1.At[0].Upper, 0.25, 0.0938295, 0.666102},
	}
	for _, c := range checks {
		if math.Abs(c.surv-c.want) > 1e-9 || !near(c.lower, c.wantL, 5e-6) || !near(c.upper, c.wantU, 5e-6) {
			t.Errorf("%s = %v (%v, %v), want %v (%v, %v)", c.name, c.surv, c.lower, c.upper, c.want, c.wantL, c.wantU)
		}
	}
	if math.Abs(g0.At[1].Survival-0.3645833) > 5e-7 {
		t.Errorf("group 0 S(14) = %v, want 0.3645833", g0.At[1].Survival)
	}
	if got.LogRank == nil || math.Abs(got.LogRank.ChiSq-13.936468) > 5e-6 || got.LogRank.DF != 1 ||
		math.Abs(got.LogRank.P-0.000189094) > 5e-10 {
		t.Errorf("log-rank: %+v", got.LogRank)
	}
}

// demoDB makes a demo clinic in a fresh SQLite file.
func demoDB(t *testing.T, patients int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "demo.db")
	db, err := store.Open(context.Background(), path, store.Throwaway())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	if _, err := demo.Run(t.Context(), db.Ports(), demo.Options{Seed: 7, Patients: patients, Now: now}); err != nil {
		t.Fatal(err)
	}
	return path
}

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(t.Context(), args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestOutcomesCommand(t *testing.T) {
	t.Parallel()
	db := demoDB(t, 120)
	code, out, errOut := runCmd(t, "outcomes", "--db", db, "--instrument", "phq9", "--by", "route", "--times", "1,7,28", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// The shape is stats km's plus left_out: decode strictly into both.
	var doc struct {
		kmOut
		LeftOut map[string]int `json:"left_out"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(doc.Groups) < 2 || doc.LogRank == nil {
		t.Fatalf("want several routes and a log-rank test: %s", out)
	}
	total := 0
	for _, g := range doc.Groups {
		total += g.N
		if len(g.At) != 3 || g.At[2].Time != 28 || g.At[0].Survival < g.At[2].Survival {
			t.Errorf("group %s: at %+v", g.Group, g.At)
		}
		switch g.Group {
		case "iv", "im", "esketamine", "sublingual", "oral":
		default:
			t.Errorf("unexpected route group %q", g.Group)
		}
	}
	if total == 0 || doc.LeftOut == nil {
		t.Errorf("n %d, left_out %v", total, doc.LeftOut)
	}

	// Relapse leaves out courses that never responded.
	code, out, errOut = runCmd(t, "outcomes", "--db", db, "--instrument", "phq9", "--event", "relapse", "--json")
	if code != 0 || !strings.Contains(out, `"never_responded"`) {
		t.Errorf("relapse: exit %d %s %s", code, out, errOut)
	}
	// The table output prints each group and the left-out counts.
	code, out, _ = runCmd(t, "outcomes", "--db", db, "--instrument", "phq9", "--by", "therapy")
	if code != 0 || !strings.Contains(out, "group with psychotherapy") || !strings.Contains(out, "left out:") {
		t.Errorf("table: exit %d\n%s", code, out)
	}
}

func TestOutcomesCommandBadInput(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "empty.db")
	for _, args := range [][]string{
		{"outcomes", "--db", db},
		{"outcomes", "--db", db, "--instrument", "nope"},
		{"outcomes", "--db", db, "--instrument", "phq9", "--by", "shoe-size"},
		{"outcomes", "--db", db, "--instrument", "phq9", "--event", "cure"},
		{"outcomes", "--db", db, "--instrument", "pcl5", "--event", "remission"},
		{"outcomes", "--db", db, "--instrument", "phq9", "--times", "x"},
		{"outcomes", "--db", db, "--instrument", "phq9", "--from", "2026-13-01"},
	} {
		code, _, errOut := runCmd(t, args...)
		if code != exitUsage || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line", args[3:], code, errOut)
		}
		// README: remission without a cut-off is refused, not a left-out reason.
		if len(args) > 6 && args[4] == "pcl5" && !strings.Contains(errOut, "PCL-5 has no remission cut-off") {
			t.Errorf("pcl5 remission: stderr %q, want the refusal's reason", errOut)
		}
	}
}
