package outcomes

import (
	"math"
	"testing"
)

// stepWant is one row of R's summary(survfit(...)).
type stepWant struct {
	time                   float64
	nRisk, nEvent, nCensor int
	surv, lower, upper     float64
}

func checkSteps(t *testing.T, c Curve, want []stepWant, tol float64) {
	t.Helper()
	if len(c.Steps) != len(want) {
		t.Fatalf("got %d steps, want %d: %+v", len(c.Steps), len(want), c.Steps)
	}
	for i, w := range want {
		s := c.Steps[i]
		if s.Time != w.time || s.NRisk != w.nRisk || s.NEvent != w.nEvent || s.NCensor != w.nCensor {
			t.Errorf("step %d: got time %g risk %d event %d censor %d, want %+v", i, s.Time, s.NRisk, s.NEvent, s.NCensor, w)
		}
		if !near(s.Survival, w.surv, tol) || !near(s.Lower, w.lower, tol) || !near(s.Upper, w.upper, tol) {
			t.Errorf("time %g: got S %.5f (%.5f, %.5f), want %.5f (%.5f, %.5f)", w.time, s.Survival, s.Lower, s.Upper, w.surv, w.lower, w.upper)
		}
	}
}

// TestKMAmlAgainstR checks the aml curves against R 4.x:
//
//	summary(survfit(Surv(time, status) ~ x, data = aml))
//
// R prints 3–4 significant digits, hence the 1e-3 tolerance. Each row can
// be re-derived: S multiplies (n−d)/n; se(log S) = sqrt(Σ d/(n(n−d)));
// bounds S·exp(±1.959964·se), upper capped at 1. E.g. Maintained at 23:
// S = 10/11·9/10·7/8·6/7 = 0.6136, Σ = 1/110+1/90+1/56+1/42 = 0.06187,
// se = 0.2487, bounds 0.6136·e^∓0.4875 = 0.3769, 0.9991.
// Censor-only rows (13+ shares time 13 with an event; 28+, 45+, 161+) are
// in survfit's object too; summary hides them, S is unchanged there.
func TestKMAmlAgainstR(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		data   string
		want   []stepWant
		median Quantile
	}{
		{"Maintained", amlMaintained, []stepWant{
			{9, 11, 1, 0, 0.909, 0.7541, 1.000},
			{13, 10, 1, 1, 0.818, 0.6192, 1.000}, // 13 and 13+: the censored one is at risk at 13
			{18, 8, 1, 0, 0.716, 0.4884, 1.000},
			{23, 7, 1, 0, 0.614, 0.3769, 0.999},
			{28, 6, 0, 1, 0.614, 0.3769, 0.999},
			{31, 5, 1, 0, 0.491, 0.2549, 0.946},
			{34, 4, 1, 0, 0.368, 0.1549, 0.875},
			{45, 3, 0, 1, 0.368, 0.1549, 0.875},
			{48, 2, 1, 0, 0.184, 0.0359, 0.944}, // the upper bound rises: few at risk
			{161, 1, 0, 1, 0.184, 0.0359, 0.944},
		}, Quantile{31, 18, na}}, // print(fit): median 31, 0.95LCL 18, 0.95UCL NA
		{"Nonmaintained", amlNonmaintained, []stepWant{
			// hand-computed from the formulas above
			{5, 12, 2, 0, 0.8333, 0.6470, 1.000},
			{8, 10, 2, 0, 0.6667, 0.4468, 0.995},
			{12, 8, 1, 0, 0.5833, 0.3616, 0.941},
			{16, 7, 0, 1, 0.5833, 0.3616, 0.941},
			{23, 6, 1, 0, 0.4861, 0.2675, 0.883},
			{27, 5, 1, 0, 0.3889, 0.1854, 0.816},
			{30, 4, 1, 0, 0.2917, 0.1148, 0.741},
			{33, 3, 1, 0, 0.1944, 0.0569, 0.664},
			{43, 2, 1, 0, 0.0972, 0.0153, 0.620},
			{45, 1, 1, 0, 0, na, na}, // S = 0: R prints NA bounds
		}, Quantile{23, 8, na}}, // print(fit): median 23, 0.95LCL 8, 0.95UCL NA
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := KaplanMeier(obs(t, tt.data), DefaultConfLevel)
			if err != nil {
				t.Fatal(err)
			}
			checkSteps(t, c, tt.want, 1e-3)
			m := c.Median
			if !near(m.Estimate, tt.median.Estimate, 0) || !near(m.Lower, tt.median.Lower, 0) || !near(m.Upper, tt.median.Upper, 0) {
				t.Errorf("median = %+v, want %+v", m, tt.median)
			}
		})
	}
}

