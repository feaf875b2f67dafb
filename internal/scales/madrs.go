package scales

// madrs is the Montgomery–Åsberg Depression Rating Scale, clinician-rated.
// The item definitions are copyrighted, so only short item names are given.
// Source: Montgomery SA, Åsberg M. Br J Psychiatry 1979;134:382-389 (items,
// 0–6 with anchors at even values); bands 0–6/7–19/20–34/35–60 after Snaith
// (Müller 2000/2003, J Affect Disord); remission ≤ 10 per design.md §3 (≤ 12
// is used in TRANSFORM/SUSTAIN). No LOINC code found.
func madrs() Instrument {
	return Instrument{
		ID:         MADRS,
		Name:       "MADRS",
		Recall:     "The past week (clinical interview)",
		Respondent: Clinician,
		Scoring:    "sum of 10 items, each 0–6",
		Min:        0,
		Max:        60,
		Items: sameOptions(
			// The scale defines anchors at 0, 2, 4 and 6; odd values rate
			// between two anchors.
			options("0 — anchor 0 (absent)", "1 — between anchors 0 and 2", "2 — anchor 2",
				"3 — between anchors 2 and 4", "4 — anchor 4", "5 — between anchors 4 and 6", "6 — anchor 6 (most severe)"),
			"Apparent sadness",
			"Reported sadness",
			"Inner tension",
			"Reduced sleep",
			"Reduced appetite",
			"Concentration difficulties",
			"Lassitude",
			"Inability to feel",
			"Pessimistic thoughts",
			"Suicidal thoughts",
		),
		Bands: []Band{
			{0, 6, "normal"},
			{7, 19, "mild"},
			{20, 34, "moderate"},
			{35, 60, "severe"},
		},
		RemissionMax:    10,
		HasRemission:    true,
		ResponseDropPct: 50,
		// Item 10 rates suicidal thoughts; any rating above 0 goes beyond
		// "enjoys life or takes it as it comes", so it raises the flag too.
		SuicideItem: 10,
		Source:      "Montgomery & Åsberg 1979, Br J Psychiatry 134:382; Snaith bands via Müller et al. 2000/2003, J Affect Disord",
	}
}
