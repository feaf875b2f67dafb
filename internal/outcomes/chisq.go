package outcomes

import "math"

// ChiSquareP is the upper tail P(X ≥ x) of a chi-square distribution with
// df degrees of freedom, i.e. the p-value of a chi-square statistic.
// It returns NaN for df < 1 or a NaN statistic.
func ChiSquareP(x float64, df int) float64 {
	if df < 1 || math.IsNaN(x) {
		return math.NaN()
	}
	if x <= 0 {
		return 1
	}
	return gammaQ(float64(df)/2, x/2)
}

// gammaQ is the regularized upper incomplete gamma function Q(a, x) for
// a > 0, x > 0. Below x = a+1 the power series for P converges fast and Q =
// 1 − P loses nothing (Q is not small there); above it the continued
// fraction gives Q directly, so tiny p-values keep their relative accuracy.
// (Numerical Recipes, 3rd ed., §6.2.)
func gammaQ(a, x float64) float64 {
	const (
		eps     = 1e-16
		maxIter = 100000
		tiny    = 1e-300
	)
	lg, _ := math.Lgamma(a)
	prefix := math.Exp(a*math.Log(x) - x - lg) // x^a e^−x / Γ(a)
	if x < a+1 {
		term, sum := 1/a, 1/a
		for n := 1; n < maxIter; n++ {
			term *= x / (a + float64(n))
			sum += term
			if abs(term) < abs(sum)*eps {
				break
			}
		}
		return 1 - sum*prefix
	}
	// Modified Lentz evaluation of the continued fraction.
	b := x + 1 - a
	c := 1 / tiny
	d := 1 / b
	h := d
	for i := 1; i < maxIter; i++ {
		an := -float64(i) * (float64(i) - a)
		b += 2
		d = an*d + b
		if abs(d) < tiny {
			d = tiny
		}
		c = b + an/c
		if abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if abs(del-1) < eps {
			break
		}
	}
	return prefix * h
}
