package outcomes

import (
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"onset/internal/clinic"
)

// CoxProfile is one subject's covariates for a predicted curve: a number
// for each continuous covariate of the model, a level for each categorical
// one (the reference level, or any other level the fit estimated).
type CoxProfile struct {
	Numbers map[string]float64
	Levels  map[string]string
}

// CoxCurvePoint is the predicted curve at one time: the survival S (for
// response, the share not yet responded), its cumulative hazard, the
// standard error of that cumulative hazard (R's survfit std.err for a Cox
// curve), and S's confidence interval on the log scale.
type CoxCurvePoint struct {
	Time   float64
	Surv   float64
	CumHaz float64
	SE     float64
	Lower  float64
	Upper  float64
}

// CoxCurve is R's survfit(fit, newdata = one row): the predicted survival
// of a subject with the profile's covariates, at every distinct time of
// the data the model was fitted on.
type CoxCurve struct {
	// Risk is the subject's hazard relative to the fit's centre,
	// exp((x − means)·β) (R's risk for newdata).
	Risk      float64
	ConfLevel float64
	Points    []CoxCurvePoint
}

// At reads the curve as a step function: the point of the last time ≤ t;
// before the first time, S = 1 with no uncertainty.
func (c CoxCurve) At(t float64) CoxCurvePoint {
	i := sort.Search(len(c.Points), func(i int) bool { return c.Points[i].Time > t })
	if i == 0 {
		return CoxCurvePoint{Time: t, Surv: 1, Lower: 1, Upper: 1}
	}
	p := c.Points[i-1]
	p.Time = t
	return p
}

// coxModel is what a fit keeps to predict curves: the design it was fitted
// on and the estimate. The baseline hazard is computed on first use.
type coxModel struct {
	d           *coxDesign
	blocks      []int32
	lp          []float64 // (x − means)·β per design row
	beta, means []float64
	variance    []float64 // p×p, row-major
	ties        CoxTies
	conf        float64

	once sync.Once
	base coxBaseline
}

// coxBaseline is R's agsurv at the fit's centre: at each distinct time,
// the cumulative hazard, the cumulative sum of its variance term, and the
// cumulative xbar (p per time) that carries β's uncertainty into a curve.
type coxBaseline struct {
	time           []float64
	cumhaz, cumvar []float64
	xbar           []float64 // m×p
}

// baseline computes the hazard increments as R's agsurv does (survfit's
// ctype follows the fit's ties: Efron's (agsurv5) or Breslow's), with the
// design's rows centred by the fit's means.
func (m *coxModel) baseline() *coxBaseline {
	m.once.Do(func() {
		d := m.d
		p := d.p
		nt := len(m.blocks) - 1
		b := &m.base
		b.time = make([]float64, nt)
		haz := make([]float64, nt)
		vh := make([]float64, nt)
		xb := make([]float64, nt*p)
		xsum := make([]float64, p)
		xsum2 := make([]float64, p)
		xc := make([]float64, p)
		nrisk := 0.0
		for k := nt - 1; k >= 0; k-- {
			lo, hi := int(m.blocks[k]), int(m.blocks[k+1])
			b.time[k] = d.time[lo]
			clear(xsum2)
			deaths, erisk := 0.0, 0.0
			for i := lo; i < hi; i++ {
				w := d.w[i]
				r := w * math.Exp(m.lp[i])
				nrisk += r
				for j := range p {
					xc[j] = d.x[i*p+j] - m.means[j]
					xsum[j] += r * xc[j]
				}
				if d.event[i] {
					deaths += w
					erisk += r
					for j := range p {
						xsum2[j] += r * xc[j]
					}
				}
			}
			if deaths == 0 {
				continue
			}
			row := xb[k*p : (k+1)*p]
			if m.ties == Breslow || deaths == 1 {
				inv := 1 / nrisk
				haz[k] = deaths * inv
				vh[k] = deaths * inv * inv
				for j := range p {
					row[j] = xsum[j] * inv * haz[k]
				}
				continue
			}
			// Efron: the deaths leave the risk set a 1/d share at a time.
			nd := int(deaths)
			s1, s2 := 0.0, 0.0
			for jj := range nd {
				f := float64(jj) / deaths
				t := 1 / (nrisk - erisk*f)
				s1 += t / deaths
				s2 += t * t / deaths
				for j := range p {
					row[j] += (xsum[j] - xsum2[j]*f) * t * t / deaths
				}
			}
			haz[k] = deaths * s1
			vh[k] = deaths * s2
			for j := range p {
				row[j] *= deaths
			}
		}
		b.cumhaz = make([]float64, nt)
		b.cumvar = make([]float64, nt)
		b.xbar = make([]float64, nt*p)
		ch, cv := 0.0, 0.0
		acc := make([]float64, p)
		for k := range nt {
			ch += haz[k]
			cv += vh[k]
			b.cumhaz[k], b.cumvar[k] = ch, cv
			for j := range p {
				acc[j] += xb[k*p+j]
			}
			copy(b.xbar[k*p:(k+1)*p], acc)
		}
	})
	return &m.base
}

