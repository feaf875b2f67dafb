// Package screening checks whether a person may start ketamine or
// esketamine treatment: contraindications, blood pressure, pregnancy,
// psychosis and interacting medications.
//
// It is pure: no clock, no I/O, no mutable package state. The caller passes
// the as-of date and the clinic's Thresholds; DefaultThresholds holds the
// published values, and the clinic's medical director owns the real ones.
//
// Every finding carries its source. Where the source is secondary, was
// found outside clinical-reference.md, or was not found at all, the Source
// string says so: a missing source is written as "not found", never filled
// in.
//
// Severity. "exclude" means not eligible until a prescriber reviews and
// overrides; "caution" means eligible but a prescriber must review first.
// Screening supports, and never replaces, the pretreatment psychiatric
// evaluation (Sanacora 2017 [2°], clinical-reference.md §1.3).
package screening
