package session

import (
	"strings"
	"testing"
)

func TestFlagsAndCombine(t *testing.T) {
	t.Parallel()
	l := DefaultAlertLimits() // +40/+25, 180/110, SpO2 92, HR 120
	base := vit(120, 80, 70, 98, 14, -1)
	for _, c := range []struct {
		name string
		r    Vitals
		want Abnormal
	}{
		{"normal", vit(128, 82, 80, 97, 14, 5), Abnormal{}},
		{"rise of 40 systolic", vit(160, 82, 80, 97, 14, 5), Abnormal{BP: true}},
		{"diastolic above 110", vit(150, 111, 80, 97, 14, 5), Abnormal{BP: true}},
		{"fast heart", vit(128, 82, 121, 97, 14, 5), Abnormal{HeartRate: true}},
		{"SpO2 91", vit(128, 82, 80, 91, 14, 5), Abnormal{SpO2: true}},
		{"192/118, SpO2 89", vit(192, 118, 96, 89, 14, 4), Abnormal{BP: true, SpO2: true}},
	} {
		if got := l.Flags(base, c.r); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
	// 192/118 with SpO2 89: a rise, above the maximum, low SpO2 — one alert, three reasons.
	as := l.Check(base, nil, Reading{At: t0, Vitals: vit(192, 118, 96, 89, 14, 4)})
	one, ok := Combine(as)
	if len(as) != 3 || !ok || one.Kind != AlertBPRise {
		t.Fatalf("%d alerts, combined %+v", len(as), one)
	}
	for _, want := range []string{"up +72/+38", "above 180/110", "SpO2 89% is below 92%"} {
		if !strings.Contains(one.Message, want) {
			t.Errorf("combined message lacks %q: %s", want, one.Message)
		}
	}
	if _, ok := Combine(nil); ok {
		t.Error("no alerts combined into one")
	}
}
