package protocol

import (
	"fmt"
	"strings"

	"onset/internal/clinic"
)

// Dose is weight-based (MgPerKg) or fixed (Mg): exactly one is set.
type Dose struct {
	MgPerKg float64 `json:"mg_per_kg,omitempty"`
	Mg      float64 `json:"mg,omitempty"`
}

// IsZero reports whether no dose is set.
func (d Dose) IsZero() bool { return d.MgPerKg == 0 && d.Mg == 0 }

func (d Dose) String() string {
	if d.MgPerKg > 0 {
		return num(d.MgPerKg) + " mg/kg"
	}
	return num(d.Mg) + " mg"
}

// Phase is a run of sessions with one dose and one spacing.
type Phase struct {
	Name     string `json:"name"`
	Sessions int    `json:"sessions"`
	// IntervalDays is the planned gap from one session to the next; the
	// plan moves a session later when the day is closed or a limit is hit.
	IntervalDays    int  `json:"interval_days"`
	MaxIntervalDays int  `json:"max_interval_days,omitempty"` // longest gap allowed; 0 = no limit
	MaxPerWeek      int  `json:"max_per_week,omitempty"`      // most sessions in any 7 consecutive days; 0 = no limit
	MaxSpanDays     int  `json:"max_span_days,omitempty"`     // first to last session of the phase; 0 = no limit
	Dose            Dose `json:"dose"`
	DurationMin     int  `json:"duration_min,omitempty"` // administration time, e.g. a 40 min infusion; 0 = not timed
}

// Template is a treatment protocol a clinic copies and edits.
type Template struct {
	ID     string       `json:"id"`
	Name   string       `json:"name"`
	Route  clinic.Route `json:"route"`
	Source string       `json:"source"`
	Notes  string       `json:"notes,omitempty"`
	Phases []Phase      `json:"phases"`

	// FirstDose replaces the first session's dose when set; from
	// OlderAdultAge on, OlderAdultFirstDose replaces it instead
	// (Spravato: 56 mg, 28 mg from 65).
	FirstDose           Dose `json:"first_dose,omitzero"`
	OlderAdultAge       int  `json:"older_adult_age,omitempty"`
	OlderAdultFirstDose Dose `json:"older_adult_first_dose,omitzero"`

	MinHoursApart  int     `json:"min_hours_apart,omitempty"`   // no two sessions closer than this
	CeilingMgPerKg float64 `json:"ceiling_mg_per_kg,omitempty"` // required when any dose is weight-based
	CeilingMg      float64 `json:"ceiling_mg,omitempty"`        // for fixed doses; 0 = none (esketamine: label 84 mg)
	MonitorMin     int     `json:"monitor_min,omitempty"`       // observation after the dose; 0 = not set

	Titration   *TitrationRule   `json:"titration,omitempty"`
	Maintenance *MaintenanceRule `json:"maintenance,omitempty"`
}

