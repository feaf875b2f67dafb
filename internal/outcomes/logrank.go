package outcomes

import (
	"math"

	"onset/internal/clinic"
)

// LogRankResult is the log-rank (Mantel–Haenszel, ρ = 0) comparison of k
// groups, as R's survdiff prints it.
type LogRankResult struct {
	Observed []int     // events per group, in input order
	Expected []float64 // expected events per group under equal hazards
	ChiSq    float64
	DF       int
	P        float64 // upper tail of chi-square with DF degrees of freedom
}

// LogRank tests whether the groups' survival curves differ. At each event
// time with n at risk and d events, group g with n_g at risk expects
// d·n_g/n events, and the hypergeometric covariance of the counts is
// d(n−d)/(n−1) · (n_g/n)(δ_gh − n_h/n). The statistic is (O−E)ᵀV⁻¹(O−E)
// over all groups but one, since the full vector sums to zero. Ties are
// exact: all events at a time enter together, and subjects censored at that
// time are still at risk.
//
// Like survdiff, groups with no expected events (never at risk at an event
// time) are left out and df is the number of remaining groups minus one.
// It returns an error when fewer than two groups remain or when the
// variance is singular (e.g. every event time removed everyone at risk).
// Work is O(n log n) for the sorts plus O(k²) per distinct event time.
func LogRank(groups [][]Observation) (LogRankResult, error) {
	k := len(groups)
	if k < 2 {
		return LogRankResult{}, clinic.Errorf(clinic.Invalid, "log-rank needs at least two groups, got %d", k)
	}
	// Per group, sorted event times and censoring times; one merge walks
	// them all in time order.
	events := make([][]float64, k)
	censored := make([][]float64, k)
	atRisk := make([]int, k)
	n := 0
	for g, obs := range groups {
		var err error
		if events[g], censored[g], err = sortedTimes(obs); err != nil {
			return LogRankResult{}, clinic.Errorf(clinic.Invalid, "group %d: %s", g+1, clinic.ErrorMessage(err))
		}
		atRisk[g] = len(obs)
		n += len(obs)
	}

	res := LogRankResult{Observed: make([]int, k), Expected: make([]float64, k)}
	expected := make([]neumaier, k)
	diff := make([]neumaier, k) // O − E summed term by term: no cancellation of two large totals
	v := make([]neumaier, k*k)
	ei, ci := make([]int, k), make([]int, k) // next unread event, censoring
	d, left := make([]int, k), make([]int, k)
	for n > 0 {
		t := math.Inf(1)
		for g := range k {
			if ei[g] < len(events[g]) {
				t = math.Min(t, events[g][ei[g]])
			}
			if ci[g] < len(censored[g]) {
				t = math.Min(t, censored[g][ci[g]])
			}
		}
		dt, gone := 0, 0
		for g := range k {
			d[g], left[g] = 0, 0
			for ; ei[g] < len(events[g]) && events[g][ei[g]] == t; ei[g]++ {
				d[g]++
			}
			for ; ci[g] < len(censored[g]) && censored[g][ci[g]] == t; ci[g]++ {
				left[g]++
			}
			left[g] += d[g]
			dt += d[g]
			gone += left[g]
		}
		if dt > 0 {
			accumulate(expected, diff, v, atRisk, d, n, dt)
		}
		for g := range k {
			atRisk[g] -= left[g]
			res.Observed[g] += d[g]
		}
		n -= gone
	}

	var keep []int
	for g := range k {
		res.Expected[g] = expected[g].value()
		if res.Expected[g] > 0 {
			keep = append(keep, g)
		}
	}
	if len(keep) < 2 {
		return res, clinic.Errorf(clinic.Invalid, "log-rank needs at least two groups at risk at an event time")
	}
	// survdiff drops the first remaining group; the statistic does not
	// depend on which one is dropped.
	keep = keep[1:]
	m := len(keep)
	a := make([]float64, m*m)
	x := make([]float64, m)
	for r, g := range keep {
		x[r] = diff[g].value()
		for c, h := range keep {
			a[r*m+c] = v[g*k+h].value()
		}
	}
	chi, ok := quadInverse(a, x, m)
	if !ok {
		return res, clinic.Errorf(clinic.Invalid, "log-rank variance is singular: the groups cannot be compared")
	}
	res.ChiSq, res.DF = chi, m
	res.P = ChiSquareP(chi, m)
	return res, nil
}

// accumulate adds one event time's expected counts and hypergeometric
// covariance: n at risk in all, dt events, atRisk and d per group.
func accumulate(expected, diff, v []neumaier, atRisk, d []int, n, dt int) {
	k := len(atRisk)
	nf, df := float64(n), float64(dt)
	for g := range k {
		e := df * float64(atRisk[g]) / nf
		expected[g].add(e)
		diff[g].add(float64(d[g]) - e)
	}
	if n < 2 {
		return // d(n−d)/(n−1): no variance from a lone subject
	}
	c := df * float64(n-dt) / float64(n-1)
	for g := range k {
		pg := float64(atRisk[g]) / nf
		if pg == 0 {
			continue
		}
		for h := range k {
			delta := 0.0
			if g == h {
				delta = 1
			}
			v[g*k+h].add(c * pg * (delta - float64(atRisk[h])/nf))
		}
	}
}

// quadInverse returns xᵀA⁻¹x for a symmetric positive definite m×m matrix A
// by Cholesky factorisation A = LLᵀ: xᵀA⁻¹x = |L⁻¹x|². ok is false when A is
// not positive definite to working precision (R's solve() would stop).
func quadInverse(a, x []float64, m int) (float64, bool) {
	l := make([]float64, m*m)
	scale := 0.0
	for i := range m {
		scale = math.Max(scale, a[i*m+i])
	}
	for j := range m {
		s := a[j*m+j]
		for p := range j {
			s -= l[j*m+p] * l[j*m+p]
		}
		if !(s > 1e-12*scale) {
			return 0, false
		}
		l[j*m+j] = math.Sqrt(s)
		for i := j + 1; i < m; i++ {
			s := a[i*m+j]
			for p := range j {
				s -= l[i*m+p] * l[j*m+p]
			}
			l[i*m+j] = s / l[j*m+j]
		}
	}
	// forward substitution L y = x; the answer is |y|²
	q := 0.0
	y := make([]float64, m)
	for i := range m {
		s := x[i]
		for p := range i {
			s -= l[i*m+p] * y[p]
		}
		y[i] = s / l[i*m+i]
		q += y[i] * y[i]
	}
	return q, true
}
