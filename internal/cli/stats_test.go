package cli

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// amlCSV is R's survival::aml (Miller 1981): weeks in remission by
// maintenance chemotherapy.
const amlCSV = `time,event,group
9,1,Maintained
13,1,Maintained
13,0,Maintained
18,1,Maintained
23,1,Maintained
28,0,Maintained
31,1,Maintained
34,1,Maintained
45,0,Maintained
48,1,Maintained
161,0,Maintained
5,1,Nonmaintained
5,1,Nonmaintained
8,1,Nonmaintained
8,1,Nonmaintained
12,1,Nonmaintained
16,0,Nonmaintained
23,1,Nonmaintained
27,1,Nonmaintained
30,1,Nonmaintained
33,1,Nonmaintained
43,1,Nonmaintained
45,1,Nonmaintained
`

func writeCSV(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data.csv")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func runStatsCmd(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(t.Context(), append([]string{"stats"}, args...), strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

type kmOut struct {
	Groups []struct {
		Group       string   `json:"group"`
		N           int      `json:"n"`
		Events      int      `json:"events"`
		Median      *float64 `json:"median"`
		MedianLower *float64 `json:"median_lower"`
		MedianUpper *float64 `json:"median_upper"`
		At          []struct {
			Time     float64  `json:"time"`
			NRisk    int      `json:"n_risk"`
			NEvent   int      `json:"n_event"`
			Survival float64  `json:"survival"`
			Lower    *float64 `json:"lower"`
			Upper    *float64 `json:"upper"`
		} `json:"at"`
	} `json:"groups"`
	LogRank *struct {
		ChiSq float64 `json:"chisq"`
		DF    int     `json:"df"`
		P     float64 `json:"p"`
	} `json:"logrank"`
}

func decodeKM(t *testing.T, stdout string) kmOut {
	t.Helper()
	var doc kmOut
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("decode %q: %v", stdout, err)
	}
	if dec.More() {
		t.Fatalf("more than one JSON value: %q", stdout)
	}
	return doc
}

// ptrNear compares a nullable number; want NaN means null.
func ptrNear(got *float64, want, tol float64) bool {
	if math.IsNaN(want) {
		return got == nil
	}
	return got != nil && math.Abs(*got-want) <= tol
}

