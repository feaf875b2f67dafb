package protocol

import (
	"fmt"
	"math"
	"slices"

	"onset/internal/clinic"
)

// DoseRequest is one dose to prepare. Set MgPerKg for a weight-based dose
// or FixedMg for a fixed one (esketamine is always fixed).
type DoseRequest struct {
	Route    clinic.Route
	WeightKg float64 // required for weight-based doses; optional for fixed ones
	MgPerKg  float64
	FixedMg  float64

	CeilingMgPerKg float64 // the clinic's ceiling; required for weight-based doses
	CeilingMg      float64 // the clinic's ceiling for fixed doses; 0 = none beyond the label

	ConcentrationMgPerML float64 // stocked vial strength; required for IV and IM
	DiluentML            float64 // IV only: bag volume, e.g. 100 mL 0.9% NaCl; 0 = undiluted (syringe pump)
	Minutes              float64 // IV only: infusion time, e.g. 40

	RoundMg      float64 // the clinic's mg increment; 0 means 0.1 mg
	VolumeStepML float64 // the syringe's increment; 0 means 0.01 mL up to 1 mL, else 0.1 mL
}

// DoseResult is a prepared dose and the arithmetic that led to it.
type DoseResult struct {
	DoseMg        float64 // prescribed dose, rounded to the clinic's increment
	MgPerKg       float64 // the mg/kg asked for, or the fixed dose per kg (0 without a weight)
	VolumeML      float64 // drug volume to draw, rounded to the syringe's increment
	DrawnMg       float64 // what that volume holds; differs from DoseMg only by rounding
	TotalML       float64 // drug plus diluent (IV)
	RateMLPerHour float64 // pump rate (IV)
	Devices       int     // esketamine devices
	Steps         []string
	Notes         []string
}