// Greenwood's standard error on the log scale, exactly, for the first
// Maintained steps: R's std.err column is se(S) = S·se(log S): 0.0867, 0.1163.
func TestKMGreenwoodExact(t *testing.T) {
	t.Parallel()
	c, err := KaplanMeier(obs(t, amlMaintained), DefaultConfLevel)
	if err != nil {
		t.Fatal(err)
	}
	se9 := math.Sqrt(1.0 / (11 * 10))
	se13 := math.Sqrt(1.0/(11*10) + 1.0/(10*9))
	if got := c.Steps[0].StdErr; math.Abs(got-se9) > 1e-15 {
		t.Errorf("se(log S) at 9 = %v, want %v", got, se9)
	}
	if got := c.Steps[1].StdErr; math.Abs(got-se13) > 1e-15 {
		t.Errorf("se(log S) at 13 = %v, want %v", got, se13)
	}
	for i, want := range []float64{0.0867, 0.1163} {
		s := c.Steps[i]
		if got := s.Survival * s.StdErr; math.Abs(got-want) > 1e-4 {
			t.Errorf("se(S) at %g = %.4f, R prints %.4f", s.Time, got, want)
		}
	}
	if z := math.Sqrt2 * math.Erfinv(0.95); math.Abs(z-1.959963984540054) > 1e-14 {
		t.Errorf("z(0.95) = %v", z)
	}
}

// Tiny cases worked by hand.
func TestKMHandWorked(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		data   string
		want   []stepWant
		median Quantile
	}{
		{
			// Events before censorings at 2: n at 2 is 3, so S = 3/4·2/3 = 1/2
			// (2 at risk would give 3/8). Σ at 2 = 1/12 + 1/6 = 1/4, se = 1/2.
			// S = 0.5 exactly from 2 until 3: the median is the midpoint 2.5.
			// The lower curve falls under 0.5 at 1 (0.75·e^−1.96·0.2887 = 0.426);
			// the upper never does (1 at 1 and 2, NA at 3).
			name: "event and censoring tied",
			data: "1 2 2+ 3",
			want: []stepWant{
				{1, 4, 1, 0, 0.75, 0.75 * math.Exp(-1.959964*math.Sqrt(1.0/12)), 1},
				{2, 3, 1, 1, 0.5, 0.5 * math.Exp(-1.959964*0.5), 1},
				{3, 1, 1, 0, 0, na, na},
			},
			median: Quantile{2.5, 1, na},
		},
		{
			name:   "all censored",
			data:   "3+ 1+ 2+",
			want:   []stepWant{{1, 3, 0, 1, 1, 1, 1}, {2, 2, 0, 1, 1, 1, 1}, {3, 1, 0, 1, 1, 1, 1}},
			median: Quantile{na, na, na},
		},
		{
			// S = 3/4, 1/2, 1/4, 0; the lower curve at 2 is 0.5·e^−1.96·√(1/12+1/6) = 0.1876.
			// Upper: at 2 0.5·e^0.98 = 1 (capped), at 3: 0.25·e^1.96·√(1/12+1/6+1/2) = 1 (capped).
			name: "all events",
			data: "4 3 2 1",
			want: []stepWant{
				{1, 4, 1, 0, 0.75, 0.75 * math.Exp(-1.959964*math.Sqrt(1.0/12)), 1},
				{2, 3, 1, 0, 0.5, 0.5 * math.Exp(-1.959964*0.5), 1},
				{3, 2, 1, 0, 0.25, 0.25 * math.Exp(-1.959964*math.Sqrt(0.75)), 1},
				{4, 1, 1, 0, 0, na, na},
			},
			median: Quantile{2.5, 1, na},
		},
		{
			// S = 0 at once; the confidence curves are NA there, so no bounds.
			name:   "one event",
			data:   "5",
			want:   []stepWant{{5, 1, 1, 0, 0, na, na}},
			median: Quantile{5, na, na},
		},
		{
			name:   "one censored",
			data:   "5+",
			want:   []stepWant{{5, 1, 0, 1, 1, 1, 1}},
			median: Quantile{na, na, na},
		},
		{
			// S = 1/2 from 1 to the end: quantile.survfit averages with the
			// last time, (1+2)/2. (print.survfit would say 1.)
			name:   "flat at one half to the end",
			data:   "1 2+",
			want:   []stepWant{{1, 2, 1, 0, 0.5, 0.5 * math.Exp(-1.959964*math.Sqrt(0.5)), 1}, {2, 1, 0, 1, 0.5, 0.5 * math.Exp(-1.959964*math.Sqrt(0.5)), 1}},
			median: Quantile{1.5, 1, na},
		},
		{
			// Two events at time 0 of four: S(0) = 1/2, then 0 at 3.
			name:   "events at time zero",
			data:   "0 0 3 3",
			want:   []stepWant{{0, 4, 2, 0, 0.5, 0.5 * math.Exp(-1.959964*math.Sqrt(2.0/8)), 1}, {3, 2, 2, 0, 0, na, na}},
			median: Quantile{1.5, 0, na},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := KaplanMeier(obs(t, tt.data), DefaultConfLevel)
			if err != nil {
				t.Fatal(err)
			}
			checkSteps(t, c, tt.want, 1e-6)
			if !near(c.Median.Estimate, tt.median.Estimate, 1e-12) || !near(c.Median.Lower, tt.median.Lower, 1e-12) || !near(c.Median.Upper, tt.median.Upper, 1e-12) {
				t.Errorf("median = %+v, want %+v", c.Median, tt.median)
			}
		})
	}
}

