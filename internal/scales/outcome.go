package scales

// IsResponse reports whether total, a follow-up, is a response relative to
// baseline: design.md §3 defines response as total ≤ 50% of baseline, and
// Y-BOCS uses a drop of at least 35% (Goodman 1989, clinical-reference §4).
// Instruments without a response rule (CADSS, C-SSRS) never respond, and
// neither does a baseline of 0 or less, which leaves no room to improve.
func IsResponse(in Instrument, baseline, total int) bool {
	if in.ResponseDropPct <= 0 || baseline <= 0 {
		return false
	}
	// drop ≥ pct% of baseline, kept in integers so that 50% of an odd
	// baseline is not rounded: 100·(baseline − total) ≥ pct·baseline.
	return 100*(baseline-total) >= in.ResponseDropPct*baseline
}

// IsRemission reports whether total is at or below the instrument's
// remission cut-off (design.md §3: PHQ-9 ≤ 4, GAD-7 ≤ 4, MADRS ≤ 10,
// QIDS-SR16 ≤ 5). Instruments without a published cut-off never remit.
func IsRemission(in Instrument, total int) bool {
	return in.HasRemission && total <= in.RemissionMax
}