// row turns a profile into a design row centred by the fit's means.
func (m *coxModel) row(x CoxProfile) ([]float64, error) {
	d := m.d
	row := make([]float64, d.p)
	for _, t := range d.terms {
		col := d.columns[t.first]
		if col.level == "" { // continuous
			v, ok := x.Numbers[t.name]
			if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, clinic.Errorf(clinic.Invalid, "the profile has no number for %q", t.name)
			}
			row[t.first] = v
			continue
		}
		lv, ok := x.Levels[t.name]
		if !ok {
			return nil, clinic.Errorf(clinic.Invalid, "the profile has no level for %q", t.name)
		}
		if lv == col.reference {
			continue
		}
		found := false
		levels := []string{col.reference}
		for j := t.first; j < t.first+t.count; j++ {
			levels = append(levels, d.columns[j].level)
			if d.columns[j].level == lv {
				row[j] = 1
				found = true
			}
		}
		if !found {
			return nil, clinic.Errorf(clinic.Invalid, "level %q of %q is not in the model (levels: %s)", lv, t.name, strings.Join(levels, ", "))
		}
	}
	for j := range row {
		row[j] -= m.means[j]
	}
	return row, nil
}

// Predict is R's survfit(fit, newdata = one row) on a coxph fit: the
// subject's curve S(t) = exp(−Λ₀(t)·r), r = exp((x − means)·β), with the
// cumulative hazard's standard error from both the baseline hazard and β's
// variance, and the default log-scale confidence interval at the fit's
// confidence level (the upper bound no more than 1).
func (f CoxFit) Predict(x CoxProfile) (CoxCurve, error) {
	m := f.model
	if m == nil {
		return CoxCurve{}, clinic.Errorf(clinic.Invalid, "no fitted model to predict from")
	}
	xc, err := m.row(x)
	if err != nil {
		return CoxCurve{}, err
	}
	p := m.d.p
	lp := 0.0
	for j := range p {
		lp += xc[j] * m.beta[j]
	}
	risk := math.Exp(lp)
	z := math.Sqrt2 * math.Erfinv(m.conf)
	b := m.baseline()
	out := CoxCurve{Risk: risk, ConfLevel: m.conf, Points: make([]CoxCurvePoint, len(b.time))}
	dt := make([]float64, p)
	for k, t := range b.time {
		for j := range p {
			dt[j] = b.cumhaz[k]*xc[j] - b.xbar[k*p+j]
		}
		q := 0.0
		for i := range p {
			for j := range p {
				q += dt[i] * m.variance[i*p+j] * dt[j]
			}
		}
		se := math.Sqrt((b.cumvar[k] + q) * risk * risk)
		ch := b.cumhaz[k] * risk
		s := math.Exp(-ch)
		out.Points[k] = CoxCurvePoint{Time: t, Surv: s, CumHaz: ch, SE: se,
			Lower: math.Exp(math.Log(s) - z*se), Upper: min(1, math.Exp(math.Log(s)+z*se))}
	}
	return out, nil
}

// Levels returns, per categorical covariate of the fit, its levels in
// the model: the reference first, then the estimated ones.
func (f CoxFit) Levels() map[string][]string {
	out := map[string][]string{}
	for _, c := range f.Coefs {
		if c.Level == "" {
			continue
		}
		if !slices.Contains(out[c.Term], c.Reference) {
			out[c.Term] = append(out[c.Term], c.Reference)
		}
		out[c.Term] = append(out[c.Term], c.Level)
	}
	return out
}
