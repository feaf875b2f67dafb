package layering

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// zeroMeansAbsent lists the numeric JSON fields that may be omitempty,
// each because 0 is not a value there but "none" (file: JSON name). Any
// other number that can be 0 must be written when it is 0: a trajectory
// once dropped "baseline": 0 and "total": 0 (issue 15).
var zeroMeansAbsent = map[string]string{
	"web/plans/plans_api.go: mg_per_kg":             "a fixed dose has no mg/kg; a weight-based one is > 0",
	"web/plans/plans_api.go: devices":               "esketamine only; at least 1 there",
	"web/plans/plans_api.go: duration_min":          "0 = not timed (protocol.Dose)",
	"web/plans/plans_api.go: monitor_min":           "0 = not set (protocol.Dose)",
	"web/plans/plans_api.go: volume_ml":             "infusions only; > 0 there",
	"web/plans/plans_api.go: total_ml":              "infusions only; > 0 there",
	"web/plans/plans_api.go: rate_ml_per_hour":      "infusions only; > 0 there",
	"web/calendar/booking.go: plan_id":              "an ID; 0 = not from a plan",
	"web/calendar/booking.go: plan_session":         "numbered from 1; 0 = not from a plan",
	"protocol/template.go: mg_per_kg":               "a fixed dose has none",
	"protocol/template.go: mg":                      "a weight-based dose has none",
	"protocol/template.go: max_interval_days":       "0 = no limit (documented beside it)",
	"protocol/template.go: max_per_week":            "0 = no limit",
	"protocol/template.go: max_span_days":           "0 = no limit",
	"protocol/template.go: duration_min":            "0 = not timed",
	"protocol/template.go: older_adult_age":         "0 = no older-adult rule",
	"protocol/template.go: min_hours_apart":         "0 = no rule",
	"protocol/template.go: ceiling_mg_per_kg":       "0 = none (fixed doses)",
	"protocol/template.go: ceiling_mg":              "0 = none",
	"protocol/template.go: monitor_min":             "0 = not set",
	"record/session_rules.go: saved_by":             "a user ID; 0 = the defaults, never saved",
	"record/clinic_settings.go: saved_by":           "a user ID",
	"record/clinic_settings.go: reminder_hours":     "0 = the default (DefaultReminderHours)",
	"record/clinic_settings.go: pre_session_hours":  "0 = the default cadence",
	"record/clinic_settings.go: post_session_hours": "0 = the default cadence",
	"record/clinic_settings.go: induction_days":     "0 = the default cadence",
	"record/clinic_settings.go: maintenance_days":   "0 = the default cadence",
	"cli/audit.go: id":                              "an ID",
	"cli/pk.go: weight_kg":                          "fixed doses have no weight",
}

var numericTypes = []string{"int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64"}

// Numbers that can be 0 are never omitempty in what Onset writes as JSON.
func TestNoZeroDroppedFromJSON(t *testing.T) {
	t.Parallel()
	root := ".."
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		ast.Inspect(f, func(n ast.Node) bool {
			field, ok := n.(*ast.Field)
			if !ok || field.Tag == nil {
				return true
			}
			id, ok := field.Type.(*ast.Ident)
			if !ok || !slices.Contains(numericTypes, id.Name) {
				return true
			}
			tag := reflect.StructTag(strings.Trim(field.Tag.Value, "`")).Get("json")
			name, opts, _ := strings.Cut(tag, ",")
			if !slices.Contains(strings.Split(opts, ","), "omitempty") {
				return true
			}
			key := filepath.ToSlash(rel) + ": " + name
			seen[key] = true
			if _, ok := zeroMeansAbsent[key]; !ok {
				t.Errorf("%s: a %s field is omitempty, so a 0 disappears from the JSON; drop omitempty, use a pointer for \"no value\", or list it in zeroMeansAbsent with why 0 means none", key, id.Name)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for key := range zeroMeansAbsent {
		if !seen[key] {
			t.Errorf("%s is listed in zeroMeansAbsent but is no longer an omitempty number: remove it", key)
		}
	}
}
