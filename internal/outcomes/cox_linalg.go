package outcomes

import "math"

// The small dense algebra the Cox fit needs: a p×p symmetric matrix held
// row-major in a []float64, factored as L·D·Lᵀ (L unit lower triangular,
// D diagonal) the way R's survival package does it (cholesky2, chsolve2,
// chinv2), so a column that is a linear combination of the ones before it
// is found in the same way and at the same tolerance.

// cholTol is R's coxph.control()$toler.chol, .Machine$double.eps^0.75.
var cholTol = math.Pow(2, -52*0.75)

// ldl factors the symmetric p×p matrix m in place: D on the diagonal, L
// below it (the upper triangle is read, then left as it was). A pivot
// smaller than tol times the largest diagonal, or not finite, marks its
// column as redundant: its diagonal is set to 0 and it takes no part in
// what follows. It returns the rank.
func ldl(m []float64, p int, tol float64) int {
	eps := 0.0
	for i := range p {
		if m[i*p+i] > eps {
			eps = m[i*p+i]
		}
		for j := i + 1; j < p; j++ {
			m[j*p+i] = m[i*p+j]
		}
	}
	if eps == 0 {
		eps = tol
	} else {
		eps *= tol
	}
	rank := 0
	for i := range p {
		pivot := m[i*p+i]
		if math.IsNaN(pivot) || math.IsInf(pivot, 0) || pivot < eps {
			m[i*p+i] = 0
			continue
		}
		rank++
		for j := i + 1; j < p; j++ {
			t := m[j*p+i] / pivot
			m[j*p+i] = t
			m[j*p+j] -= t * t * pivot
			for k := j + 1; k < p; k++ {
				m[k*p+j] -= t * m[k*p+i]
			}
		}
	}
	return rank
}

// ldlSolve overwrites y with the solution b of M·b = y, where f holds M
// factored by ldl. Redundant columns get 0.
func ldlSolve(f []float64, p int, y []float64) {
	for i := range p {
		t := y[i]
		for j := range i {
			t -= y[j] * f[i*p+j]
		}
		y[i] = t
	}
	for i := p - 1; i >= 0; i-- {
		if f[i*p+i] == 0 {
			y[i] = 0
			continue
		}
		t := y[i] / f[i*p+i]
		for j := i + 1; j < p; j++ {
			t -= y[j] * f[j*p+i]
		}
		y[i] = t
	}
}

// ldlInverse returns M⁻¹ from f (M factored by ldl), row-major; the rows
// and columns of redundant columns are 0, as in R's chinv2.
func ldlInverse(f []float64, p int) []float64 {
	inv := make([]float64, p*p)
	col := make([]float64, p)
	for j := range p {
		clear(col)
		col[j] = 1
		ldlSolve(f, p, col)
		for i := range p {
			inv[i*p+j] = col[i]
		}
	}
	for i := range p {
		if f[i*p+i] == 0 {
			for j := range p {
				inv[i*p+j], inv[j*p+i] = 0, 0
			}
		}
	}
	return inv
}

// quadForm returns uᵀ M⁻¹ u for the symmetric matrix m (left untouched),
// solving through ldl: the score-type statistic of R's coxph.wtest and
// cox.zph. Redundant directions contribute nothing.
func quadForm(m []float64, p int, u []float64) float64 {
	f := append([]float64(nil), m...)
	ldl(f, p, cholTol)
	b := append([]float64(nil), u...)
	ldlSolve(f, p, b)
	s := 0.0
	for i := range p {
		s += u[i] * b[i]
	}
	return s
}
