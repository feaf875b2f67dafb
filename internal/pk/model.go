package pk

import (
	"math"
	"slices"

	"onset/internal/clinic"
)

// Drug says which molecule a model describes; routes are tied to one drug.
type Drug string

const (
	Racemic    Drug = "racemic ketamine"
	Esketamine Drug = "esketamine"
)

// Model is a linear mammillary compartment model: a central compartment
// (volume V1, where concentrations are measured and elimination happens)
// exchanging drug with up to two peripheral compartments. A model with
// K12 = K21 = 0 has no second compartment; with K13 = K31 = 0 no third.
type Model struct {
	Name     string  // "clements", "domino", "esketamine"
	Drug     Drug    //
	WeightKg float64 // the weight volumes were scaled to; 0 if not weight-scaled
	V1       float64 // central volume, L
	K10      float64 // elimination from the central compartment, 1/min
	K12, K21 float64 // central ⇄ second compartment, 1/min
	K13, K31 float64 // central ⇄ third compartment, 1/min
	Sources  []string
}

// Compartments is 1, 2 or 3.
func (m Model) Compartments() int {
	n := 1
	if m.K12 > 0 {
		n++
	}
	if m.K13 > 0 {
		n++
	}
	return n
}

// V2 is the second compartment's volume in L, from V1·k12 = V2·k21 (the
// intercompartmental clearance is the same in both directions).
func (m Model) V2() float64 { return ratioVolume(m.V1, m.K12, m.K21) }

// V3 is the third compartment's volume in L (V1·k13 = V3·k31).
func (m Model) V3() float64 { return ratioVolume(m.V1, m.K13, m.K31) }

func ratioVolume(v1, out, back float64) float64 {
	if out == 0 {
		return 0
	}
	return v1 * out / back
}

// Clearance is the elimination clearance in L/min.
func (m Model) Clearance() float64 { return m.V1 * m.K10 }

// Vss is the volume of distribution at steady state in L.
func (m Model) Vss() float64 { return m.V1 + m.V2() + m.V3() }

// Validate reports parameters that cannot describe a drug.
func (m Model) Validate() error {
	ok := func(x float64) bool { return x >= 0 && !math.IsInf(x, 0) && !math.IsNaN(x) }
	switch {
	case !(m.V1 > 0) || !ok(m.V1):
		return clinic.Errorf(clinic.Invalid, "model %s: central volume must be positive", m.Name)
	case !(m.K10 > 0) || !ok(m.K10):
		return clinic.Errorf(clinic.Invalid, "model %s: k10 must be positive", m.Name)
	case !ok(m.K12) || !ok(m.K21) || !ok(m.K13) || !ok(m.K31):
		return clinic.Errorf(clinic.Invalid, "model %s: rate constants must be finite and non-negative", m.Name)
	case (m.K12 > 0) != (m.K21 > 0), (m.K13 > 0) != (m.K31 > 0):
		return clinic.Errorf(clinic.Invalid, "model %s: a peripheral compartment needs rates in both directions", m.Name)
	case m.K13 > 0 && m.K12 == 0:
		return clinic.Errorf(clinic.Invalid, "model %s: use k12/k21 before k13/k31", m.Name)
	}
	return nil
}

// disposition is the model's unit impulse response in the central
// compartment: t minutes after 1 mg given straight into it, the
// concentration is Σ coef[i]·exp(−lambda[i]·t) / V1 mg/L. Lambdas are sorted
// fastest first; coefficients sum to 1.
type disposition struct {
	n      int
	lambda [3]float64 // 1/min
	coef   [3]float64 // dimensionless, Σ = 1
}

func (m Model) disposition() disposition {
	var d disposition
	var roots []float64
	back := []float64{} // peripheral return rates k21, k31
	switch m.Compartments() {
	case 1:
		roots = []float64{m.K10}
	case 2:
		back = []float64{m.K21}
		a := m.K10 + m.K12 + m.K21
		disc := math.Sqrt(a*a - 4*m.K10*m.K21)
		// Avoid cancellation in the small root: product of roots is k10·k21.
		big := (a + disc) / 2
		roots = []float64{big, m.K10 * m.K21 / big}
	case 3:
		back = []float64{m.K21, m.K31}
		roots = cubicRoots(
			m.K10+m.K12+m.K13+m.K21+m.K31,
			m.K10*m.K21+m.K10*m.K31+m.K12*m.K31+m.K13*m.K21+m.K21*m.K31,
			m.K10*m.K21*m.K31)
	}
	slices.SortFunc(roots, func(a, b float64) int { return -cmpFloat(a, b) })
	d.n = len(roots)
	for i, l := range roots {
		// Coefficient of exp(−λi t) in the central compartment's impulse
		// response: Π_j (k_j1 − λi) / Π_{m≠i} (λm − λi).
		num, den := 1.0, 1.0
		for _, k := range back {
			num *= k - l
		}
		for j, o := range roots {
			if j != i {
				den *= o - l
			}
		}
		d.lambda[i], d.coef[i] = l, num/den
	}
	return d
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// cubicRoots returns the three positive roots of s³ − a2·s² + a1·s − a0, the
// characteristic polynomial of a 3-compartment mammillary model, which
// always has three distinct real roots. Trigonometric (Viète) solution,
// then two Newton steps each to polish rounding.
func cubicRoots(a2, a1, a0 float64) []float64 {
	p := a1 - a2*a2/3
	q := -2*a2*a2*a2/27 + a1*a2/3 - a0 // s = x + a2/3 gives x³ + p·x + q = 0
	r := 2 * math.Sqrt(-p/3)
	phi := math.Acos(math.Max(-1, math.Min(1, 3*q/(2*p)*math.Sqrt(-3/p)))) / 3
	roots := make([]float64, 3)
	for k := range roots {
		s := r*math.Cos(phi-2*math.Pi*float64(k)/3) + a2/3
		for range 2 {
			f := ((s-a2)*s+a1)*s - a0
			df := (3*s-2*a2)*s + a1
			if df != 0 {
				s -= f / df
			}
		}
		roots[k] = s
	}
	return roots
}
