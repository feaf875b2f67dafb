package record

import (
	"strings"
	"testing"

	"onset/internal/clinic"
)

func TestMinBaselineSetting(t *testing.T) {
	t.Parallel()
	base := ClinicSettings{Name: "Clinic", Timezone: "UTC"}
	if got := base.MinBaseline("phq9"); got != 10 {
		t.Errorf("default PHQ-9 minimum %d, want 10", got)
	}
	if got := base.MinBaseline("cadss"); got != 0 {
		t.Errorf("CADSS minimum %d, want none (0)", got)
	}
	for _, tt := range []struct {
		set     map[string]int
		want    string // part of the refusal; "" for accepted
		phq9    int
		entries int // kept after cleaning
	}{
		{map[string]int{"phq9": 5}, "", 5, 1},
		{map[string]int{"phq9": 1, "pcl5": 20}, "", 1, 2},
		{map[string]int{"phq9": 10}, "", 10, 0}, // the default itself is not kept
		{map[string]int{"phq9": 11}, "lowered from 10", 10, 0},
		{map[string]int{"phq9": 0}, "as little as 1", 10, 0},
		{map[string]int{"madrs": -3}, "MADRS", 10, 0},
		{map[string]int{"cadss": 3}, "no minimum baseline", 10, 0},
	} {
		in := base
		in.MinBaselines = tt.set
		got, err := in.Clean()
		if tt.want != "" {
			if clinic.ErrorCode(err) != clinic.Invalid || !strings.Contains(clinic.ErrorMessage(err), tt.want) {
				t.Errorf("%v: err %v, want one naming %q", tt.set, err, tt.want)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%v: %v", tt.set, err)
		}
		if got.MinBaseline("phq9") != tt.phq9 || len(got.MinBaselines) != tt.entries {
			t.Errorf("%v: PHQ-9 minimum %d with %d entries kept, want %d and %d", tt.set, got.MinBaseline("phq9"), len(got.MinBaselines), tt.phq9, tt.entries)
		}
	}
}
