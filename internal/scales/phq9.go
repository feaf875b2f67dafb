package scales

// phq9 is the Patient Health Questionnaire-9 (public domain).
// Source: Kroenke K, Spitzer RL, Williams JB. The PHQ-9. J Gen Intern Med
// 2001;16:606-613 (item wording, bands 5/10/15/20); LOINC 44261-6 total and
// 44249-1 panel per the HL7 PHR IG; remission ≤ 4 per design.md §3 (the same
// as "< 5" in the SUSTAIN-3 table, clinical-reference §4).
func phq9() Instrument {
	return Instrument{
		ID:         PHQ9,
		Name:       "PHQ-9",
		Recall:     "Over the last 2 weeks",
		Respondent: Patient,
		Scoring:    "sum of 9 items, each 0–3",
		Min:        0,
		Max:        27,
		Items: sameOptions(
			options("Not at all", "Several days", "More than half the days", "Nearly every day"),
			"Little interest or pleasure in doing things",
			"Feeling down, depressed, or hopeless",
			"Trouble falling or staying asleep, or sleeping too much",
			"Feeling tired or having little energy",
			"Poor appetite or overeating",
			"Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
			"Trouble concentrating on things, such as reading the newspaper or watching television",
			"Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual",
			"Thoughts that you would be better off dead or of hurting yourself in some way",
		),
		Bands: []Band{
			{0, 4, "minimal"},
			{5, 9, "mild"},
			{10, 14, "moderate"},
			{15, 19, "moderately severe"},
			{20, 27, "severe"},
		},
		RemissionMax:    4,
		HasRemission:    true,
		ResponseDropPct: 50, // design.md §3
		SuicideItem:     9,  // thoughts of being better off dead or of self-harm
		LOINCTotal:      "44261-6",
		LOINCPanel:      "44249-1",
		Source:          "Kroenke, Spitzer & Williams 2001, J Gen Intern Med 16:606; HL7 PHR IG (LOINC)",
	}
}