// Validate reports every field that cannot work, by its JSON name, as one
// clinic.Invalid error. Every number must also be a plausible value of its
// quantity (clinic.Quantity): a ceiling of 1e308 or a billion sessions is
// refused, not saved.
func (t Template) Validate() error {
	var bad []string
	add := func(format string, args ...any) { bad = append(bad, fmt.Sprintf(format, args...)) }
	// check adds q's refusal of x, for a value the rules below let through.
	check := func(field string, q clinic.Quantity, x float64) {
		if p := problem(field, q, x); p != "" {
			bad = append(bad, p)
		}
	}
	for _, f := range []struct {
		field, v string
		max      int
		lines    bool
	}{{"id", t.ID, 80, false}, {"name", t.Name, 200, false}, {"source", t.Source, 2000, true}, {"notes", t.Notes, 4000, true}} {
		if _, err := (clinic.Text{Name: f.field, Max: f.max, Lines: f.lines}).Clean(f.v); err != nil {
			add("%s", strings.TrimSuffix(clinic.ErrorMessage(err), "."))
		}
	}
	if strings.TrimSpace(t.ID) == "" {
		add("id is required")
	}
	if strings.TrimSpace(t.Name) == "" {
		add("name is required")
	}
	if !validRoute(t.Route) {
		add("route %q is not iv, im, esketamine, sublingual or oral", t.Route)
	}
	if strings.TrimSpace(t.Source) == "" {
		add("source is required (write \"not found\" or \"clinic protocol\" when there is none)")
	}
	if len(t.Phases) == 0 {
		add("phases must list at least one phase")
	}
	if t.MinHoursApart < 0 {
		add("min_hours_apart must not be negative")
	} else {
		check("min_hours_apart", clinic.HoursApart, float64(t.MinHoursApart))
	}
	if t.CeilingMgPerKg < 0 || t.CeilingMg < 0 {
		add("ceiling_mg_per_kg and ceiling_mg must not be negative")
	} else {
		if t.CeilingMgPerKg != 0 {
			check("ceiling_mg_per_kg", clinic.MgPerKg, t.CeilingMgPerKg)
		}
		if t.CeilingMg != 0 {
			check("ceiling_mg", clinic.DoseMg, t.CeilingMg)
		}
	}
	if t.MonitorMin < 0 {
		add("monitor_min must not be negative")
	} else {
		check("monitor_min", clinic.MonitorMin, float64(t.MonitorMin))
	}
	checkDose := func(field string, d Dose) {
		switch {
		case d.MgPerKg < 0 || d.Mg < 0:
			add("%s must not be negative", field)
		case d.MgPerKg != 0 && problem(field+".mg_per_kg", clinic.MgPerKg, d.MgPerKg) != "":
			check(field+".mg_per_kg", clinic.MgPerKg, d.MgPerKg)
		case d.Mg != 0 && problem(field+".mg", clinic.DoseMg, d.Mg) != "":
			check(field+".mg", clinic.DoseMg, d.Mg)
		case d.MgPerKg > 0 && d.Mg > 0:
			add("%s sets both mg_per_kg and mg; set one", field)
		case d.IsZero():
			add("%s is required", field)
		case t.Route == clinic.RouteEsketamine && d.MgPerKg > 0:
			add("%s: esketamine is dosed in mg, not mg/kg", field)
		case t.Route == clinic.RouteEsketamine:
			if _, err := EsketamineDevices(d.Mg); err != nil {
				add("%s: %s", field, clinic.ErrorMessage(err))
			}
		}
		if d.MgPerKg > 0 && t.CeilingMgPerKg <= 0 {
			add("%s is weight-based, so ceiling_mg_per_kg is required", field)
		}
		if d.MgPerKg > 0 && t.CeilingMgPerKg > 0 && d.MgPerKg > t.CeilingMgPerKg {
			add("%s (%s) is above ceiling_mg_per_kg (%s)", field, d, num(t.CeilingMgPerKg))
		}
		if d.Mg > 0 && t.CeilingMg > 0 && d.Mg > t.CeilingMg {
			add("%s (%s) is above ceiling_mg (%s)", field, d, num(t.CeilingMg))
		}
	}
	total := 0
	for i, p := range t.Phases {
		f := fmt.Sprintf("phases[%d]", i)
		total += max(p.Sessions, 0)
		if strings.TrimSpace(p.Name) == "" {
			add("%s.name is required", f)
		} else if _, err := (clinic.Text{Name: f + ".name", Max: 100}).Clean(p.Name); err != nil {
			add("%s", strings.TrimSuffix(clinic.ErrorMessage(err), "."))
		}
		if p.Sessions < 1 {
			add("%s.sessions must be at least 1 (got %d)", f, p.Sessions)
		} else {
			check(f+".sessions", clinic.PhaseSessions, float64(p.Sessions))
		}
		if p.IntervalDays < 1 {
			add("%s.interval_days must be at least 1 (got %d)", f, p.IntervalDays)
		} else {
			check(f+".interval_days", clinic.IntervalDays, float64(p.IntervalDays))
		}
		check(f+".max_interval_days", clinic.IntervalDays, float64(max(p.MaxIntervalDays, 0)))
		if p.IntervalDays*24 < t.MinHoursApart {
			add("%s.interval_days (%d) is shorter than min_hours_apart (%d h)", f, p.IntervalDays, t.MinHoursApart)
		}
		if p.MaxIntervalDays != 0 && p.MaxIntervalDays < p.IntervalDays {
			add("%s.max_interval_days (%d) must be 0 or at least interval_days (%d)", f, p.MaxIntervalDays, p.IntervalDays)
		}
		if p.MaxPerWeek < 0 || p.MaxPerWeek > 7 {
			add("%s.max_per_week must be from 0 (no limit) to 7 (got %d)", f, p.MaxPerWeek)
		}
		if p.MaxSpanDays < 0 || (p.MaxSpanDays > 0 && p.Sessions > 1 && p.MaxSpanDays < (p.Sessions-1)*p.IntervalDays) {
			add("%s.max_span_days (%d) must be 0 or at least (sessions − 1) × interval_days (%d)", f, p.MaxSpanDays, (p.Sessions-1)*p.IntervalDays)
		} else {
			check(f+".max_span_days", clinic.SpanDays, float64(p.MaxSpanDays))
		}
		if p.DurationMin < 0 {
			add("%s.duration_min must not be negative", f)
		} else if p.DurationMin > 0 {
			check(f+".duration_min", clinic.InfusionMin, float64(p.DurationMin))
		}
		if t.Route == clinic.RouteIV && p.DurationMin <= 0 {
			add("%s.duration_min is required for IV infusions", f)
		}
		checkDose(f+".dose", p.Dose)
	}
	if total > maxPlanSessions {
		add("phases plan %d sessions in all; a template plans at most %d", total, maxPlanSessions)
	}
	if !t.FirstDose.IsZero() {
		checkDose("first_dose", t.FirstDose)
	}
	switch {
	case t.OlderAdultAge < 0:
		add("older_adult_age must not be negative")
	case t.OlderAdultAge > 0 && t.OlderAdultFirstDose.IsZero():
		add("older_adult_age is set, so older_adult_first_dose is required")
	case t.OlderAdultAge == 0 && !t.OlderAdultFirstDose.IsZero():
		add("older_adult_first_dose is set, so older_adult_age is required")
	case t.OlderAdultAge > 0:
		check("older_adult_age", clinic.AgeYears, float64(t.OlderAdultAge))
		checkDose("older_adult_first_dose", t.OlderAdultFirstDose)
	}
	if r := t.Titration; r != nil {
		bad = append(bad, r.problems("titration.")...)
		if t.CeilingMgPerKg > 0 && r.CeilingMgPerKg > t.CeilingMgPerKg {
			add("titration.ceiling_mg_per_kg (%s) is above ceiling_mg_per_kg (%s)", num(r.CeilingMgPerKg), num(t.CeilingMgPerKg))
		}
	}
	if t.Maintenance != nil {
		bad = append(bad, t.Maintenance.problems("maintenance.")...)
	}
	if len(bad) > 0 {
		name := t.ID
		if name == "" {
			name = t.Name
		}
		return clinic.Errorf(clinic.Invalid, "template %q: %s", name, strings.Join(bad, "; "))
	}
	return nil
}

// weightBased reports whether any dose needs the patient's weight.
func (t Template) weightBased() bool {
	if t.FirstDose.MgPerKg > 0 || t.OlderAdultFirstDose.MgPerKg > 0 {
		return true
	}
	for _, p := range t.Phases {
		if p.Dose.MgPerKg > 0 {
			return true
		}
	}
	return false
}
