// Package pk predicts plasma ketamine and esketamine concentrations with
// linear compartment models solved in closed form (sums of exponentials).
//
// Units: doses in mg, times in minutes, volumes in L, rate constants in
// 1/min, concentrations in ng/mL (= µg/L), AUC in ng·h/mL. Time 0 is the
// start of the regimen; every dose starts at or after it.
//
// The package is pure: no clock, no I/O, no mutable package state. Every
// constant carries its published source (clinical-reference.md §3).
//
// Default racemic model. Clements & Nimmo 1981 (2 compartments) is the
// default because, for the reference case (0.5 mg/kg over 40 min, 70 kg),
// it predicts Cmax ≈ 177 ng/mL, within 5% of the 185 ng/mL Zanos 2018 reports
// for that infusion, and its clearance (19.1 mL/kg/min ≈ 80 L/h per 70 kg)
// matches the Kamp 2020 meta-analysis (79 L/h per 70 kg). Domino (3
// compartments) predicts ≈ 240 ng/mL, inside the 100–250 ng/mL dissociation
// range but 30% above 185, with a clearance (≈116 L/h per 70 kg) well above
// Kamp's; it is available as an alternative.
//
// Limits. Clements's central volume is large (1.75 L/kg), so minutes after
// a fast bolus it predicts well under measured levels (10 mg IV: 77 vs 296
// ng/mL at 2 min); Domino does better there. Absorption is first-order into
// the central compartment with no first-pass metabolite: norketamine, which
// after oral dosing exceeds ketamine, is not modelled. No published
// absorption rate constants were found, so each route's Ka is fitted to its
// published Tmax (see AbsorptionFor). The esketamine model is derived from
// the label's summary figures, not from the population model.
package pk
