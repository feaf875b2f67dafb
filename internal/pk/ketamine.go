package pk

import (
	"onset/internal/clinic"
)

// Racemic ketamine disposition models. Both are weight-scaled: V1 in L/kg,
// rate constants in 1/min independent of weight.

// DefaultRacemicModel is the model used when none is named; see the package
// documentation for why.
const DefaultRacemicModel = "clements"

// RacemicModels lists the names RacemicModel accepts.
func RacemicModels() []string { return []string{"clements", "domino"} }

// Clements is the Clements & Nimmo 1981 two-compartment model (250 µg/kg IV
// bolus data), constants as coded in opentiva/opentiva ketamine.py
// (class Clements250). Derived: t½α 17.6 min, t½β 183 min, CL 19.1
// mL/kg/min, Vss 4.13 L/kg (clinical-reference §3.3).
func Clements(weightKg float64) Model {
	return Model{
		Name:     "clements",
		Drug:     Racemic,
		WeightKg: weightKg,
		V1:       1.7522 * weightKg, // L/kg; Clements & Nimmo 1981 BJA 53:27 (PMID 7459184) via opentiva
		K10:      0.0109,            // 1/min; same source
		K12:      0.0186,            // 1/min; same source
		K21:      0.0137,            // 1/min; same source
		Sources: []string{
			"Clements JA, Nimmo WS. Br J Anaesth 1981;53:27 (PMID 7459184), constants as coded in opentiva/opentiva ketamine.py (Clements250)",
		},
	}
}

// Domino is the Domino three-compartment model, constants as coded in
// opentiva/opentiva ketamine.py (PMID 7198883; StanPump cites the same
// constants as Domino et al. Clin Pharmacol Ther 36:645, 1984). V2 and V3
// follow from the rate constants (≈0.151 and 2.55 L/kg); a JS
// implementation's hard-coded 0.207 and 1.51 L/kg do not match them.
func Domino(weightKg float64) Model {
	return Model{
		Name:     "domino",
		Drug:     Racemic,
		WeightKg: weightKg,
		V1:       0.063 * weightKg, // L/kg; Domino 1982 Anesth Analg 61:87 (PMID 7198883) via opentiva
		K10:      0.4381,           // 1/min; same source
		K12:      0.5921,           // 1/min; same source
		K13:      0.5900,           // 1/min; same source
		K21:      0.2470,           // 1/min; same source
		K31:      0.0146,           // 1/min; same source
		Sources: []string{
			"Domino EF et al. Anesth Analg 1982;61:87 (PMID 7198883), constants as coded in opentiva/opentiva ketamine.py (Domino); StanPump cites Clin Pharmacol Ther 1984;36:645",
		},
	}
}

// RacemicModel returns the named racemic model ("" means the default) for
// a patient of weightKg, which must be a plausible weight (clinic.WeightKg:
// outside it the number is far more likely a typo, lb for kg or a missing
// digit, than a patient, and both models were fitted on adults).
func RacemicModel(name string, weightKg float64) (Model, error) {
	if err := clinic.WeightKg.Check("weight", weightKg); err != nil {
		return Model{}, err
	}
	switch name {
	case "", "clements":
		return Clements(weightKg), nil
	case "domino":
		return Domino(weightKg), nil
	}
	return Model{}, clinic.Errorf(clinic.Invalid, "unknown ketamine model %q (use clements or domino)", name)
}
