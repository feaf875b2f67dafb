package scales

// cadss is the 23-item subjective form of the Clinician-Administered
// Dissociative States Scale as used in ketamine research, rated after dosing.
// Copyrighted, so the items are short paraphrases. Source: Bremner JD et al.
// J Trauma Stress 1998;11:125-136; 23-item validation (α 0.91); Spravato
// label §5.2. Total 0–92 is derived from the item range; no cut-off or bands
// are published, and it has no response or remission rule because it measures
// a side effect of the session, not the condition treated. No LOINC code found.
//
// The paraphrases follow the order of the subjective items as we know it;
// check them against the licensed form before showing them to patients.
func cadss() Instrument {
	return Instrument{
		ID:         CADSS,
		Name:       "CADSS",
		Recall:     "During the session just completed",
		Respondent: Clinician, // clinician-administered: a clinician asks each item and records the answers
		Scoring:    "sum of 23 items, each 0–4",
		Min:        0,
		Max:        92,
		Items: sameOptions(
			options("Not at all", "Slightly", "Moderately", "Considerably", "Extremely"),
			"Things move in slow motion",
			"Things seem unreal, as in a dream",
			"Separated from what is happening, as in a film",
			"Looking at things from outside the body",
			"Watching as an observer or spectator",
			"Disconnected from own body",
			"Body feels changed in size",
			"People seem motionless, dead or mechanical",
			"Objects look different than expected",
			"Colours less intense",
			"Tunnel vision or wide-angle view",
			"Time seems to pass slowly",
			"Things happen very quickly",
			"Things happen that cannot later be accounted for",
			"Spacing out or losing track",
			"Sounds fade or grow much stronger",
			"Things seem very real, with special clarity",
			"World seen through a fog",
			"Colours much brighter than expected",
			"Feeling in a daze",
			"Confused about who one really is",
			"Feeling like a different person",
			"Gaps in memory",
		),
		Source: "Bremner et al. 1998, J Trauma Stress 11:125; 23-item form; Spravato label §5.2",
	}
}
