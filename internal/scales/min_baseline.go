package scales

// Minimum baselines (design.md §3): a course enters an instrument's
// response, remission and relapse analytics only when its baseline is at
// least the instrument's minimum, so that "50% better" and "in remission"
// are measured from a score that shows the condition to treat. A clinic may
// lower a minimum (record.ClinicSettings.MinBaselines), never raise it.
const (
	// PHQ-9 ≥ 10: the HEDIS Depression Remission or Response measure
	// (DRR-E) enters a PHQ-9 above 9 (design.md §3); ≥ 10 is Kroenke 2001's
	// cut for major depression, sensitivity and specificity 88%
	// (clinical-reference §4).
	MinBaselinePHQ9 = 10
	// GAD-7 ≥ 10: Spitzer 2006's cut for GAD (sensitivity 89%,
	// specificity 82%), the start of "moderate" (clinical-reference §4).
	MinBaselineGAD7 = 10
	// QIDS-SR16 ≥ 11: the start of "moderate" (Rush 2003; 11–15 moderate,
	// clinical-reference §4).
	MinBaselineQIDS = 11
	// MADRS ≥ 20: the start of "moderate" (Snaith: 20–34 moderate,
	// clinical-reference §4).
	MinBaselineMADRS = 20
	// PCL-5 ≥ 33: provisional PTSD (Blevins 2015, clinical-reference §4).
	MinBaselinePCL5 = 33
	// Pain NRS ≥ 4: moderate pain or worse; design.md §3. clinical-reference
	// §4 gives no band for the NRS (the 4–6 "moderate" band is the usual
	// convention, no source retrieved): a clinic default.
	MinBaselinePainNRS = 4
)

// MinBaseline is the instrument's minimum baseline for outcome analytics;
// ok is false for an instrument without one (every course enters).
func MinBaseline(id string) (min int, ok bool) {
	switch id {
	case PHQ9:
		return MinBaselinePHQ9, true
	case GAD7:
		return MinBaselineGAD7, true
	case QIDS:
		return MinBaselineQIDS, true
	case MADRS:
		return MinBaselineMADRS, true
	case PCL5:
		return MinBaselinePCL5, true
	case PainNRS:
		return MinBaselinePainNRS, true
	}
	return 0, false
}
