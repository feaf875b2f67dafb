package outcomes

import (
	"fmt"
	"math"
	"strings"
	"sync"

	"onset/internal/clinic"
)

// CoxTies is how tied event times enter the partial likelihood.
type CoxTies int

const (
	// Efron's approximation, R's coxph default.
	Efron CoxTies = iota
	// Breslow's approximation.
	Breslow
)

func (t CoxTies) String() string {
	if t == Breslow {
		return "breslow"
	}
	return "efron"
}

// CoxOptions tunes the fit; the zero value is R's coxph defaults.
type CoxOptions struct {
	Ties CoxTies
	// MaxIter caps the Newton–Raphson iterations (0: 20, coxph.control's iter.max).
	MaxIter int
	// Eps ends the iterations once the log partial likelihood changes by a
	// relative amount ≤ Eps (0: 1e−9, coxph.control's eps).
	Eps float64
	// ConfLevel of the hazard ratios' intervals (0: DefaultConfLevel).
	ConfLevel float64
	// ScratchTimes lets Cox sort the times slice in place rather than a
	// copy of it, when no row is left out: 8 bytes a row less to allocate,
	// which on a million rows saves more time than the sort. times is
	// left sorted, no longer row by row with events and the covariates.
	ScratchTimes bool
}

// CoxCoef is one design column's estimate.
type CoxCoef struct {
	Name      string // as R names it: the covariate, then the level for a categorical one ("sex2")
	Term      string // the covariate
	Level     string // the level this column marks (categorical only)
	Reference string // the level it is compared with (categorical only)
	Coef      float64
	HR        float64 // exp(Coef)
	SE        float64
	Z         float64
	P         float64 // two-sided Wald p
	Lower     float64 // confidence interval of HR
	Upper     float64
}

// CoxTest is a chi-square test of the model against β = 0.
type CoxTest struct {
	ChiSq float64
	DF    int
	P     float64
}

// CoxFit is a fitted Cox proportional-hazards model, with the numbers R's
// summary(coxph(...)), concordance and cox.zph(transform="km") report.
type CoxFit struct {
	Ties        CoxTies
	N           int // rows used
	Events      int
	Missing     int // rows left out for a missing covariate
	Coefs       []CoxCoef
	Var         [][]float64 // variance of the coefficients (inverse information)
	LogLik0     float64     // log partial likelihood at β = 0
	LogLik      float64     // at the estimate
	Iterations  int
	Converged   bool
	Wald        CoxTest
	Score       CoxTest // at β = 0 (the log-rank test for one two-level covariate)
	LR          CoxTest // likelihood ratio
	Concordance CoxConcordance
	ZPH         []ZPHTest // per covariate, then "GLOBAL"
	// Warnings are R's: no convergence, or a coefficient that may be infinite.
	Warnings []string

	model *coxModel // what Predict needs
}

