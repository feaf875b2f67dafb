package protocol

import (
	"strings"

	"onset/internal/clinic"
)

// maxPlanSessions bounds the sessions of one template (all phases): a
// data-entry limit well above any published series (§1.2) and a year of
// maintenance, so a typing slip cannot plan a thousand sessions.
const maxPlanSessions = 200

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

// checkWeight checks a patient's weight (clinic.WeightKg).
func checkWeight(kg float64) error { return clinic.WeightKg.Check("the weight", kg) }

// problem is a quantity's refusal of x as one entry of a list of problems
// ("" when x is plausible).
func problem(field string, q clinic.Quantity, x float64) string {
	if err := q.Check(field, x); err != nil {
		return strings.TrimSuffix(clinic.ErrorMessage(err), ".")
	}
	return ""
}
