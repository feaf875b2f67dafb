package protocol

import (
	"encoding/json"
	"math"
	"testing"
	"time"
)

// FuzzTemplateJSON feeds clinic-edited template JSON (what a clinic saves
// at /protocols) through decoding, validation and plan generation: it must
// never panic, and a template that validates must plan only finite doses
// within its own ceiling.
func FuzzTemplateJSON(f *testing.F) {
	for _, t := range Templates() {
		b, _ := json.Marshal(t)
		f.Add(b)
	}
	f.Add([]byte(`{"id":"x","ceiling_mg_per_kg":1e308}`))
	f.Add([]byte(`{"id":"x","phases":[{"name":"a","sessions":1,"dose":{"mg_per_kg":NaN}}]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var tpl Template
		if json.Unmarshal(body, &tpl) != nil || tpl.Validate() != nil {
			return
		}
		ss, err := Plan(PlanRequest{Template: tpl, WeightKg: 70, AgeYears: 40,
			Start: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), Weekdays: []time.Weekday{time.Monday, time.Wednesday, time.Friday}})
		if err != nil {
			return
		}
		ceiling := math.Inf(1)
		if tpl.CeilingMgPerKg > 0 {
			ceiling = tpl.CeilingMgPerKg * 70
		} else if tpl.CeilingMg > 0 {
			ceiling = tpl.CeilingMg
		}
		for _, s := range ss {
			if math.IsNaN(s.DoseMg) || math.IsInf(s.DoseMg, 0) || s.DoseMg < 0 || s.DoseMg > ceiling+1e-6 {
				t.Fatalf("session %d: dose %v mg (ceiling %v) from a template that validated", s.Number, s.DoseMg, ceiling)
			}
		}
	})
}
