package protocol

import "onset/internal/clinic"

// The built-in templates. Each call returns fresh values, so a clinic's
// copy can be edited without touching anyone else's. Numbers without a
// published source are marked "clinic default" in the comment beside them.

// Templates returns every built-in template.
func Templates() []Template {
	return []Template{IVInduction(), EsketamineTRD(), IMKetamine(), SublingualKetamine(), OralKetamine()}
}

// TemplateByID returns the built-in template with that id.
func TemplateByID(id string) (Template, bool) {
	for _, t := range Templates() {
		if t.ID == id {
			return t, true
		}
	}
	return Template{}, false
}

// IVInduction is the standard racemic ketamine series: 6 infusions of
// 0.5 mg/kg over 40 min, 2–3 a week, within 3 weeks.
func IVInduction() Template {
	titration := KetamineTitration()
	maintenance := KetamineMaintenance()
	return Template{
		ID:    "iv-ketamine-induction",
		Name:  "IV ketamine induction: 6 × 0.5 mg/kg over 40 min",
		Route: clinic.RouteIV,
		Source: "Murrough 2013 Biol Psychiatry (up to 6 × 0.5 mg/kg, 3×/week over 12 days); " +
			"Phillips 2019 Am J Psychiatry (6 infusions, 3×/week for 2 weeks); " +
			"Singh 2016 Am J Psychiatry (2×/week and 3×/week gave similar results) — clinical-reference §1.1, §1.2",
		Notes: "Off-label for psychiatric use. Most published data use 0.5 mg/kg over 40 min; other doses belong in informed consent (Sanacora 2017 [2°]).",
		Phases: []Phase{{
			Name:         "induction",
			Sessions:     6,  // Murrough 2013; Phillips 2019
			IntervalDays: 2,  // 3×/week (Mon/Wed/Fri): Murrough 2013; Phillips 2019
			MaxPerWeek:   3,  // 3×/week; Singh 2016 found 2×/week as good
			MaxSpanDays:  20, // within 3 weeks (days 0–20): Murrough 12 days, Phillips 2 weeks; 2×/week also fits
			Dose:         Dose{MgPerKg: 0.5},
			DurationMin:  40, // Berman 2000; Zarate 2006; Murrough 2013; Fava 2018 (§1.1)
		}},
		// The shortest gap of a 3×/week schedule; the sources give the
		// schedule, not this as a rule (clinic default).
		MinHoursApart: 48,
		// Fava 2018: 1.0 mg/kg (the highest dose tested) beat placebo; the clinic sets its own.
		CeilingMgPerKg: 1.0,
		// No formal standard; 30 min after the infusion is a practice example [2°] (§5.3).
		MonitorMin:  30,
		Titration:   &titration,
		Maintenance: &maintenance,
	}
}

// KetamineTitration steps 0.5 → 0.75 → 1.0 mg/kg.
func KetamineTitration() TitrationRule {
	return TitrationRule{
		StepsMgPerKg:  []float64{0.5, 0.75, 1.0}, // Cusin 2017 (0.5 then 0.75); Fava 2018 (1.0, indirect support only)
		AfterSessions: 3,                         // Cusin 2017: 3 infusions at 0.5 mg/kg, then 3 at 0.75 mg/kg
		// Example default, not from a published source: the medical director sets it.
		ImprovementBelowPct: 25,
		CeilingMgPerKg:      1.0,
		OnNotTolerated:      OnNotToleratedStepDown,
		Source: "Cusin 2017 Aust N Z J Psychiatry (3 × 0.5 then 3 × 0.75 mg/kg over 45 min); Fava 2018 Mol Psychiatry " +
			"(1.0 mg/kg beat placebo as a single dose: indirect support for the 1.0 step) — §1.2. " +
			"The 25% improvement threshold is a clinic default with no published source",
	}
}

// KetamineMaintenance spaces IV maintenance from weekly out to 4 weeks.
func KetamineMaintenance() MaintenanceRule {
	return MaintenanceRule{
		StartDays:   7,  // Phillips 2019: weekly maintenance infusions held the gains (§1.2)
		WidenByDays: 7,  // clinic default, no published source
		MaxDays:     28, // clinic default, no published source
		OnLossDays:  7,  // back to weekly, where Phillips 2019 held response; clinic default
		Source: "Phillips 2019 Am J Psychiatry: 4 weekly maintenance infusions held the gains (§1.2). Widening past " +
			"weekly, the 28-day maximum and the loss rule have no published source: clinic defaults. Sanacora 2017 [2°]: " +
			"limited data for dosing more often than twice weekly beyond about 2 months",
	}
}