// TestStatsKMAmlMatchesR checks the command against R 4.x on aml:
//
//	fit <- survfit(Surv(time, status) ~ x, data = aml)
//	summary(fit, times = c(9, 23)); print(fit); survdiff(Surv(time, status) ~ x, aml)
//
// Maintained at 9: S 0.909 (0.7541, 1.000), 11 at risk; at 23: 0.614
// (0.3769, 0.999), 7 at risk. Nonmaintained at 9: 0.667 (0.4468, 0.995),
// 8 at risk; at 23: 0.486 (0.2675, 0.883), 6 at risk. Medians 31 (18, NA)
// and 23 (8, NA). Log-rank chisq 3.4 on 1 df, p = 0.0653.
// n_event is cumulative from time 0: R's summary prints 3 (not 4) for
// Maintained at 23, the events since 9.
func TestStatsKMAmlMatchesR(t *testing.T) {
	t.Parallel()
	path := writeCSV(t, amlCSV)
	for name, args := range map[string][]string{
		"file first": {"km", path, "--times", "9,23", "--json"},
		"file last":  {"km", "--times=9,23", "--json", path},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runStatsCmd(t, "", args...)
			if code != exitOK || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			doc := decodeKM(t, stdout)
			type at struct {
				time               float64
				risk, events       int
				surv, lower, upper float64
			}
			want := []struct {
				group                  string
				n, events              int
				median, mLower, mUpper float64
				at                     []at
			}{
				{"Maintained", 11, 7, 31, 18, math.NaN(), []at{{9, 11, 1, 0.909, 0.7541, 1.000}, {23, 7, 4, 0.614, 0.3769, 0.999}}},
				{"Nonmaintained", 12, 11, 23, 8, math.NaN(), []at{{9, 8, 4, 0.667, 0.4468, 0.995}, {23, 6, 6, 0.486, 0.2675, 0.883}}},
			}
			if len(doc.Groups) != len(want) {
				t.Fatalf("groups = %+v", doc.Groups)
			}
			for i, w := range want {
				g := doc.Groups[i]
				if g.Group != w.group || g.N != w.n || g.Events != w.events {
					t.Errorf("group %d = %s n %d events %d, want %+v", i, g.Group, g.N, g.Events, w)
				}
				if !ptrNear(g.Median, w.median, 0) || !ptrNear(g.MedianLower, w.mLower, 0) || !ptrNear(g.MedianUpper, w.mUpper, 0) {
					t.Errorf("%s median %v (%v, %v), want %v (%v, %v)", g.Group, g.Median, g.MedianLower, g.MedianUpper, w.median, w.mLower, w.mUpper)
				}
				if len(g.At) != len(w.at) {
					t.Fatalf("%s at = %+v", g.Group, g.At)
				}
				for j, wa := range w.at {
					a := g.At[j]
					if a.Time != wa.time || a.NRisk != wa.risk || a.NEvent != wa.events ||
						math.Abs(a.Survival-wa.surv) > 1e-3 || !ptrNear(a.Lower, wa.lower, 1e-3) || !ptrNear(a.Upper, wa.upper, 1e-3) {
						t.Errorf("%s at %g = %+v, want %+v", g.Group, wa.time, a, wa)
					}
				}
			}
			lr := doc.LogRank
			if lr == nil || math.Abs(lr.ChiSq-3.396) > 1e-3 || lr.DF != 1 || math.Abs(lr.P-0.0653) > 1e-4 {
				t.Errorf("logrank = %+v, want chisq 3.396 on 1 df, p 0.0653", lr)
			}
			// null, not absent, for the bound R prints as NA
			if !strings.Contains(stdout, `"median_upper":null`) {
				t.Errorf("missing null bound in %s", stdout)
			}
		})
	}
}

func TestStatsKMOneGroup(t *testing.T) {
	t.Parallel()
	// No group column: one group "all", logrank null; S = 0 at 4 has no bounds.
	code, stdout, stderr := runStatsCmd(t, "time,event\n1,1\n2,1\n2,0\n3,1\n", "km", "-", "--json", "--times", "2,3")
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, `"logrank":null`) {
		t.Errorf("logrank not null: %s", stdout)
	}
	doc := decodeKM(t, stdout)
	g := doc.Groups[0]
	if g.Group != "all" || g.N != 4 || g.Events != 3 || *g.Median != 2.5 {
		t.Errorf("group = %+v", g)
	}
	if a := g.At[0]; a.NRisk != 3 || a.Survival != 0.5 { // events before censorings at 2
		t.Errorf("at 2 = %+v", a)
	}
	if a := g.At[1]; a.Survival != 0 || a.Lower != nil || a.Upper != nil {
		t.Errorf("at 3 = %+v", a)
	}
}

func TestStatsKMNumericGroupsSortNumerically(t *testing.T) {
	t.Parallel()
	code, stdout, _ := runStatsCmd(t, "group,time,event\n10,1,1\n2,2,1\n10,3,0\n2,4,1\n", "km", "--json", "-")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	doc := decodeKM(t, stdout)
	if doc.Groups[0].Group != "2" || doc.Groups[1].Group != "10" {
		t.Errorf("order = %s, %s; want 2, 10", doc.Groups[0].Group, doc.Groups[1].Group)
	}
}

func TestStatsKMTable(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := runStatsCmd(t, amlCSV, "km", "-")
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{
		"group Maintained: n=11, events=7, median 31 (95% CI 18 to NA)",
		"group Nonmaintained: n=12, events=11, median 23 (95% CI 8 to NA)",
		"0.7541", "0.2549", // R's lower bounds at 9 and 31
		"log-rank test: chi-square 3.396 on 1 df, p = 0.06534",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("table lacks %q:\n%s", want, stdout)
		}
	}
}

func TestStatsKMBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		csv  string
		args []string
		want []string // each must appear on stderr
	}{
		{
			name: "bad rows, all reported",
			csv:  "time,event,group\n1,1,a\nx,1,a\n-2,0,a\n3,1\n4,1,a\n5,1,a\n6,2,a\n7,1,\nInf,1,a\n",
			want: []string{
				`line 3: time must be a number, got "x"`,
				`line 4: time must not be negative, got "-2"`,
				`line 5: want 3 fields, got 2`,
				`line 8: event must be 0 or 1, got "2"`,
				`line 9: group must not be empty`,
				`line 10: time must be a finite number, got "Inf"`,
				"6 bad rows",
			},
		},
		{name: "missing header", csv: "9,1,a\n", want: []string{"line 1: missing header"}},
		{name: "unknown column", csv: "time,status\n9,1\n", want: []string{"line 1: missing header"}},
		{name: "empty file", csv: "", want: []string{"line 1: missing header"}},
		{name: "header only", csv: "time,event\n", want: []string{"no data rows"}},
		{name: "bare quote", csv: "time,event\n1,1\n2\"x,1\n3,0\n", want: []string{"line 3: bare"}},
		{name: "bad --times", csv: amlCSV, args: []string{"--times", "1,x"}, want: []string{`--times: "x"`}},
		{name: "bad --conf", csv: amlCSV, args: []string{"--conf", "95"}, want: []string{"--conf"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := writeCSV(t, tt.csv)
			code, stdout, stderr := runStatsCmd(t, "", append([]string{"km", path, "--json"}, tt.args...)...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
		})
	}
}

func TestStatsKMManyBadRowsCapped(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("time,event\n")
	for range 50 {
		b.WriteString("1,7\n")
	}
	code, _, stderr := runStatsCmd(t, b.String(), "km", "-")
	if code != exitUsage {
		t.Fatalf("exit %d", code)
	}
	if n := strings.Count(stderr, "event must be 0 or 1"); n != maxBadRows {
		t.Errorf("%d rows listed, want %d", n, maxBadRows)
	}
	if !strings.Contains(stderr, "and 30 more bad rows") || !strings.Contains(stderr, "50 bad rows") {
		t.Errorf("stderr:\n%s", stderr)
	}
}

func TestStatsUsage(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		code int
	}{
		{nil, exitUsage},
		{[]string{"--help"}, exitOK},
		{[]string{"km", "--help"}, exitOK},
		{[]string{"cox"}, exitUsage},
		{[]string{"km"}, exitUsage},
		{[]string{"km", "a.csv", "b.csv"}, exitUsage},
		{[]string{"km", "/nonexistent/file.csv"}, exitUsage},
		{[]string{"km", "--bogus", "a.csv"}, exitUsage},
	} {
		if code, _, _ := runStatsCmd(t, "", tt.args...); code != tt.code {
			t.Errorf("stats %v: exit %d, want %d", tt.args, code, tt.code)
		}
	}
}

// FuzzParseKMCSV: any input parses without panicking, every accepted row is
// a valid observation, and every rejection names a line of the input.
func FuzzParseKMCSV(f *testing.F) {
	f.Add(amlCSV)
	f.Add("time,event\n1,1\n2,0\n")
	f.Add("\ufeffevent,group,time\n1,\"a,b\",3\n")
	f.Add("time,event\nx,1\n1,2\n\"1\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		groups, bad, nBad, err := parseKMCSV(strings.NewReader(in))
		if err != nil {
			return
		}
		if len(bad) > maxBadRows || nBad < len(bad) {
			t.Errorf("%d bad rows listed of %d", len(bad), nBad)
		}
		lines := strings.Count(in, "\n") + 1
		for _, b := range bad {
			if b.line < 2 || b.line > lines {
				t.Errorf("bad row at line %d of %d", b.line, lines)
			}
		}
		for name, obs := range groups {
			if name == "" || len(obs) == 0 {
				t.Errorf("group %q with %d rows", name, len(obs))
			}
			for _, o := range obs {
				if math.IsNaN(o.Time) || math.IsInf(o.Time, 0) || o.Time < 0 {
					t.Errorf("accepted time %v", o.Time)
				}
			}
		}
	})
}
