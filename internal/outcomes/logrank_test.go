package outcomes

import (
	"math"
	"testing"
)

// R: survdiff(Surv(time, status) ~ x, data = aml)
//
//	                 N Observed Expected (O-E)^2/E (O-E)^2/V
//	x=Maintained    11        7    10.69      1.27       3.4
//	x=Nonmaintained 12       11     7.31      1.86       3.4
//	 Chisq= 3.4  on 1 degrees of freedom, p= 0.07
//
// with chisq 3.396 and p 0.0653 unrounded.
func TestLogRankAml(t *testing.T) {
	t.Parallel()
	r, err := LogRank([][]Observation{obs(t, amlMaintained), obs(t, amlNonmaintained)})
	if err != nil {
		t.Fatal(err)
	}
	if r.Observed[0] != 7 || r.Observed[1] != 11 {
		t.Errorf("observed = %v, want [7 11]", r.Observed)
	}
	if math.Abs(r.Expected[0]-10.69) > 5e-3 || math.Abs(r.Expected[1]-7.31) > 5e-3 {
		t.Errorf("expected = %v, want [10.69 7.31]", r.Expected)
	}
	if math.Abs(r.ChiSq-3.396) > 1e-3 || r.DF != 1 || math.Abs(r.P-0.0653) > 1e-4 {
		t.Errorf("chisq %v df %d p %v, want 3.396 on 1, p 0.0653", r.ChiSq, r.DF, r.P)
	}
}

// Three groups worked by hand. A: 1 2, B: 2 3, C: 3+ 4.
//
//	t=1: at risk A2 B2 C2, n=6, d=1 (A). E += 1·(2,2,2)/6.
//	     c = d(n−d)/(n−1) = 1; p = (1/3,1/3,1/3); V += c(diag p − ppᵀ).
//	t=2: at risk A1 B2 C2, n=5, d=2 (A,B). E += 2·(1,2,2)/5; c = 2·3/4 = 1.5.
//	t=3: at risk B1 C2 (C's censoring at 3 comes after B's event), n=3, d=1
//	     (B). E += (0,1,2)/3; c = 1·2/2 = 1.
//	t=4: C alone, n=1: E_C += 1, no variance (n−1 = 0).
//
// O = (2,2,1), E = (11/15, 22/15, 14/5). Dropping A, as survdiff does:
// V_BB = V_CC = 2/9 + 0.36 + 2/9, V_BC = −1/9 − 0.24 − 2/9.
func TestLogRankThreeGroupsByHand(t *testing.T) {
	t.Parallel()
	groups := [][]Observation{obs(t, "1 2"), obs(t, "2 3"), obs(t, "3+ 4")}
	r, err := LogRank(groups)
	if err != nil {
		t.Fatal(err)
	}
	wantE := []float64{1.0/3 + 0.4, 1.0/3 + 0.8 + 1.0/3, 1.0/3 + 0.8 + 2.0/3 + 1}
	for g, w := range wantE {
		if math.Abs(r.Expected[g]-w) > 1e-12 {
			t.Errorf("E[%d] = %v, want %v", g, r.Expected[g], w)
		}
	}
	if r.Observed[0] != 2 || r.Observed[1] != 2 || r.Observed[2] != 1 {
		t.Errorf("observed = %v", r.Observed)
	}
	vbb := 2.0/9 + 1.5*(0.4-0.16) + 2.0/9
	vcc := 2.0/9 + 1.5*(0.4-0.16) + 2.0/9
	vbc := -1.0/9 - 1.5*0.16 - 2.0/9
	xb, xc := 2-wantE[1], 1-wantE[2]
	det := vbb*vcc - vbc*vbc
	want := (vcc*xb*xb - 2*vbc*xb*xc + vbb*xc*xc) / det // [xb xc]·V⁻¹·[xb xc]ᵀ
	if math.Abs(r.ChiSq-want) > 1e-12 || r.DF != 2 {
		t.Errorf("chisq %v df %d, want %v on 2", r.ChiSq, r.DF, want)
	}
	if math.Abs(r.P-math.Exp(-want/2)) > 1e-14 {
		t.Errorf("p = %v, want e^(−χ²/2) = %v", r.P, math.Exp(-want/2))
	}
	// Which group is dropped does not matter.
	r2, err := LogRank([][]Observation{groups[2], groups[0], groups[1]})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r2.ChiSq-r.ChiSq) > 1e-12 {
		t.Errorf("reordered chisq %v, want %v", r2.ChiSq, r.ChiSq)
	}
}

func TestLogRankEdges(t *testing.T) {
	t.Parallel()
	same, err := LogRank([][]Observation{obs(t, "1 2 3+"), obs(t, "3+ 2 1")})
	if err != nil {
		t.Fatal(err)
	}
	if same.ChiSq != 0 || same.P != 1 {
		t.Errorf("identical groups: chisq %v p %v, want 0 and 1", same.ChiSq, same.P)
	}

	// A group censored before the first event expects nothing: survdiff
	// leaves it out and the test has one degree of freedom less.
	two, err := LogRank([][]Observation{obs(t, amlMaintained), obs(t, amlNonmaintained)})
	if err != nil {
		t.Fatal(err)
	}
	three, err := LogRank([][]Observation{obs(t, amlMaintained), obs(t, "1+ 2+"), obs(t, amlNonmaintained)})
	if err != nil {
		t.Fatal(err)
	}
	if three.DF != 1 || math.Abs(three.ChiSq-two.ChiSq) > 1e-12 || three.Expected[1] != 0 {
		t.Errorf("empty group kept: %+v", three)
	}

	for name, groups := range map[string][][]Observation{
		"one group":              {obs(t, "1 2")},
		"only one group at risk": {obs(t, "1 2"), obs(t, "0.5+")},
		"no variance":            {obs(t, "1"), obs(t, "1")}, // both die at once: d = n
		"negative time":          {obs(t, "1"), {{Time: -1, Event: true}}},
		"NaN time":               {obs(t, "1"), {{Time: math.NaN()}}},
	} {
		if _, err := LogRank(groups); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
