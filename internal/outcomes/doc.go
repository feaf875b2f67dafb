// Package outcomes turns assessments into course outcome events and
// estimates how quickly those events happen: Kaplan–Meier curves with
// Greenwood confidence intervals, their quantiles, the log-rank test, and
// Cox proportional-hazards regression with its tests, concordance and the
// test of proportional hazards.
//
// Definitions follow design.md §3. The statistics reproduce R's survival
// package (survfit with conf.type="log", quantile.survfit, survdiff with
// rho=0, coxph, concordance and cox.zph with transform="km") so a
// clinic's researcher can check Onset against R.
//
// The package is pure: values in, values out, no clock and no I/O.
package outcomes
