package protocol

import (
	"math"
	"slices"
	"strings"
	"testing"

	"onset/internal/clinic"
)

func at(mgkg, imp float64, ok bool) Outcome {
	return Outcome{MgPerKg: mgkg, ImprovementPct: imp, Tolerated: ok}
}

func TestTitrationNext(t *testing.T) {
	t.Parallel()
	hold := func(r *TitrationRule) { r.OnNotTolerated = OnNotToleratedHold }
	// lowered is the clinic's lower ceiling, with the steps above it taken out.
	lowered := func(c float64) func(*TitrationRule) {
		return func(r *TitrationRule) {
			r.CeilingMgPerKg = c
			r.StepsMgPerKg = slices.DeleteFunc(r.StepsMgPerKg, func(s float64) bool { return s > c })
		}
	}
	tests := []struct {
		name    string
		rule    func(*TitrationRule)
		history []Outcome
		action  Action
		mgkg    float64
		reason  string
	}{
		{"no history starts at the first step", nil, nil, Start, 0.5,
			"no sessions yet → start at 0.5 mg/kg"},
		{"too few sessions at the dose", nil, []Outcome{at(0.5, 5, true), at(0.5, 10, true)}, Hold, 0.5,
			"2 sessions at 0.5 mg/kg; the rule decides after 3 → hold at 0.5 mg/kg"},
		{"the brief's example: step 0.5 → 0.75", nil, []Outcome{at(0.5, 5, true), at(0.5, 12, true), at(0.5, 18, true)}, StepUp, 0.75,
			"improvement 18% after 3 sessions at 0.5 mg/kg < 25% threshold; last session tolerated → step 0.5 → 0.75 mg/kg"},
		{"exactly at the threshold holds", nil, []Outcome{at(0.5, 5, true), at(0.5, 12, true), at(0.5, 25, true)}, Hold, 0.5,
			"improvement 25% after 3 sessions at 0.5 mg/kg ≥ 25% threshold → hold at 0.5 mg/kg"},
		{"just below the threshold steps", nil, []Outcome{at(0.5, 5, true), at(0.5, 12, true), at(0.5, 24.9, true)}, StepUp, 0.75,
			"improvement 24.9%"},
		{"worse than baseline steps", nil, []Outcome{at(0.5, 0, true), at(0.5, -5, true), at(0.5, -10, true)}, StepUp, 0.75,
			"improvement -10% after 3"},
		{"counts only sessions at the current dose", nil,
			[]Outcome{at(0.5, 5, true), at(0.5, 8, true), at(0.5, 10, true), at(0.75, 12, true), at(0.75, 15, true)}, Hold, 0.75,
			"2 sessions at 0.75 mg/kg; the rule decides after 3"},
		{"second step 0.75 → 1.0", nil,
			[]Outcome{at(0.5, 5, true), at(0.5, 8, true), at(0.5, 10, true), at(0.75, 12, true), at(0.75, 15, true), at(0.75, 20, true)}, StepUp, 1.0,
			"step 0.75 → 1 mg/kg"},
		{"at the highest step holds", nil, []Outcome{at(1, 5, true), at(1, 8, true), at(1, 10, true)}, Hold, 1,
			"1 mg/kg is the clinic ceiling; review the plan → hold at 1 mg/kg"},
		{"clinic ceiling 0.75 stops the step to 1.0", lowered(0.75), []Outcome{at(0.75, 5, true), at(0.75, 8, true), at(0.75, 10, true)}, Hold, 0.75,
			"0.75 mg/kg is the clinic ceiling"},
		{"highest step below the ceiling holds", func(r *TitrationRule) { r.StepsMgPerKg = []float64{0.5, 0.75} },
			[]Outcome{at(0.75, 5, true), at(0.75, 8, true), at(0.75, 10, true)}, Hold, 0.75,
			"0.75 mg/kg is the highest step; review the plan"},
		{"current dose above a lowered ceiling steps down", lowered(0.75), []Outcome{at(1, 30, true)}, StepDown, 0.75,
			"1 mg/kg is above the clinic ceiling of 0.75 mg/kg → step down to 0.75 mg/kg"},
		{"not tolerated steps down", nil, []Outcome{at(0.5, 5, true), at(0.5, 8, true), at(0.5, 10, true), at(0.75, 12, false)}, StepDown, 0.5,
			"last session (0.75 mg/kg) not tolerated → step down 0.75 → 0.5 mg/kg"},
		{"not tolerated at the lowest step holds", nil, []Outcome{at(0.5, 5, true), at(0.5, 8, true), at(0.5, 10, false)}, Hold, 0.5,
			"last session (0.5 mg/kg) not tolerated; already at the lowest step → hold at 0.5 mg/kg"},
		{"not tolerated with a hold policy holds", hold, []Outcome{at(0.75, 5, true), at(0.75, 8, true), at(0.75, 10, false)}, Hold, 0.75,
			"last session (0.75 mg/kg) not tolerated; no step up → hold at 0.75 mg/kg"},
		{"an earlier intolerance at this dose blocks the step", nil, []Outcome{at(0.5, 5, false), at(0.5, 8, true), at(0.5, 10, true)}, Hold, 0.5,
			"improvement 10% after 3 sessions at 0.5 mg/kg < 25% threshold, but a session at this dose was not tolerated → hold at 0.5 mg/kg"},
		{"off-step dose steps to the next step", nil, []Outcome{at(0.6, 5, true), at(0.6, 8, true), at(0.6, 10, true)}, StepUp, 0.75,
			"step 0.6 → 0.75 mg/kg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := KetamineTitration()
			if tt.rule != nil {
				tt.rule(&r)
			}
			got, err := r.Next(tt.history)
			if err != nil {
				t.Fatal(err)
			}
			if got.Action != tt.action || got.MgPerKg != tt.mgkg {
				t.Errorf("got %s %v mg/kg, want %s %v (%s)", got.Action, got.MgPerKg, tt.action, tt.mgkg, got.Reason)
			}
			if !strings.Contains(got.Reason, tt.reason) {
				t.Errorf("reason %q lacks %q", got.Reason, tt.reason)
			}
			if got.MgPerKg > r.CeilingMgPerKg {
				t.Errorf("%v mg/kg is above the ceiling %v", got.MgPerKg, r.CeilingMgPerKg)
			}
			if len(tt.history) > 0 && !tt.history[len(tt.history)-1].Tolerated && got.MgPerKg > tt.history[len(tt.history)-1].MgPerKg {
				t.Error("stepped up after a session that was not tolerated")
			}
		})
	}
}

func TestTitrationInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		rule    func(*TitrationRule)
		history []Outcome
		want    string
	}{
		{"no steps", func(r *TitrationRule) { r.StepsMgPerKg = nil }, nil, "steps_mg_per_kg must list at least one dose"},
		{"steps not ascending", func(r *TitrationRule) { r.StepsMgPerKg = []float64{0.5, 0.5} }, nil, "steps_mg_per_kg[1] (0.5) must be positive and above the step before"},
		{"ceiling below the first step", func(r *TitrationRule) { r.CeilingMgPerKg = 0.4 }, nil, "steps_mg_per_kg[0] (0.5) is above ceiling_mg_per_kg (0.4)"},
		{"a step above the ceiling", func(r *TitrationRule) { r.CeilingMgPerKg = 0.9 }, nil, "steps_mg_per_kg[2] (1) is above ceiling_mg_per_kg (0.9)"},
		{"an implausible step", func(r *TitrationRule) { r.StepsMgPerKg, r.CeilingMgPerKg = []float64{0.5, 1e308}, 1e308 }, nil,
			"steps_mg_per_kg[1] must be between 0.01 and 13 mg/kg"},
		{"a NaN threshold", func(r *TitrationRule) { r.ImprovementBelowPct = math.NaN() }, nil, "improvement_below_pct (NaN)"},
		{"zero step", func(r *TitrationRule) { r.StepsMgPerKg = []float64{0} }, nil, "steps_mg_per_kg[0] (0)"},
		{"after sessions", func(r *TitrationRule) { r.AfterSessions = 0 }, nil, "after_sessions must be at least 1"},
		{"threshold zero", func(r *TitrationRule) { r.ImprovementBelowPct = 0 }, nil, "improvement_below_pct (0)"},
		{"threshold above 100", func(r *TitrationRule) { r.ImprovementBelowPct = 101 }, nil, "improvement_below_pct (101)"},
		{"no ceiling", func(r *TitrationRule) { r.CeilingMgPerKg = 0 }, nil, "ceiling_mg_per_kg must be positive"},
		{"policy", func(r *TitrationRule) { r.OnNotTolerated = "step-up" }, nil, `on_not_tolerated "step-up"`},
		{"history dose", nil, []Outcome{at(0, 10, true)}, "history[0]"},
		{"history NaN dose", nil, []Outcome{at(math.NaN(), 10, true)}, "history[0]"},
		{"history improvement", nil, []Outcome{at(0.5, 10, true), at(0.5, 120, true)}, "history[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := KetamineTitration()
			if tt.rule != nil {
				tt.rule(&r)
			}
			_, err := r.Next(tt.history)
			if clinic.ErrorCode(err) != clinic.Invalid {
				t.Fatalf("err = %v, want invalid", err)
			}
			if msg := clinic.ErrorMessage(err); !strings.Contains(msg, tt.want) {
				t.Errorf("message %q lacks %q", msg, tt.want)
			}
		})
	}
}
