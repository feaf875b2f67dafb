package outcomes

import (
	"math"
	"runtime"
	"sync"
)

// coxWork holds what one evaluation of the log partial likelihood, its
// score vector and information matrix needs (R's coxfit6_iter), reused
// across the Newton–Raphson iterations.
type coxWork struct {
	d      *coxDesign
	x      []float64 // d.x centred and scaled
	ties   CoxTies
	blocks []int32   // start of each run of equal times in d, then d.n
	eta    []float64 // x·β per row
	risk   []float64 // exp(eta)

	u, imat     []float64 // score (p) and information (p×p, symmetric)
	a, a2       []float64 // Σ risk·x over the risk set, and over the deaths at one time
	cmat, cmat2 []float64 // Σ risk·x·xᵀ likewise (lower triangle)
}

func newCoxWork(d *coxDesign, blocks []int32, x []float64, ties CoxTies) *coxWork {
	p := d.p
	w := &coxWork{d: d, x: x, ties: ties, blocks: blocks, eta: make([]float64, d.n), risk: make([]float64, d.n),
		u: make([]float64, p), imat: make([]float64, p*p),
		a: make([]float64, p), a2: make([]float64, p), cmat: make([]float64, p*p), cmat2: make([]float64, p*p)}
	return w
}

// timeBlocks returns the start of each run of equal values in the sorted
// times t, followed by len(t).
func timeBlocks(t []float64) []int32 {
	blocks := make([]int32, 0, len(t)/2+2)
	for i, v := range t {
		if i == 0 || v != t[i-1] {
			blocks = append(blocks, int32(i))
		}
	}
	return append(blocks, int32(len(t)))
}

// riskScores fills eta = x·β and risk = exp(eta), on all cores for large n.
func (w *coxWork) riskScores(beta []float64) {
	n, p, x := w.d.n, w.d.p, w.x
	fill := func(lo, hi int) {
		for i := lo; i < hi; i++ {
			s := 0.0
			for j, v := range x[i*p : (i+1)*p] {
				s += beta[j] * v
			}
			w.eta[i] = s
			w.risk[i] = math.Exp(s)
		}
	}
	workers := runtime.GOMAXPROCS(0)
	if n < 1<<15 || workers < 2 {
		fill(0, n)
		return
	}
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for lo := 0; lo < n; lo += chunk {
		wg.Go(func() { fill(lo, min(lo+chunk, n)) })
	}
	wg.Wait()
}

// pass evaluates the log partial likelihood at beta (in the centred and
// scaled units) and leaves its score in w.u and information in w.imat,
// walking from the last time to the first so each risk set is a running
// sum. Tied deaths enter by Breslow's or Efron's rule.
func (w *coxWork) pass(beta []float64) float64 {
	d := w.d
	p := d.p
	x, event := w.x, d.event
	w.riskScores(beta)
	clear(w.u)
	clear(w.imat)
	clear(w.a)
	clear(w.cmat)
	u, imat, a, a2, cmat, cmat2 := w.u, w.imat, w.a, w.a2, w.cmat, w.cmat2
	denom, loglik := 0.0, 0.0
	for b := len(w.blocks) - 2; b >= 0; b-- {
		lo, hi := int(w.blocks[b]), int(w.blocks[b+1])
		ndead, denom2 := 0, 0.0
		for i := hi - 1; i >= lo; i-- {
			m := d.w[i]
			r := w.risk[i] * m
			xi := x[i*p : (i+1)*p]
			if !event[i] {
				denom += r
				for j, xj := range xi {
					a[j] += r * xj
					row := cmat[j*p : j*p+j+1]
					for k := range row {
						row[k] += r * xj * xi[k]
					}
				}
				continue
			}
			if ndead == 0 {
				clear(a2)
				clear(cmat2)
			}
			ndead += int(m)
			denom2 += r
			loglik += m * w.eta[i]
			for j, xj := range xi {
				u[j] += m * xj
				a2[j] += r * xj
				row := cmat2[j*p : j*p+j+1]
				for k := range row {
					row[k] += r * xj * xi[k]
				}
			}
		}
		if ndead == 0 {
			continue
		}
		if w.ties == Breslow || ndead == 1 {
			dead := float64(ndead)
			denom += denom2
			loglik -= dead * math.Log(denom)
			inv := 1 / denom // one division, then products
			for j := range p {
				a[j] += a2[j]
				mean := a[j] * inv
				u[j] -= dead * mean
				for k := 0; k <= j; k++ {
					cmat[j*p+k] += cmat2[j*p+k]
					imat[k*p+j] += dead * (cmat[j*p+k] - mean*a[k]) * inv
				}
			}
			continue
		}
		// Efron: the deaths leave the risk set a 1/ndead share at a time.
		// Σ log denom is taken as the log of their product, carried as a
		// fraction and a power of two (no overflow): one log per time.
		nd := float64(ndead)
		share, step := 1/nd, denom2/nd
		prod, exp := 1.0, 0
		if p == 1 { // the same sums for one column, kept in registers
			a0, c0, u0, i0 := a[0], cmat[0], u[0], imat[0]
			da, dc := a2[0]*share, cmat2[0]*share
			for range ndead {
				denom += step
				// Bring prod back to [0.5, 1) only when the product could
				// leave float64's range.
				if prod > 1e100 || prod < 1e-100 || denom > 1e100 || denom < 1e-100 {
					var e int
					prod, e = math.Frexp(prod)
					exp += e
				}
				prod *= denom
				inv := 1 / denom
				a0 += da
				mean := a0 * inv
				u0 -= mean
				c0 += dc
				i0 += (c0 - mean*a0) * inv
			}
			a[0], cmat[0], u[0], imat[0] = a0, c0, u0, i0
			loglik -= math.Log(prod) + float64(exp)*math.Ln2
			continue
		}
		for range ndead {
			denom += step
			var e int
			prod, e = math.Frexp(prod * denom)
			exp += e
			inv := 1 / denom
			for j := range p {
				a[j] += a2[j] * share
				mean := a[j] * inv
				u[j] -= mean
				for k := 0; k <= j; k++ {
					cmat[j*p+k] += cmat2[j*p+k] * share
					imat[k*p+j] += (cmat[j*p+k] - mean*a[k]) * inv
				}
			}
		}
		loglik -= math.Log(prod) + float64(exp)*math.Ln2
	}
	for j := range p { // fill the lower triangle
		for k := range j {
			imat[j*p+k] = imat[k*p+j]
		}
	}
	return loglik
}
