package protocol

import "onset/internal/clinic"

// Weight range accepted for weight-based dosing. A plausibility check
// against typing errors (kg vs lb, a missing digit), not a published limit.
const (
	MinWeightKg = 20.0
	MaxWeightKg = 300.0
)

// Measuring increments.
const (
	defaultRoundMg = 0.1 // mg: clinic may set a coarser increment
	// Volume: a 1 mL syringe is graduated in 0.01 mL, so doses up to 1 mL
	// are measured to 0.01 mL and larger ones to 0.1 mL by default; a clinic
	// sets VolumeStepML to match the syringes it stocks.
	fineVolumeStepML   = 0.01
	coarseVolumeStepML = 0.1
	fineVolumeMaxML    = 1.0
	rateStepMLPerHour  = 0.1 // pump rate: infusion pumps are programmed to 0.1 mL/h
)

// StockedConcentrations are the ketamine vial strengths in mg/mL (Ketalar /
// generic ketamine label, DailyMed; §1.1).
func StockedConcentrations() []float64 { return []float64{10, 50, 100} }

// mustDiluteMgPerML must be diluted before IV use (Ketalar label; §1.1).
const mustDiluteMgPerML = 100.0

func validRoute(r clinic.Route) bool {
	switch r {
	case clinic.RouteIV, clinic.RouteIM, clinic.RouteEsketamine, clinic.RouteSublingual, clinic.RouteOral:
		return true
	}
	return false
}

func checkWeight(kg float64) error {
	if kg < MinWeightKg || kg > MaxWeightKg {
		return clinic.Errorf(clinic.Invalid, "weight %s kg is outside %s–%s kg", num(kg), num(MinWeightKg), num(MaxWeightKg))
	}
	return nil
}