// Cox fits a proportional-hazards model as R's coxph does, and tests it.
// times and events are one per subject; each covariate has one value per
// subject. Rows with a missing covariate are left out and counted in
// CoxFit.Missing. The input slices are not changed (but see
// CoxOptions.ScratchTimes).
func Cox(times []float64, events []bool, covs []CoxCovariate, opt CoxOptions) (CoxFit, error) {
	if opt.MaxIter <= 0 {
		opt.MaxIter = 20
	}
	if opt.Eps <= 0 {
		opt.Eps = 1e-9
	}
	if opt.ConfLevel == 0 {
		opt.ConfLevel = DefaultConfLevel
	}
	if !(opt.ConfLevel > 0 && opt.ConfLevel < 1) {
		return CoxFit{}, clinic.Errorf(clinic.Invalid, "confidence level must be between 0 and 1, got %g", opt.ConfLevel)
	}
	d, err := buildCoxDesign(times, events, covs, opt.ScratchTimes)
	if err != nil {
		return CoxFit{}, err
	}
	blocks := timeBlocks(d.time)
	nr, err := newtonRaphson(&d, blocks, opt)
	if err != nil {
		return CoxFit{}, err
	}
	fit := CoxFit{Ties: opt.Ties, N: d.subjects, Missing: d.missing, LogLik0: nr.loglik0, LogLik: nr.loglik,
		Iterations: nr.iter, Converged: nr.converged, Warnings: nr.warnings}
	for i, e := range d.event {
		if e {
			fit.Events += int(d.w[i])
		}
	}
	p := d.p
	z := math.Sqrt2 * math.Erfinv(opt.ConfLevel)
	fit.Var = make([][]float64, p)
	for j, col := range d.columns {
		fit.Var[j] = nr.variance[j*p : (j+1)*p]
		b, se := nr.beta[j], math.Sqrt(nr.variance[j*p+j])
		fit.Coefs = append(fit.Coefs, CoxCoef{
			Name: col.name, Term: col.term, Level: col.level, Reference: col.reference,
			Coef: b, HR: math.Exp(b), SE: se, Z: b / se, P: math.Erfc(math.Abs(b/se) / math.Sqrt2),
			Lower: math.Exp(b - z*se), Upper: math.Exp(b + z*se),
		})
	}
	fit.Score = chiTest(nr.score, p)
	fit.Wald = chiTest(quadForm(nr.variance, p, nr.beta), p)
	fit.LR = chiTest(2*(nr.loglik-nr.loglik0), p)

	// The concordance and the test of proportional hazards are independent
	// passes over the fitted model: one each on two cores.
	lp := d.linearPredictor(nr.beta, nr.means)
	fit.model = &coxModel{d: &d, blocks: blocks, lp: lp, beta: nr.beta, means: nr.means, variance: nr.variance, ties: opt.Ties, conf: opt.ConfLevel}
	var wg sync.WaitGroup
	wg.Go(func() { fit.Concordance = concordance(blocks, d.event, d.w, lp) })
	fit.ZPH = coxZPH(&d, blocks, lp, opt.Ties)
	wg.Wait()
	return fit, nil
}

func chiTest(x float64, df int) CoxTest {
	return CoxTest{ChiSq: x, DF: df, P: ChiSquareP(x, df)}
}

// linearPredictor is R's fit$linear.predictors: x·β − Σ β·means, where the
// means are those coxph centred by (0 for 0/1 columns).
func (d *coxDesign) linearPredictor(beta, means []float64) []float64 {
	p := d.p
	shift := 0.0
	for j := range p {
		shift += beta[j] * means[j]
	}
	lp := make([]float64, d.n)
	for i := range lp {
		s := 0.0
		for j, x := range d.x[i*p : (i+1)*p] {
			s += x * beta[j]
		}
		lp[i] = s - shift
	}
	return lp
}

// nrResult is what the Newton–Raphson iterations leave.
type nrResult struct {
	beta, means []float64
	variance    []float64 // p×p, row-major
	loglik0     float64
	loglik      float64
	score       float64 // score test at β = 0
	iter        int
	converged   bool
	warnings    []string
}

