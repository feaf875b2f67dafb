package outcomes

import (
	"strings"
	"testing"
)

// design.md §3: 24 h + 4 h, 72 h + 12 h, 7 d + 1 d, 28 d + 3 d.
func TestReadoutTimes(t *testing.T) {
	t.Parallel()
	want := []float64{28.0 / 24, 84.0 / 24, 8, 31}
	got := ReadoutTimes(Readouts)
	for i := range want {
		if !near(got[i], want[i], 1e-12) {
			t.Errorf("readout %s at %v days, want %v", Readouts[i].Label, got[i], want[i])
		}
	}
	if n := ReadoutNote(Readouts); !strings.Contains(n, "24 h + 4 h") || !strings.Contains(n, "28 days + 3 days") {
		t.Errorf("note %q", n)
	}
	// A response answered 26 h after T0 counts "by 24 h"; one at 30 h does not.
	c, err := KaplanMeier([]Observation{{26.0 / 24, true}, {30.0 / 24, true}, {40, false}}, DefaultConfLevel)
	if err != nil {
		t.Fatal(err)
	}
	if v, _, _ := c.At(Readouts[0].At()).Band.Cumulative(); !near(v, 1.0/3, 1e-12) {
		t.Errorf("share by 24 h %v, want 1/3", v)
	}
}
