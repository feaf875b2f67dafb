package outcomes

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// tinyCox is the tiny set with the given extra covariates.
func tinyCox(t *testing.T, covs ...CoxCovariate) (CoxFit, error) {
	t.Helper()
	tab := tinyTable(t)
	return Cox(tab.time, tab.event, covs, CoxOptions{})
}

func groupValues(t *testing.T) []float64 {
	t.Helper()
	tab := tinyTable(t)
	v := make([]float64, len(tab.time))
	for i, s := range tab.cols["group"] {
		if s == "1" {
			v[i] = 1
		}
	}
	return v
}

func TestCoxRefusesBadInput(t *testing.T) {
	t.Parallel()
	g := groupValues(t)
	twice := make([]float64, len(g))
	for i := range g {
		twice[i] = 2*g[i] + 3
	}
	ones := make([]int32, len(g))
	constant := make([]float64, len(g))
	inf := slices.Clone(g)
	inf[5] = math.Inf(1)
	allMissing := make([]float64, len(g))
	for i := range allMissing {
		allMissing[i] = math.NaN()
	}
	tests := []struct {
		name string
		covs []CoxCovariate
		want string
	}{
		{"no covariates", nil, "no covariates"},
		{"collinear", []CoxCovariate{{Name: "group", Values: g}, {Name: "shifted", Values: twice}}, "collinear design: shifted is a linear combination"},
		{"one level", []CoxCovariate{{Name: "site", Codes: ones, Levels: []string{"north"}}}, `categorical covariate "site" has one level ("north")`},
		{"constant", []CoxCovariate{{Name: "dose", Values: constant}}, `covariate "dose" has the same value in every row`},
		{"infinite", []CoxCovariate{{Name: "group", Values: inf}}, `covariate "group", row 6: +Inf is not a finite number`},
		{"all missing", []CoxCovariate{{Name: "group", Values: allMissing}}, "every row has a missing covariate"},
		{"twice", []CoxCovariate{{Name: "group", Values: g}, {Name: "group", Values: g}}, `covariate "group" named twice`},
		{"short", []CoxCovariate{{Name: "group", Values: g[:3]}}, `covariate "group" has 3 values for 24 rows`},
		{"no such reference", []CoxCovariate{{Name: "site", Codes: groupCodes(g), Levels: []string{"a", "b"}, Reference: "c"}}, `reference level "c" of "site" is not among its levels (a, b)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := tinyCox(t, tc.covs...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	t.Run("no events", func(t *testing.T) {
		t.Parallel()
		tab := tinyTable(t)
		_, err := Cox(tab.time, make([]bool, len(tab.time)), []CoxCovariate{{Name: "group", Values: g}}, CoxOptions{})
		if err == nil || !strings.Contains(err.Error(), "no events in the 24 rows used") {
			t.Errorf("error %v", err)
		}
	})
	t.Run("negative time", func(t *testing.T) {
		t.Parallel()
		tab := tinyTable(t)
		tab.time[0] = -1
		_, err := Cox(tab.time, tab.event, []CoxCovariate{{Name: "group", Values: g}}, CoxOptions{})
		if err == nil || !strings.Contains(err.Error(), "row 1: time must be a finite number ≥ 0") {
			t.Errorf("error %v", err)
		}
	})
}

func groupCodes(g []float64) []int32 {
	c := make([]int32, len(g))
	for i, v := range g {
		c[i] = int32(v)
	}
	return c
}

// A categorical group gives the numeric group's fit; the other reference
// flips the sign; missing values leave rows out and are counted.
func TestCoxCategoricalAndMissing(t *testing.T) {
	t.Parallel()
	g := groupValues(t)
	num, err := tinyCox(t, CoxCovariate{Name: "group", Values: g})
	if err != nil {
		t.Fatal(err)
	}
	cat, err := tinyCox(t, CoxCovariate{Name: "arm", Codes: groupCodes(g), Levels: []string{"placebo", "ketamine"}})
	if err != nil {
		t.Fatal(err)
	}
	// "ketamine" sorts before "placebo", so it is the reference here.
	if c := cat.Coefs[0]; c.Name != "armplacebo" || c.Reference != "ketamine" || !closeTo(c.Coef, -num.Coefs[0].Coef) || !closeTo(c.SE, num.Coefs[0].SE) {
		t.Errorf("categorical: %+v, want armplacebo = −%g", c, num.Coefs[0].Coef)
	}
	ref, err := tinyCox(t, CoxCovariate{Name: "arm", Codes: groupCodes(g), Levels: []string{"placebo", "ketamine"}, Reference: "placebo"})
	if err != nil {
		t.Fatal(err)
	}
	if c := ref.Coefs[0]; c.Name != "armketamine" || !closeTo(c.Coef, num.Coefs[0].Coef) || !closeTo(ref.ZPH[0].ChiSq, num.ZPH[0].ChiSq) {
		t.Errorf("reference placebo: %+v", c)
	}

	withNaN := slices.Clone(g)
	withNaN[0], withNaN[13] = math.NaN(), math.NaN()
	miss, err := tinyCox(t, CoxCovariate{Name: "group", Values: withNaN})
	if err != nil {
		t.Fatal(err)
	}
	tab := tinyTable(t)
	keepT := slices.Delete(slices.Clone(tab.time), 13, 14)
	keepT = slices.Delete(keepT, 0, 1)
	keepE := slices.Delete(slices.Clone(tab.event), 13, 14)
	keepE = slices.Delete(keepE, 0, 1)
	keepG := slices.Delete(slices.Clone(g), 13, 14)
	keepG = slices.Delete(keepG, 0, 1)
	direct, err := Cox(keepT, keepE, []CoxCovariate{{Name: "group", Values: keepG}}, CoxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if miss.N != 22 || miss.Missing != 2 || miss.Coefs[0].Coef != direct.Coefs[0].Coef {
		t.Errorf("missing: n %d, left out %d, coef %g; want 22, 2, %g", miss.N, miss.Missing, miss.Coefs[0].Coef, direct.Coefs[0].Coef)
	}
}

func TestFloatOrderSorts(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 7, 255, 256, 5000, 200_000} {
		v := make([]float64, n)
		for i := range v {
			switch rng.IntN(4) {
			case 0:
				v[i] = float64(rng.IntN(20)) // ties
			case 1:
				v[i] = -rng.ExpFloat64()
			case 2:
				v[i] = math.Copysign(0, -1)
			default:
				v[i] = rng.NormFloat64() * 1e6
			}
		}
		order := floatOrder(v)
		seen := make([]bool, n)
		got := make([]float64, n)
		for r, i := range order {
			if seen[i] {
				t.Fatalf("n=%d: row %d twice", n, i)
			}
			seen[i] = true
			got[r] = v[i]
		}
		want := slices.Clone(v)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("n=%d: radix order does not sort", n)
		}
	}
}

func TestMergeNearTimes(t *testing.T) {
	t.Parallel()
	// 0.1+0.2 is 0.30000000000000004: R's aeqSurv ties it with 0.3.
	times := []float64{0.1, 0.3, 0.1 + 0.2, 1, 1 + 1e-12, 1 + 2e-12, 2}
	slices.Sort(times)
	got := slices.Clone(times)
	mergeNearTimes(got)
	want := []float64{0.1, 0.3, 0.3, 1, 1, 1, 2}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// Rows alike in time, event and covariates share one row of the design
// with their count; the fit is that of the rows one by one.
func TestCoxRepeatedRows(t *testing.T) {
	t.Parallel()
	tab := tinyTable(t)
	g := groupValues(t)
	var times, x []float64
	var events []bool
	for range 3 {
		times = append(times, tab.time...)
		events = append(events, tab.event...)
		x = append(x, g...)
	}
	d, err := buildCoxDesign(times, events, []CoxCovariate{{Name: "group", Values: x}}, false)
	if err != nil {
		t.Fatal(err)
	}
	if d.subjects != 72 || d.n >= 24 || len(d.w) != d.n {
		t.Errorf("72 subjects in %d rows (%d subjects), want fewer than 24 rows", d.n, d.subjects)
	}
	// Breslow's likelihood of three copies is three times the original's:
	// the same β, a third of the variance.
	fit, err := Cox(times, events, []CoxCovariate{{Name: "group", Values: x}}, CoxOptions{Ties: Breslow})
	if err != nil {
		t.Fatal(err)
	}
	one, _ := Cox(tab.time, tab.event, []CoxCovariate{{Name: "group", Values: g}}, CoxOptions{Ties: Breslow})
	if !closeTo(fit.Coefs[0].Coef, one.Coefs[0].Coef) || !closeTo(fit.Coefs[0].SE*math.Sqrt(3), one.Coefs[0].SE) || !closeTo(fit.Concordance.C, one.Concordance.C) {
		t.Errorf("tripled: coef %g se %g C %g; once: %g %g %g", fit.Coefs[0].Coef, fit.Coefs[0].SE, fit.Concordance.C, one.Coefs[0].Coef, one.Coefs[0].SE, one.Concordance.C)
	}
	if fit.N != 72 || fit.Events != 57 {
		t.Errorf("n %d events %d", fit.N, fit.Events)
	}
}
