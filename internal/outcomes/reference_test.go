package outcomes

import (
	"math"
	"testing"
)

// The 24-row reference set of issue 6's appendix (time,event,group). The
// expected values are what R's survival package prints for it:
//
//	fit <- survfit(Surv(time, event) ~ group, data = d)   # conf.type = "log"
//	summary(fit, times = c(7, 14)); quantile(fit, 0.5)
//	survdiff(Surv(time, event) ~ group, data = d)         # rho = 0
const (
	referenceGroup0 = "6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+"
	referenceGroup1 = "1 1 2 2 3 4 4 5 5 8 8 8"
)

func TestReferenceSet(t *testing.T) {
	t.Parallel()
	g0, g1 := obs(t, referenceGroup0), obs(t, referenceGroup1)
	c0, err := KaplanMeier(g0, DefaultConfLevel)
	if err != nil {
		t.Fatal(err)
	}
	c1, err := KaplanMeier(g1, DefaultConfLevel)
	if err != nil {
		t.Fatal(err)
	}
	const tol = 5e-7
	cases := []struct {
		name                  string
		got                   Point
		surv, lower, upper    float64
		nRisk, nEventCumulate int
	}{
		{"group 0 at 7", c0.At(7), 0.65625, 0.43175, 0.997484, 8, 4},
		{"group 1 at 7", c1.At(7), 0.25, 0.0938295, 0.666102, 3, 9},
		{"group 0 at 14", c0.At(14), 0.3645833, na, na, 2, 6},
	}
	for _, tc := range cases {
		// R prints the bounds to 6 significant digits.
		if !near(tc.got.Survival, tc.surv, tol) {
			t.Errorf("%s: S = %.7f, want %.7f", tc.name, tc.got.Survival, tc.surv)
		}
		if !math.IsNaN(tc.lower) && (!near(tc.got.Lower, tc.lower, 5e-6) || !near(tc.got.Upper, tc.upper, 5e-6)) {
			t.Errorf("%s: CI %.7f–%.7f, want %.7f–%.7f", tc.name, tc.got.Lower, tc.got.Upper, tc.lower, tc.upper)
		}
		if tc.got.NRisk != tc.nRisk || tc.got.NEvent != tc.nEventCumulate {
			t.Errorf("%s: n.risk %d, events so far %d; want %d, %d", tc.name, tc.got.NRisk, tc.got.NEvent, tc.nRisk, tc.nEventCumulate)
		}
	}
	if c0.Median.Estimate != 13 || c1.Median.Estimate != 4 {
		t.Errorf("medians %g and %g, want 13 and 4", c0.Median.Estimate, c1.Median.Estimate)
	}
	if c0.N != 12 || c0.Events != 7 || c1.N != 12 || c1.Events != 12 {
		t.Errorf("n/events: group 0 %d/%d, group 1 %d/%d; want 12/7 and 12/12", c0.N, c0.Events, c1.N, c1.Events)
	}
	lr, err := LogRank([][]Observation{g0, g1})
	if err != nil {
		t.Fatal(err)
	}
	if lr.DF != 1 || !near(lr.ChiSq, 13.936468, 5e-6) || !near(lr.P, 0.000189094, 5e-10) {
		t.Errorf("log-rank chisq %.7f on %d df, p = %.9g; want 13.936468 on 1 df, p = 0.000189094", lr.ChiSq, lr.DF, lr.P)
	}
	if lr.Observed[0] != 7 || lr.Observed[1] != 12 {
		t.Errorf("observed events %v, want [7 12]", lr.Observed)
	}
}
