package scales

import "testing"

// design.md §3: response = total ≤ 50% of baseline (Y-BOCS: ≥ 35% drop);
// remission PHQ-9 ≤ 4, GAD-7 ≤ 4, MADRS ≤ 10, QIDS-SR16 ≤ 5.
func TestScaleIsResponse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id              string
		baseline, total int
		want            bool
	}{
		{PHQ9, 20, 10, true}, {PHQ9, 20, 11, false}, {PHQ9, 20, 0, true},
		{PHQ9, 15, 7, true}, {PHQ9, 15, 8, false}, // 7.5 is the line: no rounding
		{PHQ9, 1, 0, true}, {PHQ9, 0, 0, false}, // nothing to improve from
		{PHQ9, 10, 12, false},
		{MADRS, 30, 15, true}, {MADRS, 30, 16, false},
		{QIDS, 17, 8, true}, {QIDS, 17, 9, false},
		{GAD7, 12, 6, true},
		{YBOCS, 20, 13, true}, {YBOCS, 20, 14, false}, // 35% of 20 = 7
		{YBOCS, 30, 19, true}, {YBOCS, 30, 20, false}, // 35% of 30 = 10.5
		{CADSS, 40, 0, false}, {CSSRS, 3, 0, false}, // no response rule
	}
	for _, tt := range tests {
		if got := IsResponse(mustLookup(t, tt.id), tt.baseline, tt.total); got != tt.want {
			t.Errorf("IsResponse(%s, %d, %d) = %v, want %v", tt.id, tt.baseline, tt.total, got, tt.want)
		}
	}
}

func TestScaleIsRemission(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id    string
		total int
		want  bool
	}{
		{PHQ9, 4, true}, {PHQ9, 5, false},
		{GAD7, 4, true}, {GAD7, 5, false},
		{MADRS, 10, true}, {MADRS, 11, false},
		{QIDS, 5, true}, {QIDS, 6, false},
		{PCL5, 0, false}, {YBOCS, 0, false}, {CADSS, 0, false}, {PainNRS, 0, false}, {CSSRS, 0, false},
	}
	for _, tt := range tests {
		if got := IsRemission(mustLookup(t, tt.id), tt.total); got != tt.want {
			t.Errorf("IsRemission(%s, %d) = %v, want %v", tt.id, tt.total, got, tt.want)
		}
	}
}