// newtonRaphson maximises the log partial likelihood as R's coxfit6 does:
// columns that are not all in {−1, 0, 1} are centred and scaled by their
// mean absolute deviation (on a copy of d.x, if any); the first step is from β = 0
// (where the score test is taken); the iterations stop when the
// log-likelihood's relative change is ≤ eps; a step that lowers it is
// halved back towards the last good β, more each time it happens again.
func newtonRaphson(d *coxDesign, blocks []int32, opt CoxOptions) (nrResult, error) {
	n, p := d.n, d.p
	res := nrResult{means: make([]float64, p)}
	x := d.x
	copied := false
	total := float64(d.subjects)
	scale := make([]float64, p)
	for j := range p {
		scale[j] = 1
		zeroOne := true
		sum := 0.0
		for i := range n {
			v := d.x[i*p+j]
			sum += d.w[i] * v
			if v != 0 && v != 1 && v != -1 {
				zeroOne = false
			}
		}
		if zeroOne {
			continue
		}
		if !copied {
			x = append([]float64(nil), d.x...)
			copied = true
		}
		mean := sum / total
		dev := 0.0
		for i := range n {
			x[i*p+j] -= mean
			dev += d.w[i] * math.Abs(x[i*p+j])
		}
		if dev > 0 {
			scale[j] = total / dev
		}
		for i := range n {
			x[i*p+j] *= scale[j]
		}
		res.means[j] = mean
	}

	w := newCoxWork(d, blocks, x, opt.Ties)
	beta := make([]float64, p)
	newBeta := make([]float64, p)
	step := make([]float64, p)

	res.loglik0 = w.pass(beta)
	copy(step, w.u)
	if rank := ldl(w.imat, p, cholTol); rank < p {
		return res, collinearError(d, w.imat)
	}
	ldlSolve(w.imat, p, step)
	for j := range p {
		res.score += w.u[j] * step[j]
		newBeta[j] = beta[j] + step[j]
	}
	best := res.loglik0
	halving := 0
	finish := func(b []float64) {
		inv := ldlInverse(w.imat, p)
		res.beta = make([]float64, p)
		res.variance = inv
		for i := range p {
			res.beta[i] = b[i] * scale[i]
			for j := range p {
				inv[i*p+j] *= scale[i] * scale[j]
			}
		}
		for i := range p { // R's check for a coefficient running off to infinity
			s := 0.0
			for j := range p {
				s += w.u[j] / scale[j] * inv[j*p+i]
			}
			s = math.Abs(s)
			if math.IsNaN(w.u[i]) || math.IsInf(w.u[i], 0) || (res.converged && s > opt.Eps && s > math.Sqrt(opt.Eps)*math.Abs(res.beta[i])) {
				res.warnings = append(res.warnings, fmt.Sprintf("the log-likelihood converged before %s did: its coefficient may be infinite", d.columns[i].name))
			}
		}
	}
	for res.iter = 1; res.iter <= opt.MaxIter; res.iter++ {
		lk := w.pass(newBeta)
		ldl(w.imat, p, cholTol)
		finite := !math.IsNaN(lk) && !math.IsInf(lk, 0)
		for j := range p {
			finite = finite && !math.IsNaN(w.u[j]) && !math.IsInf(w.u[j], 0)
		}
		for _, v := range w.imat {
			finite = finite && !math.IsNaN(v) && !math.IsInf(v, 0)
		}
		if finite && math.Abs(1-best/lk) <= opt.Eps {
			res.loglik, res.converged = lk, true
			finish(newBeta)
			return res, nil
		}
		if !finite || lk < best {
			halving++
			for j := range p {
				newBeta[j] = (newBeta[j] + float64(halving)*beta[j]) / float64(halving+1)
			}
			continue
		}
		halving = 0
		best = lk
		copy(step, w.u)
		ldlSolve(w.imat, p, step)
		for j := range p {
			beta[j] = newBeta[j]
			newBeta[j] += step[j]
		}
	}
	res.iter = opt.MaxIter
	res.loglik = w.pass(beta)
	ldl(w.imat, p, cholTol)
	finish(beta)
	res.warnings = append([]string{fmt.Sprintf("did not converge in %d iterations", opt.MaxIter)}, res.warnings...)
	return res, nil
}

// collinearError names the columns that the others determine, from the
// information matrix at β = 0 factored by ldl (a zero pivot marks one).
func collinearError(d *coxDesign, f []float64) error {
	var names []string
	for j, col := range d.columns {
		if f[j*d.p+j] == 0 {
			names = append(names, col.name)
		}
	}
	return clinic.Errorf(clinic.Invalid, "collinear design: %s %s a linear combination of the columns before %s (model columns in order: %s); drop or merge covariates",
		strings.Join(names, ", "), pick(len(names), "is", "are each"), pick(len(names), "it", "them"), strings.Join(columnNames(d), ", "))
}

func columnNames(d *coxDesign) []string {
	out := make([]string, len(d.columns))
	for i, c := range d.columns {
		out[i] = c.name
	}
	return out
}

func pick(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
