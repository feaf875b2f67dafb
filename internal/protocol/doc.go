// Package protocol holds ketamine and esketamine treatment protocols as
// data, and the arithmetic built on them: dose calculation with its working
// shown, plan generation, titration and maintenance spacing.
//
// It is pure: no clock, no I/O, no mutable package state. Dates come in as
// parameters. Templates are returned as fresh values that a clinic copies
// and edits; every template, rule and constant names its source (see
// /work/shared/clinical-reference.md, "§" below). Where a value has no
// published source it says so and is a clinic default the medical director
// owns.
//
// Units: doses in mg and mg/kg, volumes in mL, rates in mL/h, durations in
// minutes, spacing in whole days (sessions are planned by date).
package protocol
