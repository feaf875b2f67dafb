package outcomes

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"testing"
)

// coxReference is testdata/cox_reference.json, written by
// testdata/cox_reference.R with R 4.2.2 and survival 3.5-3.
type coxReference struct {
	RVersion        string      `json:"r_version"`
	SurvivalVersion string      `json:"survival_version"`
	Fits            []coxRefFit `json:"fits"`
}

type coxRefFit struct {
	Name, Data, Ties string
	Covariates       []struct {
		Column      string
		Categorical bool
		Reference   *string
	}
	N, Events int
	NMissing  int `json:"n_missing"`
	Iter      int
	LogLik0   float64
	LogLik    float64
	Terms     []struct {
		Name                             string
		Coef, HR, SE, Z, P, Lower, Upper float64
	}
	Wald, Score coxRefTest
	LR          coxRefTest
	Concordance struct {
		Concordant, Discordant float64
		TiedX                  float64 `json:"tied_x"`
		TiedY                  float64 `json:"tied_y"`
		TiedXY                 float64 `json:"tied_xy"`
		C, SE                  float64
	}
	ZPH []struct {
		Term      string
		ChiSq, DF float64
		P         *float64
	}
}

type coxRefTest struct {
	ChiSq float64
	DF    float64
	P     float64
}

func loadCoxReference(t testing.TB) coxReference {
	t.Helper()
	b, err := os.ReadFile("testdata/cox_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref coxReference
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	return ref
}

// coxTol is the agreement asked of every number: 1e-6 relative, or 1e-12
// absolute for values that are (nearly) 0.
const coxTol = 1e-6

func closeTo(got, want float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	d := math.Abs(got - want)
	return d <= coxTol*math.Abs(want) || d <= 1e-12
}

// coxTable is a data set as columns of text, "NA" for missing.
type coxTable struct {
	time  []float64
	event []bool
	cols  map[string][]string
}

func readCoxCSV(t testing.TB, path string) coxTable {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	tab := coxTable{cols: map[string][]string{}}
	header := recs[0]
	for _, rec := range recs[1:] {
		for k, h := range header {
			switch h {
			case "time":
				v, err := strconv.ParseFloat(rec[k], 64)
				if err != nil {
					t.Fatal(err)
				}
				tab.time = append(tab.time, v)
			case "event":
				tab.event = append(tab.event, rec[k] == "1")
			default:
				tab.cols[h] = append(tab.cols[h], rec[k])
			}
		}
	}
	return tab
}

// tinyTable is the 24-row reference set of reference_test.go.
func tinyTable(t testing.TB) coxTable {
	tab := coxTable{cols: map[string][]string{}}
	for g, s := range []string{referenceGroup0, referenceGroup1} {
		for _, o := range obs(t, s) {
			tab.time = append(tab.time, o.Time)
			tab.event = append(tab.event, o.Event)
			tab.cols["group"] = append(tab.cols["group"], strconv.Itoa(g))
		}
	}
	return tab
}

// covariate makes a column of the table a covariate: "NA" is missing.
func (tab coxTable) covariate(t testing.TB, name string, categorical bool, reference string) CoxCovariate {
	t.Helper()
	vals, ok := tab.cols[name]
	if !ok {
		t.Fatalf("no column %q", name)
	}
	c := CoxCovariate{Name: name, Reference: reference}
	if categorical {
		index := map[string]int32{}
		for _, v := range vals {
			code := int32(-1)
			if v != "NA" {
				var ok bool
				if code, ok = index[v]; !ok {
					code = int32(len(c.Levels))
					index[v] = code
					c.Levels = append(c.Levels, v)
				}
			}
			c.Codes = append(c.Codes, code)
		}
		return c
	}
	for _, v := range vals {
		x := math.NaN()
		if v != "NA" {
			var err error
			if x, err = strconv.ParseFloat(v, 64); err != nil {
				t.Fatal(err)
			}
		}
		c.Values = append(c.Values, x)
	}
	return c
}

func (tab coxTable) fitRef(t testing.TB, ref coxRefFit) CoxFit {
	t.Helper()
	var covs []CoxCovariate
	for _, c := range ref.Covariates {
		r := ""
		if c.Reference != nil {
			r = *c.Reference
		}
		covs = append(covs, tab.covariate(t, c.Column, c.Categorical, r))
	}
	ties := Efron
	if ref.Ties == "breslow" {
		ties = Breslow
	}
	fit, err := Cox(tab.time, tab.event, covs, CoxOptions{Ties: ties})
	if err != nil {
		t.Fatal(err)
	}
	return fit
}

// checkCoxFit compares every number R reported with fit.
func checkCoxFit(t *testing.T, fit CoxFit, ref coxRefFit) {
	t.Helper()
	check := func(what string, got, want float64) {
		t.Helper()
		if !closeTo(got, want) {
			t.Errorf("%s: got %.12g, want %.12g (R)", what, got, want)
		}
	}
	if fit.N != ref.N || fit.Events != ref.Events || fit.Missing != ref.NMissing {
		t.Errorf("n %d, events %d, missing %d; want %d, %d, %d", fit.N, fit.Events, fit.Missing, ref.N, ref.Events, ref.NMissing)
	}
	if fit.Iterations != ref.Iter || !fit.Converged {
		t.Errorf("iterations %d (converged %v), want %d", fit.Iterations, fit.Converged, ref.Iter)
	}
	if len(fit.Warnings) > 0 {
		t.Errorf("warnings: %v", fit.Warnings)
	}
	check("loglik0", fit.LogLik0, ref.LogLik0)
	check("loglik", fit.LogLik, ref.LogLik)
	if len(fit.Coefs) != len(ref.Terms) {
		t.Fatalf("%d coefficients, want %d", len(fit.Coefs), len(ref.Terms))
	}
	for i, w := range ref.Terms {
		g := fit.Coefs[i]
		if g.Name != w.Name {
			t.Errorf("coefficient %d is %q, want %q", i, g.Name, w.Name)
		}
		check(w.Name+" coef", g.Coef, w.Coef)
		check(w.Name+" HR", g.HR, w.HR)
		check(w.Name+" se", g.SE, w.SE)
		check(w.Name+" z", g.Z, w.Z)
		check(w.Name+" p", g.P, w.P)
		check(w.Name+" lower", g.Lower, w.Lower)
		check(w.Name+" upper", g.Upper, w.Upper)
	}
	for _, tc := range []struct {
		name string
		got  CoxTest
		want coxRefTest
	}{{"wald", fit.Wald, ref.Wald}, {"score", fit.Score, ref.Score}, {"lr", fit.LR, ref.LR}} {
		check(tc.name+" chisq", tc.got.ChiSq, tc.want.ChiSq)
		check(tc.name+" p", tc.got.P, tc.want.P)
		if float64(tc.got.DF) != tc.want.DF {
			t.Errorf("%s df %d, want %g", tc.name, tc.got.DF, tc.want.DF)
		}
	}
	c, rc := fit.Concordance, ref.Concordance
	if c.Concordant != rc.Concordant || c.Discordant != rc.Discordant || c.TiedX != rc.TiedX || c.TiedY != rc.TiedY || c.TiedXY != rc.TiedXY {
		t.Errorf("concordance counts %+v, want %+v", c, rc)
	}
	check("concordance", c.C, rc.C)
	check("concordance se", c.SE, rc.SE)
	if len(fit.ZPH) != len(ref.ZPH) {
		t.Fatalf("%d cox.zph rows, want %d", len(fit.ZPH), len(ref.ZPH))
	}
	for i, w := range ref.ZPH {
		g := fit.ZPH[i]
		if g.Term != w.Term || float64(g.DF) != w.DF {
			t.Errorf("cox.zph row %d: %s on %d df, want %s on %g", i, g.Term, g.DF, w.Term, w.DF)
		}
		check("cox.zph "+w.Term+" chisq", g.ChiSq, w.ChiSq)
		if w.P != nil {
			check("cox.zph "+w.Term+" p", g.P, *w.P)
		}
	}
}

// TestCoxAgainstR fits every model of cox_reference.json (except the
// million-row one, TestCoxMillionAgainstR) and compares each number.
func TestCoxAgainstR(t *testing.T) {
	t.Parallel()
	ref := loadCoxReference(t)
	tables := map[string]coxTable{"tiny": tinyTable(t), "lung": readCoxCSV(t, "testdata/lung.csv")}
	ran := 0
	for _, rf := range ref.Fits {
		tab, ok := tables[rf.Data]
		if !ok {
			continue
		}
		ran++
		t.Run(rf.Name, func(t *testing.T) {
			t.Parallel()
			checkCoxFit(t, tab.fitRef(t, rf), rf)
		})
	}
	if ran < 6 {
		t.Errorf("ran %d reference fits, want 6", ran)
	}
}

// The issue's figures for the tiny set, from R survival 3.5-3 as printed.
func TestCoxTinyIssueFigures(t *testing.T) {
	t.Parallel()
	tab := tinyTable(t)
	fit, err := Cox(tab.time, tab.event, []CoxCovariate{tab.covariate(t, "group", false, "")}, CoxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := fit.Coefs[0]
	for _, tc := range []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"coef", c.Coef, 1.98282956, 5e-9},
		{"HR", c.HR, 7.263266, 5e-7},
		{"se", c.SE, 0.592433, 5e-7},
		{"score", fit.Score.ChiSq, 14.637459, 5e-7},
	} {
		if math.Abs(tc.got-tc.want) > tc.tol {
			t.Errorf("%s = %.9g, want %.9g", tc.name, tc.got, tc.want)
		}
	}
}

func ExampleCox() {
	// Weeks to relapse in two groups, the second's hazard higher.
	times := []float64{6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8}
	events := []bool{true, true, true, false, true, false, true, false, false, true, true, false,
		true, true, true, true, true, true, true, true, true, true, true, true}
	group := make([]float64, 24)
	for i := 12; i < 24; i++ {
		group[i] = 1
	}
	fit, err := Cox(times, events, []CoxCovariate{{Name: "group", Values: group}}, CoxOptions{})
	if err != nil {
		panic(err)
	}
	c := fit.Coefs[0]
	fmt.Printf("HR %.3f (95%% CI %.3f to %.3f), score test %.2f, C %.3f\n", c.HR, c.Lower, c.Upper, fit.Score.ChiSq, fit.Concordance.C)
	// Output: HR 7.263 (95% CI 2.274 to 23.196), score test 14.64, C 0.742
}
