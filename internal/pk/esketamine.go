package pk

import "math"

// Esketamine (Spravato) disposition, from the label's population figures.
// The published population model (Perez-Ruixo 2021 Clin Pharmacokinet
// 60:501) was not retrieved, so a two-compartment model is derived here
// from four label statements; it is not weight-scaled because the label's
// figures are absolute.
const (
	esketamineCLLPerH = 89  // L/h; Spravato label §12.3 (clinical-reference §3.2)
	esketamineVssL    = 709 // L; same source
	// The label: "the decline in plasma esketamine concentrations was
	// biphasic, with a rapid decline for the initial 2 to 4 hours and a mean
	// terminal half-life that ranged from 7 to 12 hours" (J&J Medical
	// Information, citing the label). We take the middle of 7–12 h, and a
	// distribution half-life of 0.75 h so the fast phase is over (≈ 4
	// half-lives) by about 3 h, the middle of "2 to 4 hours". [derived]
	esketamineTerminalHalfLifeH     = 9.5
	esketamineDistributionHalfLifeH = 0.75
)

// EsketamineModel returns the two-compartment esketamine model whose
// clearance, steady-state volume and two half-lives are the label-derived
// values above. Solving α+β = k10+k12+k21, αβ = k10·k21, CL = k10·V1 and
// Vss = V1·(1 + k12/k21) for V1, k12, k21 gives
// V1 = CL / (α + β − αβ·Vss/CL).
func EsketamineModel() Model {
	cl := esketamineCLLPerH / 60.0 // L/min
	alpha := math.Ln2 / (esketamineDistributionHalfLifeH * 60)
	beta := math.Ln2 / (esketamineTerminalHalfLifeH * 60)
	v1 := cl / (alpha + beta - alpha*beta*esketamineVssL/cl)
	k10 := cl / v1
	return Model{
		Name: "esketamine",
		Drug: Esketamine,
		V1:   v1,
		K10:  k10,
		K21:  alpha * beta / k10,
		K12:  alpha * beta * (esketamineVssL - v1) / cl,
		Sources: []string{
			"Spravato (esketamine) label §12.3: CL ~89 L/h, Vss 709 L, biphasic decline (rapid for 2-4 h), terminal t1/2 7-12 h",
			"two-compartment fit to those figures [derived]: terminal t1/2 9.5 h (middle of 7-12 h), distribution t1/2 0.75 h",
		},
	}
}
