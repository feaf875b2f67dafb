package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"onset/internal/outcomes"
)

// --predict col=value,... (repeatable) and --at t1,t2: the individual
// predicted curves, R's survfit(fit, newdata = one row), read at the
// times given.

// profiles is the repeatable --predict flag.
type profiles []map[string]string

func (p *profiles) String() string { return fmt.Sprint(*p) }

func (p *profiles) Set(s string) error {
	m := map[string]string{}
	for kv := range strings.SplitSeq(s, ",") {
		k, v, ok := strings.Cut(kv, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || k == "" || v == "" {
			return fmt.Errorf("want col=value,col=value, got %q", s)
		}
		if _, dup := m[k]; dup {
			return fmt.Errorf("%q given twice in %q", k, s)
		}
		m[k] = v
	}
	*p = append(*p, m)
	return nil
}

// coxPredictionJSON is one --predict curve at the --at times.
type coxPredictionJSON struct {
	Profile map[string]string `json:"profile"`
	Risk    float64           `json:"risk"`
	At      []coxCurveAtJSON  `json:"at"`
}

type coxCurveAtJSON struct {
	Time   float64  `json:"time"`
	Surv   float64  `json:"surv"`
	CumHaz float64  `json:"cumhaz"`
	StdErr *float64 `json:"std_err"` // of the cumulative hazard, as survfit's
	Lower  *float64 `json:"lower"`
	Upper  *float64 `json:"upper"`
}

// predictCurves reads each profile against the fit's covariates (a level
// for a categorical one, a number otherwise) and the curve at times.
func predictCurves(fit outcomes.CoxFit, ps profiles, times []float64) ([]coxPredictionJSON, error) {
	levels := fit.Levels()
	terms := map[string]bool{}
	for _, c := range fit.Coefs {
		terms[c.Term] = true
	}
	var out []coxPredictionJSON
	for _, p := range ps {
		prof := outcomes.CoxProfile{Numbers: map[string]float64{}, Levels: map[string]string{}}
		for k, v := range p {
			if !terms[k] {
				return nil, fmt.Errorf("--predict: %q is not a covariate of the model", k)
			}
			if _, cat := levels[k]; cat {
				prof.Levels[k] = v
				continue
			}
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return nil, fmt.Errorf("--predict: %s=%q is not a number", k, v)
			}
			prof.Numbers[k] = x
		}
		curve, err := fit.Predict(prof)
		if err != nil {
			return nil, err
		}
		pj := coxPredictionJSON{Profile: p, Risk: curve.Risk, At: []coxCurveAtJSON{}}
		for _, t := range times {
			pt := curve.At(t)
			pj.At = append(pj.At, coxCurveAtJSON{Time: t, Surv: pt.Surv, CumHaz: pt.CumHaz, StdErr: num(pt.SE), Lower: num(pt.Lower), Upper: num(pt.Upper)})
		}
		out = append(out, pj)
	}
	return out, nil
}

// writePredictions prints the curves as a table.
func writePredictions(w io.Writer, ps []coxPredictionJSON) {
	for _, p := range ps {
		var kv []string
		for k, v := range p.Profile {
			kv = append(kv, k+"="+v)
		}
		fmt.Fprintf(w, "\nPredicted survival (survfit) for %s:\n", strings.Join(sortedCopy(kv), ", "))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "time\tsurvival\tstd.err\tlower 95%% CI\tupper 95%% CI\t\n")
		for _, a := range p.At {
			fmt.Fprintf(tw, "%g\t%.6g\t%s\t%s\t%s\t\n", a.Time, a.Surv, optG(a.StdErr), optG(a.Lower), optG(a.Upper))
		}
		tw.Flush()
	}
}

func optG(x *float64) string {
	if x == nil {
		return "NA"
	}
	return strconv.FormatFloat(*x, 'g', 6, 64)
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
