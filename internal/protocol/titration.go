package protocol

import (
	"fmt"
	"math"
	"strings"

	"onset/internal/clinic"
)

// What to do after a session that was not tolerated. Never a step up.
const (
	OnNotToleratedStepDown = "step-down"
	OnNotToleratedHold     = "hold"
)

// TitrationRule raises a weight-based dose one step at a time when the
// improvement after AfterSessions sessions at the current dose is below
// ImprovementBelowPct and the sessions were tolerated. Every step is at or
// below CeilingMgPerKg, so no step can take the dose above it.
type TitrationRule struct {
	StepsMgPerKg        []float64 `json:"steps_mg_per_kg"`       // ascending, e.g. 0.5, 0.75, 1.0
	AfterSessions       int       `json:"after_sessions"`        // sessions at the current dose before a step up is considered
	ImprovementBelowPct float64   `json:"improvement_below_pct"` // step up when improvement from baseline is below this
	CeilingMgPerKg      float64   `json:"ceiling_mg_per_kg"`     // the clinic's ceiling; never exceeded
	OnNotTolerated      string    `json:"on_not_tolerated"`      // "step-down" or "hold"
	Source              string    `json:"source"`
}

// maxTitrationSteps bounds a rule's steps (a data-entry limit; published
// schedules have two or three, §1.2).
const maxTitrationSteps = 10

// Outcome is one past session, oldest first in a history.
type Outcome struct {
	MgPerKg        float64
	ImprovementPct float64 // % improvement from baseline on the clinic's instrument after this session; negative if worse
	Tolerated      bool
}

// Decision is the next dose or interval and why, in words a clinician can
// check.
type Decision struct {
	Action  Action
	MgPerKg float64 // titration
	Days    int     // maintenance spacing
	Reason  string
}

// Validate names each field that cannot work.
func (r TitrationRule) Validate() error {
	if p := r.problems(""); len(p) > 0 {
		return clinic.Errorf(clinic.Invalid, "titration rule: %s", strings.Join(p, "; "))
	}
	return nil
}

func (r TitrationRule) problems(prefix string) []string {
	var bad []string
	if len(r.StepsMgPerKg) == 0 {
		bad = append(bad, prefix+"steps_mg_per_kg must list at least one dose")
	}
	if len(r.StepsMgPerKg) > maxTitrationSteps {
		bad = append(bad, fmt.Sprintf("%ssteps_mg_per_kg lists %d doses; at most %d", prefix, len(r.StepsMgPerKg), maxTitrationSteps))
	}
	ceilingOK := problem("", clinic.MgPerKg, r.CeilingMgPerKg) == ""
	for i, s := range r.StepsMgPerKg {
		field := fmt.Sprintf("%ssteps_mg_per_kg[%d]", prefix, i)
		switch {
		case s <= 0 || (i > 0 && s <= r.StepsMgPerKg[i-1]):
			bad = append(bad, fmt.Sprintf("%s (%s) must be positive and above the step before", field, num(s)))
		case problem(field, clinic.MgPerKg, s) != "":
			bad = append(bad, problem(field, clinic.MgPerKg, s))
		case ceilingOK && s > r.CeilingMgPerKg:
			bad = append(bad, fmt.Sprintf("%s (%s) is above ceiling_mg_per_kg (%s)", field, num(s), num(r.CeilingMgPerKg)))
		}
	}
	if r.AfterSessions < 1 {
		bad = append(bad, prefix+"after_sessions must be at least 1")
	} else if p := problem(prefix+"after_sessions", clinic.PhaseSessions, float64(r.AfterSessions)); p != "" {
		bad = append(bad, p)
	}
	if !(r.ImprovementBelowPct > 0 && r.ImprovementBelowPct <= 100) {
		bad = append(bad, fmt.Sprintf("%simprovement_below_pct (%s) must be above 0 and at most 100", prefix, clinic.FormatNumber(r.ImprovementBelowPct)))
	}
	if r.CeilingMgPerKg <= 0 {
		bad = append(bad, prefix+"ceiling_mg_per_kg must be positive")
	} else if !ceilingOK {
		bad = append(bad, problem(prefix+"ceiling_mg_per_kg", clinic.MgPerKg, r.CeilingMgPerKg))
	}
	if _, err := (clinic.Text{Name: prefix + "source", Max: 2000, Lines: true}).Clean(r.Source); err != nil {
		bad = append(bad, strings.TrimSuffix(clinic.ErrorMessage(err), "."))
	}
	if r.OnNotTolerated != OnNotToleratedStepDown && r.OnNotTolerated != OnNotToleratedHold {
		bad = append(bad, fmt.Sprintf("%son_not_tolerated %q must be %q or %q", prefix, r.OnNotTolerated, OnNotToleratedStepDown, OnNotToleratedHold))
	}
	return bad
}

