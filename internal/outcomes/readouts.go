package outcomes

import "strings"

// Readout is a fixed-time figure ("responded by 24 h") and the visit
// window it is read with (design.md §3): patients answer a next-day
// questionnaire some hours either side of 24 h, so the share "by 24 h"
// reads the curve at 24 h plus the window, 28 h, and counts the answers
// given for that visit.
type Readout struct {
	Label  string  // "24 h", "72 h", "7 days", "28 days"
	Days   float64 // the nominal time after T0
	Window float64 // days added for the visit window
	// WindowLabel says the window in words: "4 h", "12 h", "1 day", "3 days".
	WindowLabel string
}

// At is the time the curve is read at: Days + Window.
func (r Readout) At() float64 { return r.Days + r.Window }

// Readouts are the dashboard's, the PDF report's and the patient's "what
// to expect" fixed times (design.md §3): 24 h + 4 h, 72 h + 12 h,
// 7 d + 1 d, 28 d + 3 d. Han 2016's pooled single-infusion figures are
// read at 24 h, 72 h and day 7 (clinical-reference §2.1).
var Readouts = []Readout{
	{"24 h", 1, 4.0 / 24, "4 h"},
	{"72 h", 3, 12.0 / 24, "12 h"},
	{"7 days", 7, 1, "1 day"},
	{"28 days", 28, 3, "3 days"},
}

// ReadoutTimes are the times rs read the curve at.
func ReadoutTimes(rs []Readout) []float64 {
	out := make([]float64, len(rs))
	for i, r := range rs {
		out[i] = r.At()
	}
	return out
}

// ReadoutNote says how rs are read, for pages and reports: "Each "by"
// figure reads the curve at the time plus its visit window (24 h + 4 h,
// …), since questionnaires are answered some hours either side of it."
func ReadoutNote(rs []Readout) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.Label + " + " + r.WindowLabel
	}
	return "Each “by” figure reads the curve at that time plus its visit window (" + strings.Join(parts, ", ") +
		"), since questionnaires are answered some hours either side of the time."
}