// CalculateDose computes the dose, volume and pump rate and shows each
// step. Bad input (a number outside its quantity's range, such as a weight
// outside 20–300 kg, a dose above the clinic ceiling, a concentration not
// stocked, undiluted 100 mg/mL IV) returns a clinic.Invalid error naming
// the problem; so does a result no pump or syringe could deliver.
func CalculateDose(r DoseRequest) (DoseResult, error) {
	if !validRoute(r.Route) {
		return DoseResult{}, clinic.Errorf(clinic.Invalid, "route %q is not iv, im, esketamine, sublingual or oral", r.Route)
	}
	if err := r.checkNumbers(); err != nil {
		return DoseResult{}, err
	}
	if r.Route == clinic.RouteEsketamine {
		return esketamineDose(r)
	}
	roundMg, err := positiveOr(r.RoundMg, defaultRoundMg, "mg rounding increment")
	if err != nil {
		return DoseResult{}, err
	}
	res := DoseResult{}
	var maxMg float64
	switch {
	case r.MgPerKg > 0 && r.FixedMg > 0:
		return res, clinic.Errorf(clinic.Invalid, "give either a mg/kg dose or a fixed mg dose, not both")
	case r.MgPerKg > 0:
		if err := checkWeight(r.WeightKg); err != nil {
			return res, err
		}
		if r.CeilingMgPerKg <= 0 {
			return res, clinic.Errorf(clinic.Invalid, "the clinic's mg/kg ceiling is required for a weight-based dose")
		}
		if r.MgPerKg > r.CeilingMgPerKg+1e-9 {
			return res, clinic.Errorf(clinic.Invalid, "dose %s mg/kg is above the clinic ceiling of %s mg/kg", num(r.MgPerKg), num(r.CeilingMgPerKg))
		}
		maxMg = r.CeilingMgPerKg * r.WeightKg
		raw := r.MgPerKg * r.WeightKg
		mg, down := roundNotAbove(raw, roundMg, maxMg)
		res.DoseMg, res.MgPerKg = mg, r.MgPerKg
		res.Steps = append(res.Steps, fmt.Sprintf("%s mg/kg × %s kg = %s", num(r.MgPerKg), num(r.WeightKg), rounded(raw, mg, roundMg, "mg", down)))
	case r.FixedMg > 0:
		if r.CeilingMg > 0 && r.FixedMg > r.CeilingMg+1e-9 {
			return res, clinic.Errorf(clinic.Invalid, "dose %s mg is above the clinic ceiling of %s mg", num(r.FixedMg), num(r.CeilingMg))
		}
		maxMg = math.Inf(1)
		if r.CeilingMg > 0 {
			maxMg = r.CeilingMg
		}
		mg, down := roundNotAbove(r.FixedMg, roundMg, maxMg)
		res.DoseMg = mg
		if !near(mg, r.FixedMg) {
			res.Steps = append(res.Steps, rounded(r.FixedMg, mg, roundMg, "mg", down))
		}
		if r.WeightKg != 0 {
			if err := checkWeight(r.WeightKg); err != nil {
				return res, err
			}
			res.MgPerKg = roundTo(mg/r.WeightKg, 0.01)
			res.Steps = append(res.Steps, fmt.Sprintf("%s mg ÷ %s kg = %s mg/kg", num(mg), num(r.WeightKg), num(res.MgPerKg)))
		}
	default:
		return res, clinic.Errorf(clinic.Invalid, "dose is required: a mg/kg dose or a fixed mg dose")
	}

	if res.DoseMg <= 0 {
		return res, clinic.Errorf(clinic.Invalid, "dose rounds to 0 mg at the %s mg increment", num(roundMg))
	}
	if r.Route != clinic.RouteIV && (r.DiluentML != 0 || r.Minutes != 0) {
		return res, clinic.Errorf(clinic.Invalid, "diluent volume and infusion minutes apply to IV doses only")
	}
	conc := r.ConcentrationMgPerML
	if conc == 0 {
		if r.Route == clinic.RouteIV || r.Route == clinic.RouteIM {
			return res, clinic.Errorf(clinic.Invalid, "a vial concentration is required for %s doses", r.Route)
		}
		return res, nil // oral or sublingual dose in mg only
	}
	if !slices.Contains(StockedConcentrations(), conc) {
		return res, clinic.Errorf(clinic.Invalid, "concentration %s mg/mL is not stocked (10, 50 or 100 mg/mL)", num(conc))
	}

	volStep := r.VolumeStepML
	switch {
	case volStep < 0:
		return res, clinic.Errorf(clinic.Invalid, "volume increment must be positive")
	case volStep == 0 && res.DoseMg/conc <= fineVolumeMaxML:
		volStep = fineVolumeStepML
	case volStep == 0:
		volStep = coarseVolumeStepML
	}
	rawML := res.DoseMg / conc
	ml, down := roundNotAbove(rawML, volStep, maxMg/conc)
	if ml <= 0 {
		return res, clinic.Errorf(clinic.Invalid, "%s mg at %s mg/mL is too small to measure in %s mL steps", num(res.DoseMg), num(conc), num(volStep))
	}
	if err := clinic.VolumeML.Check(fmt.Sprintf("the volume of %s mg at %s mg/mL", num(res.DoseMg), num(conc)), ml); err != nil {
		return res, err
	}
	res.VolumeML, res.DrawnMg = ml, clean(ml*conc)
	vol := fmt.Sprintf("%s mg ÷ %s mg/mL = %s", num(res.DoseMg), num(conc), rounded(rawML, ml, volStep, "mL", down))
	if !near(res.DrawnMg, res.DoseMg) {
		vol += fmt.Sprintf(", which holds %s mg", num(res.DrawnMg))
	}
	res.Steps = append(res.Steps, vol)
	res.TotalML = ml

	if r.Route != clinic.RouteIV {
		return res, nil
	}
	if r.DiluentML < 0 {
		return res, clinic.Errorf(clinic.Invalid, "diluent volume must not be negative")
	}
	if conc >= mustDiluteMgPerML && r.DiluentML == 0 {
		return res, clinic.Errorf(clinic.Invalid, "100 mg/mL ketamine must be diluted before IV use (Ketalar label): give a diluent volume")
	}
	if r.Minutes <= 0 {
		return res, clinic.Errorf(clinic.Invalid, "infusion minutes are required for an IV dose")
	}
	if conc >= mustDiluteMgPerML {
		res.Notes = append(res.Notes, "100 mg/mL must be diluted before IV use (Ketalar label)")
	}
	res.TotalML = clean(ml + r.DiluentML)
	rawRate := res.TotalML / r.Minutes * 60
	res.RateMLPerHour = roundTo(rawRate, rateStepMLPerHour)
	what := num(ml) + " mL"
	if r.DiluentML > 0 {
		what = fmt.Sprintf("(%s + %s) mL", num(ml), num(r.DiluentML))
	}
	res.Steps = append(res.Steps, fmt.Sprintf("%s ÷ %s min × 60 = %s", what, num(r.Minutes),
		rounded(rawRate, res.RateMLPerHour, rateStepMLPerHour, "mL/h", false)))
	if err := clinic.RateMLPerHour.Check(fmt.Sprintf("the pump rate for %s over %s min", what, num(r.Minutes)), res.RateMLPerHour); err != nil {
		return res, err
	}
	return res, nil
}

