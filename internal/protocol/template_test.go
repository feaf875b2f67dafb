package protocol

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"onset/internal/clinic"
)

func TestBuiltInTemplatesValid(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, tpl := range Templates() {
		if err := tpl.Validate(); err != nil {
			t.Errorf("%s: %v", tpl.ID, err)
		}
		if seen[tpl.ID] {
			t.Errorf("duplicate id %s", tpl.ID)
		}
		seen[tpl.ID] = true
		if tpl.Source == "" {
			t.Errorf("%s has no source", tpl.ID)
		}
		got, ok := TemplateByID(tpl.ID)
		if !ok || !reflect.DeepEqual(got, tpl) {
			t.Errorf("TemplateByID(%s) = %v, %v", tpl.ID, got.ID, ok)
		}
	}
	if _, ok := TemplateByID("nope"); ok {
		t.Error("TemplateByID found an unknown id")
	}
}

// A clinic edits its copy; the next caller still gets the published values.
func TestTemplatesAreFreshCopies(t *testing.T) {
	t.Parallel()
	a := IVInduction()
	a.Phases[0].Dose.MgPerKg = 0.9
	a.Titration.StepsMgPerKg[0] = 0.1
	a.Maintenance.MaxDays = 99
	b := IVInduction()
	if b.Phases[0].Dose.MgPerKg != 0.5 || b.Titration.StepsMgPerKg[0] != 0.5 || b.Maintenance.MaxDays != 28 {
		t.Errorf("editing one copy changed another: %+v", b)
	}
}

// Templates are stored and edited as JSON.
func TestTemplateJSONRoundTrip(t *testing.T) {
	t.Parallel()
	for _, tpl := range Templates() {
		b, err := json.Marshal(tpl)
		if err != nil {
			t.Fatal(err)
		}
		var back Template
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back, tpl) {
			t.Errorf("%s: round trip changed the template:\n%s", tpl.ID, b)
		}
	}
	b, _ := json.Marshal(IMKetamine())
	if strings.Contains(string(b), "first_dose") || strings.Contains(string(b), "titration") {
		t.Errorf("unset optional fields should be omitted: %s", b)
	}
}

func TestTemplateValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		base func() Template
		edit func(*Template)
		want string
	}{
		{"no id", IVInduction, func(t *Template) { t.ID = " " }, "id is required"},
		{"no name", IVInduction, func(t *Template) { t.Name = "" }, "name is required"},
		{"bad route", IVInduction, func(t *Template) { t.Route = "rectal" }, `route "rectal"`},
		{"no source", IVInduction, func(t *Template) { t.Source = "" }, "source is required"},
		{"no phases", IVInduction, func(t *Template) { t.Phases = nil }, "phases must list at least one phase"},
		{"phase name", IVInduction, func(t *Template) { t.Phases[0].Name = "" }, "phases[0].name is required"},
		{"zero sessions", IVInduction, func(t *Template) { t.Phases[0].Sessions = 0 }, "phases[0].sessions must be at least 1 (got 0)"},
		{"zero interval", IVInduction, func(t *Template) { t.Phases[0].IntervalDays = 0 }, "phases[0].interval_days must be at least 1"},
		{"interval below min hours", IVInduction, func(t *Template) { t.Phases[0].IntervalDays = 1 }, "phases[0].interval_days (1) is shorter than min_hours_apart (48 h)"},
		{"max interval below interval", IVInduction, func(t *Template) { t.Phases[0].MaxIntervalDays = 1 }, "phases[0].max_interval_days (1)"},
		{"max per week 8", IVInduction, func(t *Template) { t.Phases[0].MaxPerWeek = 8 }, "phases[0].max_per_week"},
		{"span too short", IVInduction, func(t *Template) { t.Phases[0].MaxSpanDays = 9 }, "phases[0].max_span_days (9) must be 0 or at least (sessions − 1) × interval_days (10)"},
		{"negative duration", OralKetamine, func(t *Template) { t.Phases[0].DurationMin = -1 }, "phases[0].duration_min must not be negative"},
		{"IV needs a duration", IVInduction, func(t *Template) { t.Phases[0].DurationMin = 0 }, "phases[0].duration_min is required for IV"},
		{"no dose", IVInduction, func(t *Template) { t.Phases[0].Dose = Dose{} }, "phases[0].dose is required"},
		{"both dose kinds", IVInduction, func(t *Template) { t.Phases[0].Dose.Mg = 40 }, "phases[0].dose sets both"},
		{"negative dose", IVInduction, func(t *Template) { t.Phases[0].Dose.MgPerKg = -0.5 }, "phases[0].dose must not be negative"},
		{"dose above ceiling", IVInduction, func(t *Template) { t.Phases[0].Dose.MgPerKg = 1.5 }, "phases[0].dose (1.5 mg/kg) is above ceiling_mg_per_kg (1)"},
		{"weight-based without ceiling", IVInduction, func(t *Template) { t.CeilingMgPerKg, t.Titration = 0, nil }, "ceiling_mg_per_kg is required"},
		{"fixed above ceiling", SublingualKetamine, func(t *Template) { t.Phases[0].Dose.Mg = 20 }, "phases[0].dose (20 mg) is above ceiling_mg (10)"},
		{"negative ceilings", SublingualKetamine, func(t *Template) { t.CeilingMg = -1 }, "must not be negative"},
		{"negative min hours", SublingualKetamine, func(t *Template) { t.MinHoursApart = -1 }, "min_hours_apart must not be negative"},
		{"negative monitor", SublingualKetamine, func(t *Template) { t.MonitorMin = -1 }, "monitor_min must not be negative"},
		{"esketamine mg/kg", EsketamineTRD, func(t *Template) { t.Phases[1].Dose = Dose{MgPerKg: 0.8} }, "phases[1].dose: esketamine is dosed in mg"},
		{"esketamine not a multiple of 28", EsketamineTRD, func(t *Template) { t.Phases[0].Dose.Mg = 60 }, "phases[0].dose: esketamine dose 60 mg is not a multiple of 28 mg"},
		{"esketamine above 84", EsketamineTRD, func(t *Template) { t.CeilingMg = 0; t.Phases[2].Dose.Mg = 112 }, "phases[2].dose: esketamine dose 112 mg is outside 28–84 mg"},
		{"bad first dose", EsketamineTRD, func(t *Template) { t.FirstDose.Mg = 30 }, "first_dose: esketamine dose 30 mg"},
		{"older age without dose", EsketamineTRD, func(t *Template) { t.OlderAdultFirstDose = Dose{} }, "older_adult_first_dose is required"},
		{"older dose without age", EsketamineTRD, func(t *Template) { t.OlderAdultAge = 0 }, "older_adult_age is required"},
		{"negative older age", EsketamineTRD, func(t *Template) { t.OlderAdultAge = -1 }, "older_adult_age must not be negative"},
		{"bad older dose", EsketamineTRD, func(t *Template) { t.OlderAdultFirstDose.Mg = 20 }, "older_adult_first_dose: esketamine dose 20 mg"},
		{"titration problems prefixed", IVInduction, func(t *Template) { t.Titration.AfterSessions = 0 }, "titration.after_sessions must be at least 1"},
		{"titration ceiling above template", IVInduction, func(t *Template) { t.Titration.CeilingMgPerKg = 1.2 }, "titration.ceiling_mg_per_kg (1.2) is above ceiling_mg_per_kg (1)"},
		{"maintenance problems prefixed", IVInduction, func(t *Template) { t.Maintenance.StartDays = 0 }, "maintenance.start_days must be at least 1"},
		// Every number is a plausible value of its quantity.
		{"ceiling 1e308", IVInduction, func(t *Template) { t.CeilingMgPerKg = 1e308 }, "ceiling_mg_per_kg must be between 0.01 and 13 mg/kg (got 1e+308)"},
		{"fixed ceiling 1e308", SublingualKetamine, func(t *Template) { t.CeilingMg = 1e308 }, "ceiling_mg must be between 0.1 and 2000 mg"},
		{"NaN ceiling", IVInduction, func(t *Template) { t.CeilingMgPerKg = math.NaN() }, "ceiling_mg_per_kg must be between 0.01 and 13 mg/kg (got NaN)"},
		{"infinite dose", SublingualKetamine, func(t *Template) { t.CeilingMg = 0; t.Phases[0].Dose.Mg = math.Inf(1) }, "phases[0].dose.mg must be between"},
		{"tiny dose", IVInduction, func(t *Template) { t.Phases[0].Dose.MgPerKg = 1e-300 }, "phases[0].dose.mg_per_kg must be between"},
		{"titration step above the ceiling", IVInduction, func(t *Template) { t.Titration.StepsMgPerKg = []float64{0.5, 0.75, 1, 40} },
			"titration.steps_mg_per_kg[3] must be between 0.01 and 13 mg/kg"},
		{"a billion sessions", IVInduction, func(t *Template) { t.Phases[0].Sessions = 1e9 }, "phases[0].sessions must be between 1 and 100"},
		{"too many sessions in all", IVInduction, func(t *Template) {
			for range 3 {
				t.Phases = append(t.Phases, Phase{Name: "more", Sessions: 100, IntervalDays: 7, Dose: Dose{MgPerKg: 0.5}, DurationMin: 40})
			}
		}, "a template plans at most 200"},
		{"a week-long infusion", IVInduction, func(t *Template) { t.Phases[0].DurationMin = 10080 }, "phases[0].duration_min must be between 1 and 240"},
		{"interval of 100 years", IVInduction, func(t *Template) { t.Phases[0].IntervalDays = 36500 }, "phases[0].interval_days must be between"},
		{"monitoring for a year", IVInduction, func(t *Template) { t.MonitorMin = 525600 }, "monitor_min must be between 0 and 1440"},
		{"older age 500", EsketamineTRD, func(t *Template) { t.OlderAdultAge = 500 }, "older_adult_age must be between 0 and 130"},
		{"maintenance of 100 years", IVInduction, func(t *Template) { t.Maintenance.MaxDays = 36500 }, "maintenance.max_days must be between"},
		{"several problems reported together", IVInduction, func(t *Template) { t.ID, t.Phases[0].Sessions = "", 0 },
			`template "IV ketamine induction: 6 × 0.5 mg/kg over 40 min": id is required; phases[0].sessions`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tpl := tt.base()
			tt.edit(&tpl)
			err := tpl.Validate()
			if clinic.ErrorCode(err) != clinic.Invalid {
				t.Fatalf("err = %v, want invalid", err)
			}
			if msg := clinic.ErrorMessage(err); !strings.Contains(msg, tt.want) {
				t.Errorf("message %q lacks %q", msg, tt.want)
			}
		})
	}
}
