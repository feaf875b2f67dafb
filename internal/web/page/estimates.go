package page

import (
	"fmt"
	"html/template"
	"math"
	"strconv"

	"onset/internal/chart"
	"onset/internal/pk"
)

// The pharmacokinetic estimates as the plan, expectation, comparison and
// treatment pages draw them.

// EstimateChart draws estimates on one chart: the infusion window when
// every curve is an infusion of the same length, and the first curve's
// peak and the time it falls below 5% of that peak.
func EstimateChart(title string, es []pk.ConcentrationEstimate) template.HTML {
	if len(es) == 0 {
		return ""
	}
	c := chart.Concentration{Title: title, Hours: es[0].Hours, YLabel: "ng/mL"}
	window := es[0].DurationMin
	for _, e := range es {
		cv := chart.Curve{Name: e.Label}
		for _, p := range e.Curve {
			cv.Samples = append(cv.Samples, chart.Sample{Min: p.Min, Value: p.NgPerML})
		}
		c.Curves = append(c.Curves, cv)
		if e.DurationMin != window {
			window = 0
		}
	}
	if window > 0 {
		c.Window, c.WindowLabel = [2]float64{0, float64(window)}, "infusion"
	}
	first := es[0].Summary
	c.PeakMin, c.PeakValue = first.TmaxMin, first.CmaxNgPerML
	c.PeakLabel = fmt.Sprintf("peak ≈ %.0f ng/mL at %s", first.CmaxNgPerML, Minutes(first.TmaxMin))
	c.Markers = []chart.Marker{{Min: first.Below5PctOfPeakH * 60, Label: "below 5% of peak"}}
	// The SVG is built by package chart with every label escaped.
	return template.HTML(c.SVG())
}

// EstimateRow is one line of a Cmax/Tmax table.
type EstimateRow struct {
	Label, Cmax, Tmax, Below5, HalfLife, AUC, Model string
}

func EstimateRows(es []pk.ConcentrationEstimate) []EstimateRow {
	out := make([]EstimateRow, len(es))
	for i, e := range es {
		out[i] = EstimateRow{Label: e.Label, Cmax: fmt.Sprintf("%.0f ng/mL", e.Summary.CmaxNgPerML),
			Tmax: Minutes(e.Summary.TmaxMin), Below5: fmt.Sprintf("%.1f h", e.Summary.Below5PctOfPeakH),
			HalfLife: fmt.Sprintf("%.1f h", e.Summary.TerminalHalfLifeH), AUC: fmt.Sprintf("%.0f ng·h/mL", e.Summary.AUCNgHPerML),
			Model: e.Model}
	}
	return out
}

// Sources lists every distinct source behind the estimates.
func Sources(es []pk.ConcentrationEstimate) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range es {
		for _, s := range e.Sources {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// Minutes writes a time after the dose as "45 min" or "1 h 5 min".
func Minutes(m float64) string {
	n := int(math.Round(m))
	if n < 60 {
		return strconv.Itoa(n) + " min"
	}
	if n%60 == 0 {
		return strconv.Itoa(n/60) + " h"
	}
	return fmt.Sprintf("%d h %d min", n/60, n%60)
}
