package scales

import (
	"slices"
	"testing"
)

func TestScaleSuicidalityFlag(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id      string
		answers []int
		want    bool
	}{
		{PHQ9, []int{3, 3, 3, 3, 3, 3, 3, 3, 0}, false}, // severe, but item 9 is 0
		{PHQ9, []int{0, 0, 0, 0, 0, 0, 0, 0, 1}, true},  // minimal, yet item 9 flags
		{PHQ9, []int{0, 0, 0, 0, 0, 0, 0, 0, 3}, true},
		{QIDS, []int{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0}, true}, // item 12
		{QIDS, []int{3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 3, 3, 3, 3}, false},
		{MADRS, []int{0, 0, 0, 0, 0, 0, 0, 0, 0, 2}, true}, // item 10
		{MADRS, []int{6, 6, 6, 6, 6, 6, 6, 6, 6, 0}, false},
		{GAD7, repeat(3, 7), false}, // no suicide item
		{PCL5, repeat(4, 20), false},
		{CADSS, repeat(4, 23), false},
		{YBOCS, repeat(4, 10), false},
	}
	for _, tt := range tests {
		r, err := Score(tt.id, tt.answers)
		if err != nil {
			t.Fatalf("%s: %v", tt.id, err)
		}
		if got := slices.Contains(r.Flags, FlagSuicidality); got != tt.want {
			t.Errorf("%s %v: flags %v, want suicidality %v", tt.id, tt.answers, r.Flags, tt.want)
		}
	}
}

func TestScaleResultShape(t *testing.T) {
	t.Parallel()
	r, err := Score(PHQ9, []int{1, 2, 3, 0, 1, 2, 3, 0, 1})
	if err != nil {
		t.Fatal(err)
	}
	if r.Instrument != PHQ9 || r.Total != 13 || r.Severity != "moderate" {
		t.Errorf("got %s %d %q", r.Instrument, r.Total, r.Severity)
	}
	if len(r.Items) != 9 || r.Items[2] != (ItemAnswer{Number: 3, Answer: 3}) {
		t.Errorf("items = %+v", r.Items)
	}
	if r2, _ := Score(GAD7, repeat(0, 7)); r2.Flags == nil {
		t.Error("Flags is nil; want an empty slice so JSON shows []")
	}
}
