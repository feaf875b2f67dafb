package scales

// ybocs is the Yale–Brown Obsessive Compulsive Scale (clinician-administered;
// copyrighted, so only short item names). Source: Goodman WK et al. Arch Gen
// Psychiatry 1989;46:1006-1011 (via secondary pages, clinical-reference §4):
// 10 items 0–4, bands 0–7/8–15/16–23/24–31/32–40, response ≥ 35% drop.
// No LOINC code found; no remission cut-off in the reference.
func ybocs() Instrument {
	return Instrument{
		ID:         YBOCS,
		Name:       "Y-BOCS",
		Recall:     "The past week",
		Respondent: Clinician,
		Scoring:    "sum of 10 items, each 0–4 (items 1–5 obsessions, 6–10 compulsions)",
		Min:        0,
		Max:        40,
		Items: sameOptions(
			options("None", "Mild", "Moderate", "Severe", "Extreme"),
			"Time occupied by obsessive thoughts",
			"Interference due to obsessive thoughts",
			"Distress associated with obsessive thoughts",
			"Resistance against obsessions",
			"Degree of control over obsessive thoughts",
			"Time spent performing compulsive behaviours",
			"Interference due to compulsive behaviours",
			"Distress associated with compulsive behaviours",
			"Resistance against compulsions",
			"Degree of control over compulsive behaviours",
		),
		Bands: []Band{
			{0, 7, "subclinical"},
			{8, 15, "mild"},
			{16, 23, "moderate"},
			{24, 31, "severe"},
			{32, 40, "extreme"},
		},
		ResponseDropPct: 35,
		Source:          "Goodman et al. 1989, Arch Gen Psychiatry 46:1006 [2°]",
	}
}