// survfit(Surv(1:100) ~ 1): the product of ratios leaves S(50) = 0.5 plus
// round-off; R's tolerance still sees the flat and answers 50.5.
func TestKMMedianRoundOff(t *testing.T) {
	t.Parallel()
	var data []Observation
	for i := 1; i <= 100; i++ {
		data = append(data, Observation{Time: float64(i), Event: true})
	}
	c, err := KaplanMeier(data, DefaultConfLevel)
	if err != nil {
		t.Fatal(err)
	}
	if c.Median.Estimate != 50.5 {
		t.Errorf("median = %v, want 50.5", c.Median.Estimate)
	}
	if q := c.Quantile(0.25); q.Estimate != 25.5 {
		t.Errorf("first quartile = %v, want 25.5", q.Estimate)
	}
}

func TestKMAt(t *testing.T) {
	t.Parallel()
	c, err := KaplanMeier(obs(t, amlMaintained), DefaultConfLevel)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		t             float64
		nRisk, nEvent int
		surv          float64
	}{
		{0, 11, 0, 1},
		{8.5, 11, 0, 1},
		{9, 11, 1, 10.0 / 11},
		{10, 10, 1, 10.0 / 11}, // risk set of the next time, 13
		{23, 7, 4, 10.0 / 11 * 9 / 10 * 7 / 8 * 6 / 7},
		{161, 1, 7, 10.0 / 11 * 9 / 10 * 7 / 8 * 6 / 7 * 4 / 5 * 3 / 4 * 1 / 2},
		{200, 0, 7, 10.0 / 11 * 9 / 10 * 7 / 8 * 6 / 7 * 4 / 5 * 3 / 4 * 1 / 2}, // extended past the end
	}
	for _, tt := range tests {
		p := c.At(tt.t)
		if p.NRisk != tt.nRisk || p.NEvent != tt.nEvent || math.Abs(p.Survival-tt.surv) > 1e-12 {
			t.Errorf("At(%g) = %+v, want risk %d events %d S %v", tt.t, p, tt.nRisk, tt.nEvent, tt.surv)
		}
	}
	if p := c.At(0); p.Lower != 1 || p.Upper != 1 {
		t.Errorf("At(0) bounds = %v, %v; want 1, 1", p.Lower, p.Upper)
	}
	est, lo, hi := c.At(23).Cumulative()
	if math.Abs(est-(1-0.614)) > 1e-3 || math.Abs(lo-(1-0.999)) > 1e-3 || math.Abs(hi-(1-0.3769)) > 1e-3 {
		t.Errorf("cumulative at 23 = %v (%v, %v)", est, lo, hi)
	}
}

func TestKMInvalid(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name  string
		data  []Observation
		level float64
	}{
		{"empty", nil, 0.95},
		{"negative time", []Observation{{-1, true}}, 0.95},
		{"NaN time", []Observation{{math.NaN(), true}}, 0.95},
		{"infinite time", []Observation{{math.Inf(1), false}}, 0.95},
		{"level 1", []Observation{{1, true}}, 1},
		{"level 0", []Observation{{1, true}}, 0},
	} {
		if _, err := KaplanMeier(tt.data, tt.level); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
}

// A 90% interval is narrower: z = 1.644854.
func TestKMConfLevel(t *testing.T) {
	t.Parallel()
	c, err := KaplanMeier(obs(t, amlMaintained), 0.9)
	if err != nil {
		t.Fatal(err)
	}
	s := c.Steps[0]
	want := 10.0 / 11 * math.Exp(-1.6448536269514722*math.Sqrt(1.0/110))
	if math.Abs(s.Lower-want) > 1e-12 {
		t.Errorf("90%% lower at 9 = %v, want %v", s.Lower, want)
	}
}
