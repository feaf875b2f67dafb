package cli

import (
	"encoding/json"
	"math"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// coxOut is the --json document as a test reads it.
type coxOut struct {
	N       int            `json:"n"`
	Events  int            `json:"events"`
	LeftOut map[string]int `json:"left_out"`
	Ties    string         `json:"ties"`
	Coefs   []struct {
		Name      string  `json:"name"`
		Covariate string  `json:"covariate"`
		Level     *string `json:"level"`
		Reference *string `json:"reference"`
		Coef      float64 `json:"coef"`
		HR        float64 `json:"hr"`
		SE        float64 `json:"se"`
		Z         float64 `json:"z"`
		P         float64 `json:"p"`
		HRLower   float64 `json:"hr_lower"`
		HRUpper   float64 `json:"hr_upper"`
	} `json:"coefficients"`
	LogLik struct {
		Null  float64 `json:"null"`
		Model float64 `json:"model"`
	} `json:"loglik"`
	Iterations int  `json:"iterations"`
	Converged  bool `json:"converged"`
	Tests      map[string]struct {
		ChiSq float64 `json:"chisq"`
		DF    int     `json:"df"`
		P     float64 `json:"p"`
	} `json:"tests"`
	Concordance struct {
		C, SE                  float64
		Concordant, Discordant float64
		TiedX                  float64 `json:"tied_x"`
		TiedY                  float64 `json:"tied_y"`
		TiedXY                 float64 `json:"tied_xy"`
	} `json:"concordance"`
	ZPH []struct {
		Term  string  `json:"term"`
		ChiSq float64 `json:"chisq"`
		DF    int     `json:"df"`
		P     float64 `json:"p"`
	} `json:"zph"`
	Warnings []string `json:"warnings"`
}

func runCoxJSON(t *testing.T, args ...string) coxOut {
	t.Helper()
	code, stdout, stderr := runStatsCmd(t, "", append([]string{"cox", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var out coxOut
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	return out
}

// rRef is one fit of internal/outcomes/testdata/cox_reference.json, made
// by R survival 3.5-3 (cox_reference.R beside it).
type rRef struct {
	Name, Ties string
	N, Events  int
	NMissing   int `json:"n_missing"`
	LogLik0    float64
	LogLik     float64
	Terms      []struct {
		Name                             string
		Coef, HR, SE, Z, P, Lower, Upper float64
	}
	Wald, Score, LR struct{ ChiSq, P float64 }
	Concordance     struct{ C, SE float64 }
	ZPH             []struct {
		Term  string
		ChiSq float64
	}
}

func loadRRef(t *testing.T, name string) rRef {
	t.Helper()
	b, err := os.ReadFile("../outcomes/testdata/cox_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Fits []rRef }
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, f := range doc.Fits {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no fit %q in cox_reference.json", name)
	return rRef{}
}

// within1e6 is the agreement asked of the command's numbers with R's.
func within1e6(got, want float64) bool {
	d := math.Abs(got - want)
	return d <= 1e-6*math.Abs(want) || d <= 1e-12
}

// TestStatsCoxLungMatchesR runs the command on R's lung data and compares
// its JSON with R's numbers: age, sex and ph.ecog categorical (ph.ecog
// with reference level 1), wt.loss continuous with missing values.
func TestStatsCoxLungMatchesR(t *testing.T) {
	t.Parallel()
	for _, ties := range []string{"efron", "breslow"} {
		t.Run(ties, func(t *testing.T) {
			t.Parallel()
			ref := loadRRef(t, "lung_"+ties)
			out := runCoxJSON(t, "../outcomes/testdata/lung.csv", "--covariates", "age,sex,ph.ecog,wt.loss",
				"--reference", "sex=1", "--reference", "ph.ecog=1", "--ties", ties)
			check := func(what string, got, want float64) {
				t.Helper()
				if !within1e6(got, want) {
					t.Errorf("%s: %.10g, R %.10g", what, got, want)
				}
			}
			if out.N != ref.N || out.Events != ref.Events || out.LeftOut["missing_covariate"] != ref.NMissing || out.Ties != ties {
				t.Errorf("n %d events %d left out %v ties %s; R: %d %d %d", out.N, out.Events, out.LeftOut, out.Ties, ref.N, ref.Events, ref.NMissing)
			}
			check("loglik null", out.LogLik.Null, ref.LogLik0)
			check("loglik", out.LogLik.Model, ref.LogLik)
			if len(out.Coefs) != len(ref.Terms) {
				t.Fatalf("%d coefficients, R %d", len(out.Coefs), len(ref.Terms))
			}
			for i, w := range ref.Terms {
				g := out.Coefs[i]
				if g.Name != w.Name {
					t.Errorf("coefficient %d: %s, R %s", i, g.Name, w.Name)
				}
				check(w.Name+" coef", g.Coef, w.Coef)
				check(w.Name+" hr", g.HR, w.HR)
				check(w.Name+" se", g.SE, w.SE)
				check(w.Name+" z", g.Z, w.Z)
				check(w.Name+" p", g.P, w.P)
				check(w.Name+" lower", g.HRLower, w.Lower)
				check(w.Name+" upper", g.HRUpper, w.Upper)
			}
			check("wald", out.Tests["wald"].ChiSq, ref.Wald.ChiSq)
			check("score", out.Tests["score"].ChiSq, ref.Score.ChiSq)
			check("lr", out.Tests["likelihood_ratio"].ChiSq, ref.LR.ChiSq)
			check("lr p", out.Tests["likelihood_ratio"].P, ref.LR.P)
			check("concordance", out.Concordance.C, ref.Concordance.C)
			check("concordance se", out.Concordance.SE, ref.Concordance.SE)
			for i, w := range ref.ZPH {
				if out.ZPH[i].Term != w.Term {
					t.Errorf("zph row %d: %s, R %s", i, out.ZPH[i].Term, w.Term)
				}
				check("zph "+w.Term, out.ZPH[i].ChiSq, w.ChiSq)
			}
			if c := out.Coefs[2]; *c.Level != "0" || *c.Reference != "1" || c.Covariate != "ph.ecog" {
				t.Errorf("ph.ecog0: level %v reference %v covariate %s", *c.Level, *c.Reference, c.Covariate)
			}
		})
	}
}

// tinyCSV is the 24-row set of `stats km`'s reference test (group 1 the
// faster), as a CSV with the group also as text.
const tinyCSV = `time,event,group,arm
6,1,0,placebo
6,1,0,placebo
6,1,0,placebo
6,0,0,placebo
7,1,0,placebo
9,0,0,placebo
10,1,0,placebo
10,0,0,placebo
11,0,0,placebo
13,1,0,placebo
16,1,0,placebo
17,0,0,placebo
1,1,1,ketamine
1,1,1,ketamine
2,1,1,ketamine
2,1,1,ketamine
3,1,1,ketamine
4,1,1,ketamine
4,1,1,ketamine
5,1,1,ketamine
5,1,1,ketamine
8,1,1,ketamine
8,1,1,ketamine
8,1,1,ketamine
`

// The figures for the tiny set (R survival 3.5-3), and the same
// model with the group as text: "ketamine" sorts first, so it is the
// reference unless --reference says otherwise.
func TestStatsCoxTiny(t *testing.T) {
	t.Parallel()
	path := writeCSV(t, tinyCSV)
	out := runCoxJSON(t, path, "--covariates", "group")
	c := out.Coefs[0]
	if math.Abs(c.Coef-1.98282956) > 5e-9 || math.Abs(c.HR-7.263266) > 5e-7 || math.Abs(c.SE-0.592433) > 5e-7 || math.Abs(out.Tests["score"].ChiSq-14.637459) > 5e-7 {
		t.Errorf("coef %.9g HR %.7g se %.7g score %.7g; want 1.98282956, 7.263266, 0.592433, 14.637459", c.Coef, c.HR, c.SE, out.Tests["score"].ChiSq)
	}
	if out.N != 24 || out.Events != 19 || c.Level != nil || c.Reference != nil {
		t.Errorf("n %d events %d level %v reference %v", out.N, out.Events, c.Level, c.Reference)
	}

	text := runCoxJSON(t, path, "--covariates", "arm")
	if a := text.Coefs[0]; a.Name != "armplacebo" || *a.Reference != "ketamine" || !within1e6(a.Coef, -c.Coef) {
		t.Errorf("arm: %s vs %v, coef %g; want armplacebo vs ketamine, %g", a.Name, *a.Reference, a.Coef, -c.Coef)
	}
	flipped := runCoxJSON(t, path, "--covariates", "arm", "--reference", "arm=placebo")
	if a := flipped.Coefs[0]; a.Name != "armketamine" || !within1e6(a.Coef, c.Coef) || !within1e6(flipped.ZPH[0].ChiSq, out.ZPH[0].ChiSq) {
		t.Errorf("arm, reference placebo: %s coef %g, zph %g; want armketamine %g, %g", a.Name, a.Coef, flipped.ZPH[0].ChiSq, c.Coef, out.ZPH[0].ChiSq)
	}
	breslow := runCoxJSON(t, path, "--covariates", "group", "--ties", "breslow")
	if ref := loadRRef(t, "tiny_breslow"); !within1e6(breslow.Coefs[0].Coef, ref.Terms[0].Coef) || breslow.Ties != "breslow" {
		t.Errorf("breslow coef %g, R %g", breslow.Coefs[0].Coef, ref.Terms[0].Coef)
	}
}

func TestStatsCoxTable(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := runStatsCmd(t, "", "cox", "../outcomes/testdata/lung.csv", "--covariates", "age,sex,ph.ecog,wt.loss", "--reference", "ph.ecog=1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"n = 213 (15 left out for a missing covariate), events = 151, ties: efron",
		"ph.ecog2     0.545002    1.72461    0.207158   2.631   0.008517",
		"reference levels: ph.ecog=1",
		"Concordance = 0.6471 (se = 0.0263)",
		"Likelihood ratio test = ",
		"Score (logrank) test  = ",
		"Proportional hazards (cox.zph, transform km):",
		"GLOBAL",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("table lacks %q:\n%s", want, stdout)
		}
	}
}

// Missing values, blank lines, CRLF, spaces and a quoted file read alike.
func TestStatsCoxReadsCSVVariants(t *testing.T) {
	t.Parallel()
	base := runCoxJSON(t, writeCSV(t, tinyCSV), "--covariates", "group")
	crlf := "\ufeff" + strings.ReplaceAll(strings.Replace(tinyCSV, "6,1,0,placebo\n", "6,1,0,placebo\n\n", 1), "\n", "\r\n")
	quoted := strings.ReplaceAll(tinyCSV, "placebo", `"placebo"`)
	spaced := strings.ReplaceAll(tinyCSV, ",", " , ")
	for name, content := range map[string]string{"crlf, bom, blank line": crlf, "quoted": quoted, "spaces": spaced} {
		got := runCoxJSON(t, writeCSV(t, content), "--covariates", "group")
		if !reflect.DeepEqual(got, base) {
			t.Errorf("%s: %+v, want %+v", name, got, base)
		}
	}
	withNA := strings.Replace(tinyCSV, "7,1,0,placebo", "7,1,NA,placebo", 1)
	withNA = strings.Replace(withNA, "3,1,1,ketamine", "3,1,,NA", 1)
	miss := runCoxJSON(t, writeCSV(t, withNA), "--covariates", "group")
	if miss.N != 22 || miss.LeftOut["missing_covariate"] != 2 {
		t.Errorf("NA and empty: n %d, left out %v; want 22 and 2", miss.N, miss.LeftOut)
	}
	cat := runCoxJSON(t, writeCSV(t, withNA), "--covariates", "arm")
	if cat.N != 23 || cat.LeftOut["missing_covariate"] != 1 || len(cat.Coefs) != 1 {
		t.Errorf("NA in a categorical column: n %d, left out %v, %d coefficients; want 23, 1, 1", cat.N, cat.LeftOut, len(cat.Coefs))
	}
	stdin := func() coxOut {
		code, stdout, stderr := runStatsCmd(t, tinyCSV, "cox", "-", "--covariates", "group", "--json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var out coxOut
		if err := json.Unmarshal([]byte(stdout), &out); err != nil {
			t.Fatal(err)
		}
		return out
	}()
	if !reflect.DeepEqual(stdin, base) {
		t.Errorf("stdin differs from the file")
	}
}

func TestStatsCoxBadInput(t *testing.T) {
	t.Parallel()
	tiny := writeCSV(t, tinyCSV)
	collinear := strings.Replace(tinyCSV, "time,event,group,arm", "time,event,group,twice", 1)
	collinear = strings.NewReplacer(",placebo", ",0", ",ketamine", ",2").Replace(collinear)
	oneLevel := strings.ReplaceAll(tinyCSV, "ketamine", "placebo")
	tests := []struct {
		name    string
		content string // "" for the tiny file
		args    []string
		want    string
	}{
		{"no covariates", "", []string{}, "--covariates: name at least one column"},
		{"missing column", "", []string{"--covariates", "dose"}, `no column "dose" in the header (columns: time,event,group,arm)`},
		{"no event column", "time,status,group\n1,1,0\n", []string{"--covariates", "group"}, `no column "event"`},
		{"bad ties", "", []string{"--covariates", "group", "--ties", "exact"}, "--ties must be efron or breslow"},
		{"reference not a covariate", "", []string{"--covariates", "group", "--reference", "arm=placebo"}, `"arm" is not among --covariates`},
		{"bad reference", "", []string{"--covariates", "arm", "--reference", "arm"}, "want col=level"},
		{"no such level", "", []string{"--covariates", "arm", "--reference", "arm=sham"}, `reference level "sham" of "arm" is not among its levels (ketamine, placebo)`},
		{"no events", strings.NewReplacer(",1,0,", ",0,0,", ",1,1,", ",0,1,").Replace(tinyCSV), []string{"--covariates", "group"}, "no events in the 24 rows used"},
		{"one level", oneLevel, []string{"--covariates", "arm"}, `categorical covariate "arm" has one level ("placebo")`},
		{"collinear", collinear, []string{"--covariates", "group,twice"}, "collinear design: twice is a linear combination of the columns before it"},
		{"infinite", strings.Replace(tinyCSV, "9,0,0,", "9,0,Inf,", 1), []string{"--covariates", "group"}, `line 7: group must be a finite number, a category or NA, got "Inf"`},
		{"overflow", strings.Replace(tinyCSV, "9,0,0,", "9,0,1e999,", 1), []string{"--covariates", "group"}, `line 7: group must be a finite number`},
		{"bad time", strings.Replace(tinyCSV, "9,0,0,", "-9,0,0,", 1), []string{"--covariates", "group"}, `line 7: time must not be negative, got "-9"`},
		{"bad event", strings.Replace(tinyCSV, "9,0,0,", "9,2,0,", 1), []string{"--covariates", "group"}, `line 7: event must be 0 or 1, got "2"`},
		{"short row", strings.Replace(tinyCSV, "9,0,0,placebo", "9,0", 1), []string{"--covariates", "group"}, "line 7: want 4 fields, got 2"},
		{"empty", "\n", []string{"--covariates", "group"}, "missing header"},
		{"header only", "time,event,group\n", []string{"--covariates", "group"}, "no data rows after the header"},
		{"outcome as covariate", "", []string{"--covariates", "time"}, `"time" is the outcome`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := tiny
			if tc.content != "" {
				path = writeCSV(t, tc.content)
			}
			code, stdout, stderr := runStatsCmd(t, "", append([]string{"cox", path}, tc.args...)...)
			if code != exitUsage || stdout != "" || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and %q", code, stdout, stderr, tc.want)
			}
		})
	}
}

func TestStatsCoxUsage(t *testing.T) {
	t.Parallel()
	code, _, stderr := runStatsCmd(t, "", "cox", "-h")
	if code != 0 || !strings.Contains(stderr, "usage: onset stats cox FILE.csv --covariates") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

// FuzzReadCoxCSV: any input without quotes reads the same through the
// hand-split fast path and through encoding/csv.
func FuzzReadCoxCSV(f *testing.F) {
	f.Add([]byte(tinyCSV))
	f.Add([]byte("time,event,x\n1,1,NA\n\n2,0, a \r\n3,1,1e3\n4,1,-0.5\n"))
	f.Add([]byte("time,event,x\n1,1\n-1,1,2\n1,3,2\n1,1,Inf\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if strings.ContainsRune(string(data), '"') {
			return
		}
		var arena hugeArena
		defer arena.release()
		fast, errFast := readCoxCSV(data, []string{"x"}, &arena)
		slow, errSlow := readCoxCSVQuoted(data, []string{"x"})
		if (errFast == nil) != (errSlow == nil) {
			t.Fatalf("fast path error %v, encoding/csv %v", errFast, errSlow)
		}
		if errFast != nil {
			return
		}
		if fast.nBad != slow.nBad || !reflect.DeepEqual(fast.bad, slow.bad) {
			t.Fatalf("bad rows: fast %d %v, encoding/csv %d %v", fast.nBad, fast.bad, slow.nBad, slow.bad)
		}
		if fast.nBad > 0 {
			return
		}
		if !reflect.DeepEqual(fast.time, slow.time) && len(fast.time)+len(slow.time) > 0 || !reflect.DeepEqual(fast.event, slow.event) && len(fast.event)+len(slow.event) > 0 {
			t.Fatalf("rows differ: %v %v vs %v %v", fast.time, fast.event, slow.time, slow.event)
		}
		fc, sc := fast.cols[0], slow.cols[0]
		if fc.text != sc.text || !reflect.DeepEqual(fc.codes, sc.codes) || !reflect.DeepEqual(fc.levels, sc.levels) || len(fc.num) != len(sc.num) {
			t.Fatalf("column differs: %+v vs %+v", fc, sc)
		}
		for i := range fc.num {
			if fc.num[i] != sc.num[i] && !(math.IsNaN(fc.num[i]) && math.IsNaN(sc.num[i])) {
				t.Fatalf("row %d: %g vs %g", i, fc.num[i], sc.num[i])
			}
		}
	})
}

// A file over 1 MB is split between the cores: the rows, their order and a
// bad row's line number come out as from encoding/csv.
func TestReadCoxCSVInChunks(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("time,event,x,arm\n")
	for i := range 90_000 {
		if i%7000 == 3 {
			b.WriteString("\r\n") // a blank line now and then
		}
		b.WriteString(strconv.Itoa(i%997) + "." + strconv.Itoa(i%10) + "," + strconv.Itoa(i%3%2) + "," + strconv.Itoa(i%13) + ",arm" + strconv.Itoa(i%4) + "\n")
	}
	good := []byte(b.String())
	if len(good) <= 1<<20 {
		t.Fatalf("only %d bytes: want more than one chunk", len(good))
	}
	var arena hugeArena
	defer arena.release()
	fast, err := readCoxCSV(good, []string{"x", "arm"}, &arena)
	if err != nil {
		t.Fatal(err)
	}
	slow, err := readCoxCSVQuoted(good, []string{"x", "arm"})
	if err != nil {
		t.Fatal(err)
	}
	if fast.nBad != 0 || !reflect.DeepEqual(fast.time, slow.time) || !reflect.DeepEqual(fast.event, slow.event) ||
		!reflect.DeepEqual(fast.cols[0].num, slow.cols[0].num) || !reflect.DeepEqual(fast.cols[1].codes, slow.cols[1].codes) || !reflect.DeepEqual(fast.cols[1].levels, slow.cols[1].levels) {
		t.Fatalf("the chunked read differs from encoding/csv's (%d rows, %d bad)", len(fast.time), fast.nBad)
	}
	if len(fast.time) != 90_000 || !fast.cols[1].text || fast.cols[0].text {
		t.Errorf("%d rows, text %v %v", len(fast.time), fast.cols[0].text, fast.cols[1].text)
	}
	// A bad row near the end: its line number counts every line before it.
	lines := strings.Split(b.String(), "\n")
	lines[len(lines)-10] = "1,2,3,arm0"
	bad, err := readCoxCSV([]byte(strings.Join(lines, "\n")), []string{"x", "arm"}, &arena)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(lines) - 9; bad.nBad != 1 || bad.bad[0].line != want {
		t.Errorf("bad rows %d %v, want one on line %d", bad.nBad, bad.bad, want)
	}
}
