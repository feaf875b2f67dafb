package pk

import (
	"strings"

	"onset/internal/clinic"
)

// Route is how a dose is given.
type Route string

const (
	IV              Route = "iv"         // infusion over DurationMin, or a bolus when it is 0
	IM              Route = "im"         // intramuscular racemic ketamine
	Intranasal      Route = "intranasal" // racemic ketamine nasal spray
	Sublingual      Route = "sublingual" // racemic ketamine held under the tongue
	Oral            Route = "oral"       // racemic ketamine swallowed
	EsketamineSpray Route = "esketamine" // esketamine nasal spray, 28 mg devices
)

// Routes lists every route in a stable order.
func Routes() []Route { return []Route{IV, IM, Intranasal, Sublingual, Oral, EsketamineSpray} }

// ParseRoute accepts a route name as written in Routes.
func ParseRoute(s string) (Route, error) {
	for _, r := range Routes() {
		if strings.EqualFold(s, string(r)) {
			return r, nil
		}
	}
	return "", clinic.Errorf(clinic.Invalid, "unknown route %q (use iv, im, intranasal, sublingual, oral or esketamine)", s)
}

// Drug is the molecule the route delivers.
func (r Route) Drug() Drug {
	if r == EsketamineSpray {
		return Esketamine
	}
	return Racemic
}

// Absorption says how a route's dose reaches the central compartment.
// Extravascular routes are modelled as first-order absorption of F·dose
// into the central compartment at rate Ka after LagMin.
type Absorption struct {
	F       float64    // bioavailability, 0–1
	Ka      float64    // first-order absorption rate, 1/min; 0 = straight into the central compartment
	LagMin  float64    // delay before absorption starts, min (0 for every route: no source gives one)
	TmaxMin [2]float64 // published Tmax range, min (esketamine: after the last device); Ka is fitted into it
	Sources []string
}

// AbsorptionFor returns how route r reaches model m: bioavailability and
// Tmax from clinical-reference §3.1, and Ka fitted for that model. No
// source gives an absorption rate, so Ka was chosen, per model, to put the
// single-dose Tmax at a target inside the published range. Ka depends on
// the model because its distribution speed moves Tmax (Domino's fast
// distribution needs a much slower Ka for the same Tmax), not on weight.
func AbsorptionFor(m Model, r Route) (Absorption, error) {
	a := bioavailability(r)
	if r == IV {
		return a, nil
	}
	if a.Ka = fittedKa(m.Name, r); a.Ka == 0 {
		return Absorption{}, clinic.Errorf(clinic.Invalid, "no absorption rate is fitted for route %s with model %s", r, m.Name)
	}
	return a, nil
}

// fittedKa is the absorption rate (1/min) that puts Tmax at the target
// named beside it (single dose). The tests check every Tmax is in range.
func fittedKa(model string, r Route) float64 {
	switch model + "/" + string(r) {
	case "clements/im":
		return 0.25 // Tmax ≈ 10 min, middle of 5–15
	case "clements/intranasal":
		return 0.10 // Tmax ≈ 18 min, middle of 14–23
	case "clements/sublingual":
		return 0.024 // Tmax ≈ 45 min = Rolan 2014's 0.75 h
	case "clements/oral":
		return 0.025 // Tmax ≈ 44 min, middle of 30–58
	// Domino: the same Tmax targets. Its central volume empties within
	// minutes, so only slow absorption keeps the peak that late.
	case "domino/im":
		return 0.028
	case "domino/intranasal":
		return 0.013
	case "domino/sublingual", "domino/oral":
		return 0.0065
	case "esketamine/esketamine":
		return 0.06 // Tmax ≈ 30 min after the last of 2 devices (31.8 for 1, 27.5 for 3), middle of 20–40
	}
	return 0
}

// bioavailability gives the route's F, published Tmax range and sources
// (clinical-reference §3.1).
func bioavailability(r Route) Absorption {
	switch r {
	case IV:
		return Absorption{F: 1,
			Sources: []string{"IV: 100% bioavailable by definition; Tmax is the end of the infusion"}}
	case IM:
		return Absorption{F: 0.93, TmaxMin: [2]float64{5, 15},
			Sources: []string{
				"F 0.93: Ketalar Swiss product information (ch.oddb.org); usual primary citation Clements 1982 J Pharm Sci",
				// The 5-15 min range's lower end is only in secondary summaries
				// (clinical-reference §3.1): shown as a model default, not cited.
				"Tmax about 15 min: Ketalar Swiss product information; the 5-15 min range is a model default (no primary source found)",
			}}
	case Intranasal:
		// Yanagihara's 45% is the figure measured with a Tmax; PMC9118341
		// (2022) found only 11–17% at 10–50 mg, so this may overpredict.
		return Absorption{F: 0.45, TmaxMin: [2]float64{14, 23},
			Sources: []string{
				"F 0.45 and Tmax 14-23 min: Yanagihara 2003 Biopharm Drug Dispos 24:37 (spray, n=3); PMC9118341 (2022) reports 11-17%",
			}}
	case Sublingual:
		return Absorption{F: 0.29, TmaxMin: [2]float64{15, 60},
			Sources: []string{
				"F 0.29 (90% CI 0.27-0.31) and Tmax 0.75 h (range 0.25-1.0 h): Rolan 2014 Br J Clin Pharmacol 77:1011 (wafer)",
				"Chong 2006 Pain Med: F 0.32 +/- 0.17, Tmax 0.76 +/- 0.51 h",
			}}
	case Oral:
		return Absorption{F: 0.20, TmaxMin: [2]float64{30, 58},
			Sources: []string{
				"F 0.20: Yanagihara 2003 (about 20%), between Clements 1982 (17%) and Chong 2006 Pain Med (23 +/- 9%)",
				"Tmax about 30 min (primidi, secondary) to 0.96 h (Chong 2006 mean)",
			}}
	case EsketamineSpray:
		return Absorption{F: 0.48, TmaxMin: [2]float64{20, 40},
			Sources: []string{"F 0.48 and Tmax 20-40 min after the last device: Spravato label section 12.3"}}
	}
	return Absorption{}
}
