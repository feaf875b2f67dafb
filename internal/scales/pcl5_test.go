package scales

import (
	"slices"
	"testing"
)

// pcl5With returns 20 answers of 0 with the given item numbers set.
func pcl5With(set map[int]int) []int {
	a := repeat(0, 20)
	for n, v := range set {
		a[n-1] = v
	}
	return a
}

// DSM-5 rule (Weathers 2013): an item ≥ 2 counts; 1 of B (1–5), 1 of C (6–7),
// 2 of D (8–14), 2 of E (15–20). Provisional PTSD flag at total ≥ 33 (Blevins 2015).
func TestScalePCL5Clusters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		answers  []int
		total    int
		met      []bool // B, C, D, E
		provFlag bool
	}{
		{"none", repeat(0, 20), 0, []bool{false, false, false, false}, false},
		{"the minimum that meets the rule",
			pcl5With(map[int]int{1: 2, 6: 2, 8: 2, 9: 2, 15: 2, 16: 2}), 12, []bool{true, true, true, true}, false},
		{"ones never count",
			pcl5With(map[int]int{1: 1, 6: 1, 8: 1, 9: 1, 15: 1, 16: 1}), 6, []bool{false, false, false, false}, false},
		{"one D item is not enough",
			pcl5With(map[int]int{5: 4, 7: 3, 14: 4, 20: 2, 19: 2}), 15, []bool{true, true, false, true}, false},
		{"one E item is not enough",
			pcl5With(map[int]int{2: 2, 7: 2, 10: 2, 11: 2, 17: 4}), 12, []bool{true, true, true, false}, false},
		{"no C item",
			pcl5With(map[int]int{3: 3, 12: 2, 13: 2, 18: 2, 20: 2}), 11, []bool{true, false, true, true}, false},
		{"33 flags provisional PTSD without the cluster rule",
			pcl5With(map[int]int{1: 4, 2: 4, 3: 4, 4: 4, 5: 4, 8: 3, 9: 3, 10: 3, 11: 4}), 33,
			[]bool{true, false, true, false}, true},
		{"32 does not flag",
			pcl5With(map[int]int{1: 4, 2: 4, 3: 4, 4: 4, 5: 4, 8: 3, 9: 3, 10: 3, 11: 3}), 32,
			[]bool{true, false, true, false}, false},
		{"all 4", repeat(4, 20), 80, []bool{true, true, true, true}, true},
	}
	for _, tt := range tests {
		r, err := Score(PCL5, tt.answers)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if r.Total != tt.total || r.Severity != "" {
			t.Errorf("%s: total %d severity %q, want %d and no severity", tt.name, r.Total, r.Severity, tt.total)
		}
		if r.DSM5 == nil || len(r.DSM5.Clusters) != 4 {
			t.Fatalf("%s: DSM5 = %+v", tt.name, r.DSM5)
		}
		var met []bool
		for _, c := range r.DSM5.Clusters {
			met = append(met, c.Met)
		}
		if !slices.Equal(met, tt.met) {
			t.Errorf("%s: clusters met %v, want %v", tt.name, met, tt.met)
		}
		if all := !slices.Contains(tt.met, false); r.DSM5.Met != all {
			t.Errorf("%s: DSM5.Met = %v, want %v", tt.name, r.DSM5.Met, all)
		}
		if got := slices.Contains(r.Flags, FlagProvisionalPTSD); got != tt.provFlag {
			t.Errorf("%s: flags %v, want provisional PTSD %v", tt.name, r.Flags, tt.provFlag)
		}
	}
}

func TestScalePCL5ClusterDetail(t *testing.T) {
	t.Parallel()
	r, err := Score(PCL5, repeat(4, 20))
	if err != nil {
		t.Fatal(err)
	}
	want := []ClusterResult{
		{"B", "intrusion", 20, 5, 1, true},
		{"C", "avoidance", 8, 2, 1, true},
		{"D", "negative alterations in cognition and mood", 28, 7, 2, true},
		{"E", "alterations in arousal and reactivity", 24, 6, 2, true},
	}
	if !slices.Equal(r.DSM5.Clusters, want) {
		t.Errorf("clusters = %+v\nwant       %+v", r.DSM5.Clusters, want)
	}
	// Other instruments carry no cluster result.
	if r, _ := Score(PHQ9, repeat(0, 9)); r.DSM5 != nil {
		t.Error("PHQ-9 result has a DSM5 cluster result")
	}
}
