package outcomes

import "math"

// ZPHTest is one row of R's cox.zph table: the test of proportional
// hazards for a covariate (all its columns at once for a categorical one),
// or for the whole model ("GLOBAL").
type ZPHTest struct {
	Term  string
	ChiSq float64
	DF    int
	P     float64
}

// coxZPH tests proportional hazards as R's cox.zph(fit, transform="km")
// does since survival 3.0: a score test, at the fitted β, of adding
// x·g(t) to the model for each covariate, where g(t) = 1 − S(t−) (the
// left-continuous Kaplan–Meier estimate over every row used) centred at its
// mean over the events. d is sorted by time; lp is the fit's linear
// predictor per row; blocks are where each run of equal times starts.
func coxZPH(d *coxDesign, blocks []int32, lp []float64, ties CoxTies) []ZPHTest {
	n, p := d.n, d.p

	// g per block: 1 − S just before the block's time.
	g := make([]float64, len(blocks)-1)
	s, atRisk := 1.0, d.subjects
	gSum, events := 0.0, 0
	for b := range g {
		lo, hi := int(blocks[b]), int(blocks[b+1])
		g[b] = 1 - s
		dead, all := 0, 0
		for i := lo; i < hi; i++ {
			all += int(d.w[i])
			if d.event[i] {
				dead += int(d.w[i])
			}
		}
		gSum += float64(dead) * g[b]
		events += dead
		if dead > 0 {
			s *= float64(atRisk-dead) / float64(atRisk)
		}
		atRisk -= all
	}
	gMean := gSum / float64(events)

	// cox.zph's C code centres x on its plain mean first, for stability.
	mean := make([]float64, p)
	for i := range n {
		for j := range p {
			mean[j] += d.w[i] * d.x[i*p+j]
		}
	}
	for j := range mean {
		mean[j] /= float64(d.subjects)
	}

	q := 2 * p
	u := make([]float64, q)
	imat := make([]float64, q*q) // upper triangle filled, then mirrored
	a, a2 := make([]float64, p), make([]float64, p)
	cmat, cmat2 := make([]float64, p*p), make([]float64, p*p)
	xc := make([]float64, p)
	denom := 0.0
	for b := len(blocks) - 2; b >= 0; b-- {
		lo, hi := int(blocks[b]), int(blocks[b+1])
		gt := g[b] - gMean
		ndead, denom2 := 0, 0.0
		clear(a2)
		clear(cmat2)
		for i := hi - 1; i >= lo; i-- {
			m := d.w[i]
			risk := math.Exp(lp[i]) * m
			for j := range p {
				xc[j] = d.x[i*p+j] - mean[j]
			}
			sum, sq := a, cmat
			if d.event[i] {
				ndead += int(m)
				denom2 += risk
				for j := range p {
					u[j] += m * xc[j]
					u[j+p] += gt * m * xc[j]
				}
				sum, sq = a2, cmat2
			} else {
				denom += risk
			}
			for j := range p {
				sum[j] += risk * xc[j]
				for k := 0; k <= j; k++ {
					sq[j*p+k] += risk * xc[j] * xc[k]
				}
			}
		}
		if ndead == 0 {
			continue
		}
		add := func(wt, denom float64) {
			inv := 1 / denom
			for j := range p {
				m := a[j] * inv
				u[j] -= wt * m
				u[j+p] -= gt * wt * m
				for k := 0; k <= j; k++ {
					v := wt * (cmat[j*p+k] - m*a[k]) * inv
					imat[k*q+j] += v
					imat[k*q+j+p] += v * gt
					imat[(k+p)*q+j+p] += v * gt * gt
				}
			}
		}
		if ties == Breslow {
			denom += denom2
			for j := range p {
				a[j] += a2[j]
				for k := 0; k <= j; k++ {
					cmat[j*p+k] += cmat2[j*p+k]
				}
			}
			add(float64(ndead), denom)
			continue
		}
		share := 1 / float64(ndead)
		step := denom2 * share
		for range ndead {
			denom += step
			for j := range p {
				a[j] += a2[j] * share
				for k := 0; k <= j; k++ {
					cmat[j*p+k] += cmat2[j*p+k] * share
				}
			}
			add(1, denom)
		}
	}
	// Mirror: each p×p block is symmetric, and the lower-left block is the
	// transpose of the upper-right one.
	for j := range p {
		for k := range j {
			imat[j*q+k] = imat[k*q+j]
			imat[j*q+k+p] = imat[k*q+j+p]
			imat[(j+p)*q+k+p] = imat[(k+p)*q+j+p]
		}
	}
	for j := range p {
		for k := range p {
			imat[(j+p)*q+k] = imat[k*q+j+p]
		}
	}

	// Score tests with the first p components of u set to 0 (β is at its
	// estimate): per covariate on [β-columns, its g-columns], then global.
	var out []ZPHTest
	test := func(term string, cols []int) {
		kk := make([]int, 0, p+len(cols))
		for j := range p {
			kk = append(kk, j)
		}
		for _, c := range cols {
			kk = append(kk, c+p)
		}
		m := len(kk)
		sub := make([]float64, m*m)
		v := make([]float64, m)
		for r, i := range kk {
			for c, j := range kk {
				sub[r*m+c] = imat[i*q+j]
			}
			if r >= p {
				v[r] = u[i]
			}
		}
		chi := quadForm(sub, m, v)
		out = append(out, ZPHTest{Term: term, ChiSq: chi, DF: len(cols), P: ChiSquareP(chi, len(cols))})
	}
	all := make([]int, 0, p)
	for _, t := range d.terms {
		cols := make([]int, t.count)
		for k := range cols {
			cols[k] = t.first + k
		}
		all = append(all, cols...)
		test(t.name, cols)
	}
	test("GLOBAL", all)
	return out
}
