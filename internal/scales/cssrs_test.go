package scales

import (
	"slices"
	"testing"

	"onset/internal/clinic"
)

// Skip logic and risk per the Columbia screener (Posner 2011; clinical-reference §4).
func TestScaleCSSRSRisk(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		answers []int
		total   int
		risk    string
		flags   []string
	}{
		{"all no: no risk flag at all", []int{0, 0, S, S, S, 0}, 0, "none", []string{}},
		{"wish to be dead", []int{1, 0, S, S, S, 0}, 1, "low", []string{FlagRiskLow}},
		{"thoughts, no method", []int{0, 1, 0, 0, 0, 0}, 1, "low", []string{FlagRiskLow}},
		{"method", []int{1, 1, 1, 0, 0, 0}, 2, "moderate", []string{FlagRiskModerate}},
		{"intent", []int{1, 1, 0, 1, 0, 0}, 3, "high", []string{FlagRiskHigh}},
		{"plan", []int{1, 1, 1, 0, 1, 0}, 3, "high", []string{FlagRiskHigh}},
		{"behaviour alone", []int{0, 0, S, S, S, 1}, 3, "high", []string{FlagRiskHigh}},
		{"behaviour beats method", []int{1, 1, 1, 0, 0, 1}, 3, "high", []string{FlagRiskHigh}},
		{"everything yes", []int{1, 1, 1, 1, 1, 1}, 3, "high", []string{FlagRiskHigh}},
	}
	for _, tt := range tests {
		r, err := Score(CSSRS, tt.answers)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if r.Total != tt.total || r.Severity != tt.risk || !slices.Equal(r.Flags, tt.flags) {
			t.Errorf("%s: %d %q %v, want %d %q %v", tt.name, r.Total, r.Severity, r.Flags, tt.total, tt.risk, tt.flags)
		}
	}
}

func TestScaleCSSRSSkipLogic(t *testing.T) {
	t.Parallel()
	tests := []struct {
		answers []int
		msg     string
	}{
		{[]int{0, 1, S, 0, 0, 0}, "cssrs-screener item 3: answer is missing (asked because item 2 is yes)"},
		{[]int{0, 1, 0, 0, S, 0}, "cssrs-screener item 5: answer is missing (asked because item 2 is yes)"},
		{[]int{0, 0, 0, S, S, 0}, `cssrs-screener item 3: must be skipped ("-") because item 2 is no`},
		{[]int{0, 0, S, S, 1, 0}, `cssrs-screener item 5: must be skipped ("-") because item 2 is no`},
		{[]int{0, 0, S, S, S, S}, "cssrs-screener item 6: answer is missing"},
		{[]int{S, 0, S, S, S, 0}, "cssrs-screener item 1: answer is missing"},
		{[]int{0, S, S, S, S, 0}, "cssrs-screener item 2: answer is missing"},
		{[]int{0, 2, 0, 0, 0, 0}, "cssrs-screener item 2: answer 2 is out of range 0–1"},
		{[]int{0, 1, 0, 0, 0, 3}, "cssrs-screener item 6: answer 3 is out of range 0–1"},
		{[]int{0, 0, 0}, "cssrs-screener: got 3 answers, want 6 (one per item)"},
	}
	for _, tt := range tests {
		_, err := Score(CSSRS, tt.answers)
		if got := clinic.ErrorMessage(err); got != tt.msg || clinic.ErrorCode(err) != clinic.Invalid {
			t.Errorf("%v: error %q (%s), want %q", tt.answers, got, clinic.ErrorCode(err), tt.msg)
		}
	}
}
