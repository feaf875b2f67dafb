package chart

import (
	"math"
	"strings"
	"testing"
)

func TestForestGolden(t *testing.T) {
	t.Parallel()
	svg := Forest("What goes with faster response", []ForestRow{
		{Label: "psychotherapy: yes vs no", Detail: "1.6 (1.2–2.1)", HR: 1.6, Lower: 1.2, Upper: 2.1},
		{Label: "route: esketamine vs iv", Detail: "0.7 (0.4–1.2)", HR: 0.7, Lower: 0.4, Upper: 1.2},
		{Label: "baseline <score> & more", Detail: "0.97 (0.9–1.0)", HR: 0.97, Lower: 0.9, Upper: 1.04},
		{Label: "wide", Detail: "9.0 (0.01–∞)", HR: 9, Lower: 0.001, Upper: math.Inf(1)},
		{Label: "not estimable", HR: math.NaN()},
	})
	if !strings.Contains(svg, "baseline &lt;score&gt; &amp; more") || strings.Count(svg, `class="point"`) != 4 {
		t.Errorf("labels not escaped or points missing:\n%s", svg)
	}
	checkGolden(t, "forest.svg", svg)
	if Forest("none", nil) != "" {
		t.Error("an empty forest plot drew something")
	}
}
