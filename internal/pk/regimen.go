package pk

import (
	"math"

	"onset/internal/clinic"
)

// Regimen is a model plus the doses given to it. Concentrations add up dose
// by dose (superposition holds because the model is linear), so a whole
// induction series is one Regimen.
type Regimen struct {
	model  Model
	disp   disposition
	doses  []Dose
	inputs []Input
	terms  []term
}

// Point is one sample of a concentration curve.
type Point struct {
	Min     float64 // minutes after time 0
	NgPerML float64
}

// NewRegimen checks the model and doses and prepares them for evaluation.
func NewRegimen(m Model, doses ...Dose) (Regimen, error) {
	if err := m.Validate(); err != nil {
		return Regimen{}, err
	}
	if len(doses) == 0 {
		return Regimen{}, clinic.Errorf(clinic.Invalid, "a regimen needs at least one dose")
	}
	r := Regimen{model: m, disp: m.disposition()}
	for _, d := range doses {
		d, err := d.normalize()
		if err != nil {
			return Regimen{}, err
		}
		if d.Route.Drug() != m.Drug {
			return Regimen{}, clinic.Errorf(clinic.Invalid, "route %s gives %s but model %s describes %s", d.Route, d.Route.Drug(), m.Name, m.Drug)
		}
		abs, err := AbsorptionFor(m, d.Route)
		if err != nil {
			return Regimen{}, err
		}
		r.doses = append(r.doses, d)
		for _, in := range d.inputs(abs) {
			r.inputs = append(r.inputs, in)
			r.terms = append(r.terms, newTerm(r.disp, m.V1, in))
		}
	}
	return r, nil
}

// Model returns the model the regimen uses.
func (r Regimen) Model() Model { return r.model }

// Doses returns the doses, with esketamine Mg and Devices filled in.
func (r Regimen) Doses() []Dose { return append([]Dose(nil), r.doses...) }

// Inputs returns what the model receives: one per dose, or one per device
// for esketamine.
func (r Regimen) Inputs() []Input { return append([]Input(nil), r.inputs...) }

// Concentration is the plasma concentration in ng/mL at t minutes.
func (r Regimen) Concentration(t float64) float64 { return concentration(&r.disp, r.terms, t) }

// concentration is Concentration for hot loops, without copying a Regimen.
func concentration(d *disposition, terms []term, t float64) float64 {
	var c float64
	for i := range terms {
		c += terms[i].at(d, t)
	}
	return c
}

// Curve samples the concentration every stepMin minutes from 0 to hours
// (inclusive). It returns nil unless both are positive and finite.
func (r Regimen) Curve(hours, stepMin float64) []Point {
	if !(hours > 0 && stepMin > 0) || math.IsInf(hours, 0) || math.IsInf(stepMin, 0) {
		return nil
	}
	n := int(math.Floor(hours*60/stepMin+1e-9)) + 1
	pts := make([]Point, n)
	for i := range pts {
		t := float64(i) * stepMin // multiply, not accumulate, so late times do not drift
		pts[i] = Point{Min: t, NgPerML: concentration(&r.disp, r.terms, t)}
	}
	return pts
}

// term is one input's closed-form contribution, with everything that does
// not depend on t computed once.
type term struct {
	kind  termKind
	start float64    // min, after any lag
	dur   float64    // infusion length, min
	ka    float64    // absorption rate, 1/min
	scale float64    // F·dose/V1 in ng/mL: the level if it all arrived at once
	c     [3]float64 // ng/mL weight of each disposition exponential
	tail  [3]float64 // infusion: 1 − e^{−λ·dur}, how far each exponential filled
	cKa   float64    // absorption: weight of e^{−Ka·t}
}

type termKind uint8

const (
	bolus    termKind = iota // Σ c_i e^{−λ_i t}
	infusion                 // during: Σ c_i (1 − e^{−λ_i t}); after: Σ c_i·tail_i·e^{−λ_i (t−dur)}
	absorbed                 // Σ c_i e^{−λ_i t} + cKa e^{−Ka t}
	// absorbedNear is first-order absorption with Ka within a hair of some
	// λ_i, where splitting into separate exponentials would cancel
	// catastrophically: Σ c_i·expDiff(λ_i, Ka, t).
	absorbedNear
)

const mgPerLToNgPerML = 1000

func newTerm(d disposition, v1 float64, in Input) term {
	abs := in.Absorption
	scale := abs.F * in.Mg / v1 * mgPerLToNgPerML
	t := term{start: in.StartMin + abs.LagMin, dur: in.DurationMin, ka: abs.Ka, scale: scale}
	switch {
	case t.ka > 0:
		t.kind = absorbed
		for i := range d.n {
			if math.Abs(t.ka-d.lambda[i]) < 1e-4*t.ka {
				t.kind = absorbedNear
			}
		}
	case t.dur > 0:
		t.kind = infusion
	}
	for i := range d.n {
		l := d.lambda[i]
		switch t.kind {
		case bolus:
			t.c[i] = scale * d.coef[i]
		case infusion: // constant rate scale/dur into Σ a_i e^{−λ_i t} integrates to a_i/λ_i (1 − e^{−λ_i t})
			t.c[i] = scale / t.dur * d.coef[i] / l
			t.tail[i] = -math.Expm1(-l * t.dur)
		case absorbed: // Ka·e^{−Ka t} convolved with a_i e^{−λ_i t} is Ka·a_i (e^{−λ_i t} − e^{−Ka t})/(Ka − λ_i)
			t.c[i] = scale * t.ka * d.coef[i] / (t.ka - l)
			t.cKa -= t.c[i]
		case absorbedNear:
			t.c[i] = scale * t.ka * d.coef[i]
		}
	}
	return t
}

func (t *term) at(d *disposition, now float64) float64 {
	tau := now - t.start
	if tau < 0 {
		return 0
	}
	var c float64
	switch t.kind {
	case bolus:
		for i := range d.n {
			c += t.c[i] * math.Exp(-d.lambda[i]*tau)
		}
	case infusion:
		if tau < t.dur {
			for i := range d.n {
				c -= t.c[i] * math.Expm1(-d.lambda[i]*tau)
			}
		} else {
			for i := range d.n {
				c += t.c[i] * t.tail[i] * math.Exp(-d.lambda[i]*(tau-t.dur))
			}
		}
	case absorbed:
		if tau == 0 { // the split terms cancel exactly only on paper
			return 0
		}
		c = t.cKa * math.Exp(-t.ka*tau)
		for i := range d.n {
			c += t.c[i] * math.Exp(-d.lambda[i]*tau)
		}
		c = max(c, 0) // and just after 0 rounding must not make it negative
	case absorbedNear:
		for i := range d.n {
			c += t.c[i] * expDiff(d.lambda[i], t.ka, tau)
		}
	}
	return c
}

// expDiff is (e^{−a·t} − e^{−b·t}) / (b − a), the convolution of two
// exponential decays, written so it neither cancels when a ≈ b nor
// overflows when they differ a lot; it tends to t·e^{−a·t} as b → a.
func expDiff(a, b, t float64) float64 {
	lo, hi := min(a, b), max(a, b)
	if hi == lo {
		return t * math.Exp(-lo*t)
	}
	return math.Exp(-lo*t) * -math.Expm1(-(hi-lo)*t) / (hi - lo)
}
