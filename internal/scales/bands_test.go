package scales

import "testing"

// Band edges from clinical-reference §4.
func TestScaleSeverityBands(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id       string
		total    int
		severity string
	}{
		// PHQ-9: 5/10/15/20 (Kroenke 2001)
		{PHQ9, 0, "minimal"}, {PHQ9, 4, "minimal"}, {PHQ9, 5, "mild"}, {PHQ9, 9, "mild"},
		{PHQ9, 10, "moderate"}, {PHQ9, 14, "moderate"}, {PHQ9, 15, "moderately severe"},
		{PHQ9, 19, "moderately severe"}, {PHQ9, 20, "severe"}, {PHQ9, 27, "severe"},
		// GAD-7: 5/10/15 (Spitzer 2006)
		{GAD7, 0, "minimal"}, {GAD7, 4, "minimal"}, {GAD7, 5, "mild"}, {GAD7, 9, "mild"},
		{GAD7, 10, "moderate"}, {GAD7, 14, "moderate"}, {GAD7, 15, "severe"}, {GAD7, 21, "severe"},
		// QIDS-SR16: 0–5/6–10/11–15/16–20/21–27 (Rush 2003)
		{QIDS, 0, "none"}, {QIDS, 5, "none"}, {QIDS, 6, "mild"}, {QIDS, 10, "mild"},
		{QIDS, 11, "moderate"}, {QIDS, 15, "moderate"}, {QIDS, 16, "severe"}, {QIDS, 20, "severe"},
		{QIDS, 21, "very severe"}, {QIDS, 27, "very severe"},
		// MADRS: 0–6/7–19/20–34/35–60 (Snaith)
		{MADRS, 0, "normal"}, {MADRS, 6, "normal"}, {MADRS, 7, "mild"}, {MADRS, 19, "mild"},
		{MADRS, 20, "moderate"}, {MADRS, 34, "moderate"}, {MADRS, 35, "severe"}, {MADRS, 60, "severe"},
		// Y-BOCS: 0–7/8–15/16–23/24–31/32–40 (Goodman 1989)
		{YBOCS, 0, "subclinical"}, {YBOCS, 7, "subclinical"}, {YBOCS, 8, "mild"}, {YBOCS, 15, "mild"},
		{YBOCS, 16, "moderate"}, {YBOCS, 23, "moderate"}, {YBOCS, 24, "severe"}, {YBOCS, 31, "severe"},
		{YBOCS, 32, "extreme"}, {YBOCS, 40, "extreme"},
		// No published bands: severity stays empty.
		{PCL5, 0, ""}, {PCL5, 33, ""}, {PCL5, 80, ""},
		{CADSS, 0, ""}, {CADSS, 46, ""}, {CADSS, 92, ""},
		{PainNRS, 0, ""}, {PainNRS, 7, ""}, {PainNRS, 10, ""},
	}
	for _, tt := range tests {
		in := mustLookup(t, tt.id)
		if got := in.Severity(tt.total); got != tt.severity {
			t.Errorf("%s Severity(%d) = %q, want %q", tt.id, tt.total, got, tt.severity)
		}
		r, err := in.Score(answersFor(t, in, tt.total))
		if err != nil {
			t.Fatalf("%s total %d: %v", tt.id, tt.total, err)
		}
		if r.Total != tt.total || r.Severity != tt.severity {
			t.Errorf("%s scored %d %q, want %d %q", tt.id, r.Total, r.Severity, tt.total, tt.severity)
		}
	}
}

func TestScaleSeverityOutsideRange(t *testing.T) {
	t.Parallel()
	in := mustLookup(t, PHQ9)
	for _, total := range []int{-1, 28} {
		if got := in.Severity(total); got != "" {
			t.Errorf("Severity(%d) = %q, want empty", total, got)
		}
	}
}
