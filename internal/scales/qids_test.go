package scales

import (
	"slices"
	"testing"
)

// A hand-worked QIDS-SR16 (Rush 2003 scoring): each multi-item domain scores
// as its highest item, so the total is 16 (severe) where a plain sum of the
// answers would give 21 (very severe).
//
//	sleep             items 1–4  = 1,3,0,2 → 3
//	sad mood          item 5     = 2       → 2
//	appetite/weight   items 6–9  = 1,-,2,0 → 2 (item 7 skipped: item 6 answered)
//	concentration     item 10    = 1       → 1
//	self-view         item 11    = 0       → 0
//	suicidal ideation item 12    = 1       → 1
//	interest          item 13    = 2       → 2
//	energy            item 14    = 3       → 3
//	psychomotor       items 15–16 = 1,2    → 2
//	                                total   16
func TestScaleQIDSDomainMax(t *testing.T) {
	t.Parallel()
	answers := []int{1, 3, 0, 2, 2, 1, S, 2, 0, 1, 0, 1, 2, 3, 1, 2}
	r, err := Score(QIDS, answers)
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != 16 || r.Severity != "severe" {
		t.Errorf("total %d %q, want 16 severe", r.Total, r.Severity)
	}
	wantDomains := []DomainScore{
		{"sleep", 3}, {"sad mood", 2}, {"appetite/weight", 2}, {"concentration", 1}, {"self-view", 0},
		{"suicidal ideation", 1}, {"interest", 2}, {"energy", 3}, {"psychomotor", 2},
	}
	if !slices.Equal(r.Domains, wantDomains) {
		t.Errorf("domains = %v\nwant      %v", r.Domains, wantDomains)
	}
	if !slices.Equal(r.Flags, []string{FlagSuicidality}) {
		t.Errorf("flags = %v, want suicidality (item 12 = 1)", r.Flags)
	}
	if r.Items[6].Domain != "appetite/weight" || !r.Items[6].Skipped || r.Items[6].Answer != Skipped {
		t.Errorf("item 7 = %+v", r.Items[6])
	}
}

func TestScaleQIDSTotals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		answers []int
		total   int
	}{
		{"all zero", repeat(0, 16), 0},
		{"all sleep items 3 count once", []int{3, 3, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 3},
		{"sleep max is item 4", []int{0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 2},
		{"appetite and weight share a domain", []int{0, 0, 0, 0, 0, 3, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0}, 3},
		{"weight gain beats appetite", []int{0, 0, 0, 0, 0, 0, 1, S, 3, 0, 0, 0, 0, 0, 0, 0}, 3},
		{"psychomotor max", []int{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 1}, 3},
		{"single-item domains add", []int{0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0}, 6},
		{"every domain at 3", repeat(3, 16), 27},
	}
	for _, tt := range tests {
		r, err := Score(QIDS, tt.answers)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if r.Total != tt.total {
			t.Errorf("%s: total %d, want %d", tt.name, r.Total, tt.total)
		}
	}
}