// EsketamineTRD follows the Spravato label for treatment-resistant
// depression: weeks 1–4 twice weekly, weeks 5–8 weekly, then every 2 weeks
// or weekly.
func EsketamineTRD() Template {
	maintenance := EsketamineMaintenance()
	return Template{
		ID:     "esketamine-trd",
		Name:   "Esketamine (Spravato) for treatment-resistant depression",
		Route:  clinic.RouteEsketamine,
		Source: "Spravato label (Medscape; MIMS HK) — clinical-reference §1.4; REMS monitoring at least 2 h — §1.5",
		Notes: "Later doses are 56 or 84 mg, changed in 28 mg steps by the prescriber. Assess benefit at the end of " +
			"induction; once symptoms improve, continue at least 6 months (MIMS HK label summary). Week 9 on: use the " +
			"least frequent schedule that keeps response; the plan shows the next 4 sessions.",
		Phases: []Phase{
			{Name: "induction (weeks 1–4)", Sessions: 8, IntervalDays: 3, MaxPerWeek: 2, MaxSpanDays: 27, Dose: Dose{Mg: 56}},
			{Name: "maintenance (weeks 5–8)", Sessions: 4, IntervalDays: 7, MaxPerWeek: 1, Dose: Dose{Mg: 56}},
			// 4 sessions is a planning horizon, not a course length.
			{Name: "maintenance (week 9 on)", Sessions: 4, IntervalDays: 14, MaxPerWeek: 1, Dose: Dose{Mg: 56}},
		},
		FirstDose:           Dose{Mg: esketamineFirstDoseMg},  // label: day 1 56 mg
		OlderAdultAge:       EsketamineOlderAge,               // label: from 65
		OlderAdultFirstDose: Dose{Mg: esketamineOlderFirstMg}, // label: day 1 28 mg from 65
		CeilingMg:           EsketamineMaxMg,
		MonitorMin:          EsketamineMonitorMin, // label and REMS: at least 2 h
		Maintenance:         &maintenance,
	}
}

// EsketamineMaintenance moves between weekly and every 2 weeks from week 9.
func EsketamineMaintenance() MaintenanceRule {
	return MaintenanceRule{
		StartDays:   14, // label: every 2 weeks or weekly from week 9; the least frequent that keeps response
		WidenByDays: 7,
		MaxDays:     14, // label: never less often than every 2 weeks
		OnLossDays:  7,  // label: weekly
		Source:      "Spravato label: from week 9 every 2 weeks or weekly, the least frequent schedule that keeps response (§1.4)",
	}
}

// IMKetamine is a single intramuscular dose as studied by Chilukuri 2014.
func IMKetamine() Template {
	return Template{
		ID:    "im-ketamine",
		Name:  "IM ketamine 0.5 mg/kg",
		Route: clinic.RouteIM,
		Source: "Chilukuri 2014 Indian J Psychol Med: 0.5 or 0.25 mg/kg IM vs 0.5 mg/kg IV (n=27); HAM-D fell " +
			"57–60% at 2 h in all arms, sustained 3 days — clinical-reference §1.6",
		Notes: "0.25 mg/kg IM did about as well in the same study. The reference gives no repeat schedule: " +
			"the clinic sets sessions and interval_days.",
		Phases: []Phase{{
			Name:         "single dose",
			Sessions:     1,
			IntervalDays: 7, // unused for one session; clinic default if sessions are added
			Dose:         Dose{MgPerKg: 0.5},
		}},
		CeilingMgPerKg: 0.5, // the highest IM dose in Chilukuri 2014; the clinic sets its own
		MonitorMin:     30,  // IM clinic example, about 30 min [2°] (§5.3)
	}
}

// SublingualKetamine is Lara 2013's low fixed dose.
func SublingualKetamine() Template {
	return Template{
		ID:    "sublingual-ketamine",
		Name:  "Sublingual ketamine 10 mg",
		Route: clinic.RouteSublingual,
		Source: "Lara 2013 Int J Neuropsychopharmacol: 10 mg (100 mg/mL held under the tongue 5 min) every 2–3 days " +
			"or weekly (n=26), 77% improved — clinical-reference §1.6",
		Notes: "The number of sessions is not in the reference: 6 is a clinic default.",
		Phases: []Phase{{
			Name:            "course",
			Sessions:        6, // clinic default, no published source
			IntervalDays:    2, // every 2–3 days (Lara 2013)
			MaxIntervalDays: 7, // or weekly (Lara 2013)
			Dose:            Dose{Mg: 10},
			DurationMin:     5, // held 5 min (Lara 2013)
		}},
		MinHoursApart: 48, // every 2 days at most often (Lara 2013)
		CeilingMg:     10, // the studied dose; the clinic sets its own
	}
}

// OralKetamine is KheirAbadi 2023's weight-based oral regimen.
func OralKetamine() Template {
	return Template{
		ID:    "oral-ketamine",
		Name:  "Oral ketamine 1 mg/kg twice weekly for 6 weeks",
		Route: clinic.RouteOral,
		Source: "KheirAbadi 2023 Iran J Psychiatry Behav Sci: 1 vs 2 mg/kg twice weekly for 6 weeks (n=29), " +
			"no difference between doses — clinical-reference §1.6",
		Notes: "Oral bioavailability is 20–25%: about 2.0–2.5 mg/kg oral ≈ IV exposure (Andrade 2019). Another " +
			"regimen: 50 mg every 3 days, +25 mg every 3 days (Al Shirawi 2017), not modelled here.",
		Phases: []Phase{{
			Name:         "course",
			Sessions:     12, // twice weekly × 6 weeks
			IntervalDays: 3,  // twice weekly
			MaxPerWeek:   2,
			MaxSpanDays:  41, // within 6 weeks (days 0–41)
			Dose:         Dose{MgPerKg: 1},
		}},
		CeilingMgPerKg: 2, // the higher arm of KheirAbadi 2023
	}
}