// Next decides the dose for the next session from the history so far
// (oldest first). In order:
//  1. no history → start at the first step;
//  2. current dose above the ceiling (the ceiling was lowered) → down to it;
//  3. last session not tolerated → step down or hold, per OnNotTolerated;
//  4. fewer than AfterSessions at the current dose → hold;
//  5. improvement at or above the threshold → hold;
//  6. a session at the current dose was not tolerated → hold;
//  7. otherwise step up to the next step, capped at the ceiling.
func (r TitrationRule) Next(history []Outcome) (Decision, error) {
	if err := r.Validate(); err != nil {
		return Decision{}, err
	}
	for i, o := range history {
		if problem("", clinic.MgPerKg, o.MgPerKg) != "" || math.IsNaN(o.ImprovementPct) || o.ImprovementPct > 100 {
			return Decision{}, clinic.Errorf(clinic.Invalid, "history[%d]: dose must be positive and improvement at most 100%%", i)
		}
	}
	first := r.StepsMgPerKg[0] // Validate keeps it within the ceiling
	if len(history) == 0 {
		return Decision{Action: Start, MgPerKg: first, Reason: fmt.Sprintf("no sessions yet → start at %s mg/kg", num(first))}, nil
	}
	last := history[len(history)-1]
	cur := last.MgPerKg
	if cur > r.CeilingMgPerKg+1e-9 {
		return Decision{Action: StepDown, MgPerKg: r.CeilingMgPerKg, Reason: fmt.Sprintf(
			"%s mg/kg is above the clinic ceiling of %s mg/kg → step down to %s mg/kg", num(cur), num(r.CeilingMgPerKg), num(r.CeilingMgPerKg))}, nil
	}
	hold := func(why string) Decision {
		return Decision{Action: Hold, MgPerKg: cur, Reason: fmt.Sprintf("%s → hold at %s mg/kg", why, num(cur))}
	}
	if !last.Tolerated {
		why := fmt.Sprintf("last session (%s mg/kg) not tolerated", num(cur))
		if r.OnNotTolerated == OnNotToleratedHold {
			return hold(why + "; no step up"), nil
		}
		lower, ok := r.stepBelow(cur)
		if !ok {
			return hold(why + "; already at the lowest step"), nil
		}
		return Decision{Action: StepDown, MgPerKg: lower, Reason: fmt.Sprintf("%s → step down %s → %s mg/kg", why, num(cur), num(lower))}, nil
	}

	n := 0 // sessions at the current dose, counting back from the last
	allTolerated := true
	for i := len(history) - 1; i >= 0 && near(history[i].MgPerKg, cur); i-- {
		n++
		allTolerated = allTolerated && history[i].Tolerated
	}
	if n < r.AfterSessions {
		return hold(fmt.Sprintf("%d session%s at %s mg/kg; the rule decides after %d", n, plural(n), num(cur), r.AfterSessions)), nil
	}
	imp := fmt.Sprintf("improvement %s%% after %d sessions at %s mg/kg", num(last.ImprovementPct), n, num(cur))
	if last.ImprovementPct >= r.ImprovementBelowPct {
		return hold(fmt.Sprintf("%s ≥ %s%% threshold", imp, num(r.ImprovementBelowPct))), nil
	}
	imp += fmt.Sprintf(" < %s%% threshold", num(r.ImprovementBelowPct))
	if !allTolerated {
		return hold(imp + ", but a session at this dose was not tolerated"), nil
	}
	if cur >= r.CeilingMgPerKg-1e-9 {
		return hold(fmt.Sprintf("%s, but %s mg/kg is the clinic ceiling; review the plan", imp, num(cur))), nil
	}
	next, ok := r.stepAbove(cur) // Validate keeps every step within the ceiling
	if !ok {
		return hold(fmt.Sprintf("%s, but %s mg/kg is the highest step; review the plan", imp, num(cur))), nil
	}
	return Decision{Action: StepUp, MgPerKg: next, Reason: fmt.Sprintf(
		"%s; last session tolerated → step %s → %s mg/kg", imp, num(cur), num(next))}, nil
}

func (r TitrationRule) stepAbove(cur float64) (float64, bool) {
	for _, s := range r.StepsMgPerKg {
		if s > cur+1e-9 {
			return s, true
		}
	}
	return 0, false
}

func (r TitrationRule) stepBelow(cur float64) (float64, bool) {
	for i := len(r.StepsMgPerKg) - 1; i >= 0; i-- {
		if s := r.StepsMgPerKg[i]; s < cur-1e-9 {
			return s, true
		}
	}
	return 0, false
}
