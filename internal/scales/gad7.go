package scales

// gad7 is the Generalized Anxiety Disorder-7 scale (public domain).
// Source: Spitzer RL, Kroenke K, Williams JB, Löwe B. Arch Intern Med
// 2006;166:1092-1097 (item wording, bands 5/10/15); LOINC 70274-6 total and
// 69737-5 panel per the HL7 PHR IG (clinical-reference §4 notes one repository
// wrongly uses the panel code for the total); remission ≤ 4 per design.md §3.
func gad7() Instrument {
	return Instrument{
		ID:         GAD7,
		Name:       "GAD-7",
		Recall:     "Over the last 2 weeks",
		Respondent: Patient,
		Scoring:    "sum of 7 items, each 0–3",
		Min:        0,
		Max:        21,
		Items: sameOptions(
			options("Not at all", "Several days", "More than half the days", "Nearly every day"),
			"Feeling nervous, anxious, or on edge",
			"Not being able to stop or control worrying",
			"Worrying too much about different things",
			"Trouble relaxing",
			"Being so restless that it is hard to sit still",
			"Becoming easily annoyed or irritable",
			"Feeling afraid, as if something awful might happen",
		),
		Bands: []Band{
			{0, 4, "minimal"},
			{5, 9, "mild"},
			{10, 14, "moderate"},
			{15, 21, "severe"},
		},
		RemissionMax:    4,
		HasRemission:    true,
		ResponseDropPct: 50, // design.md §3; "≥50% drop (convention)" in §4
		LOINCTotal:      "70274-6",
		LOINCPanel:      "69737-5",
		Source:          "Spitzer et al. 2006, Arch Intern Med 166:1092; HL7 PHR IG (LOINC)",
	}
}