// checkNumbers checks every number of the request against its quantity
// (0 stands for "not given" where the field is optional).
func (r DoseRequest) checkNumbers() error {
	for _, c := range []struct {
		field string
		q     clinic.Quantity
		x     float64
	}{
		{"the dose in mg/kg", clinic.MgPerKg, r.MgPerKg},
		{"the dose in mg", clinic.DoseMg, r.FixedMg},
		{"the mg/kg ceiling", clinic.MgPerKg, r.CeilingMgPerKg},
		{"the mg ceiling", clinic.DoseMg, r.CeilingMg},
		{"the weight", clinic.WeightKg, r.WeightKg},
		{"the vial concentration", clinic.ConcentrationMgPerML, r.ConcentrationMgPerML},
		{"the infusion minutes", clinic.InfusionMin, r.Minutes},
		{"the mg rounding increment", clinic.DoseMg, r.RoundMg},
		{"the syringe's volume increment", clinic.VolumeML, r.VolumeStepML},
	} {
		if c.x < 0 {
			continue // the rules below say what a negative value means
		}
		if err := c.q.CheckOptional(c.field, c.x); err != nil {
			return err
		}
	}
	if r.DiluentML >= 0 || math.IsNaN(r.DiluentML) {
		return clinic.DiluentML.Check("the bag volume", r.DiluentML)
	}
	return nil
}

// rounded writes "41.2 mg" when no rounding happened, otherwise
// "41.185 mg ≈ 41.2 mg (nearest 0.1 mg)".
func rounded(raw, v, step float64, unit string, down bool) string {
	if near(raw, v) {
		return num(v) + " " + unit
	}
	how := "nearest " + num(step) + " " + unit
	if down {
		how = "rounded down to " + num(step) + " " + unit + " to stay within the ceiling"
	}
	return fmt.Sprintf("%s %s ≈ %s %s (%s)", num(raw), unit, num(v), unit, how)
}

func esketamineDose(r DoseRequest) (DoseResult, error) {
	if r.MgPerKg != 0 {
		return DoseResult{}, clinic.Errorf(clinic.Invalid, "esketamine is dosed in fixed mg (28, 56 or 84 mg), not mg/kg")
	}
	if r.ConcentrationMgPerML != 0 || r.DiluentML != 0 || r.Minutes != 0 {
		return DoseResult{}, clinic.Errorf(clinic.Invalid, "esketamine comes in 28 mg devices: concentration, diluent and minutes do not apply")
	}
	if r.CeilingMg > 0 && r.FixedMg > r.CeilingMg {
		return DoseResult{}, clinic.Errorf(clinic.Invalid, "dose %s mg is above the clinic ceiling of %s mg", num(r.FixedMg), num(r.CeilingMg))
	}
	n, err := EsketamineDevices(r.FixedMg)
	if err != nil {
		return DoseResult{}, err
	}
	res := DoseResult{DoseMg: r.FixedMg, DrawnMg: r.FixedMg, Devices: n, Steps: esketamineSteps(r.FixedMg, n)}
	if r.WeightKg != 0 {
		if err := checkWeight(r.WeightKg); err != nil {
			return DoseResult{}, err
		}
		res.MgPerKg = roundTo(r.FixedMg/r.WeightKg, 0.01)
	}
	return res, nil
}

func positiveOr(v, def float64, what string) (float64, error) {
	switch {
	case v < 0:
		return 0, clinic.Errorf(clinic.Invalid, "%s must be positive", what)
	case v == 0:
		return def, nil
	}
	return v, nil
}
