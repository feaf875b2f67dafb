package web

import (
	"html/template"
	"sort"

	"onset/internal/chart"
	"onset/internal/clinic"
	"onset/internal/scales"
)

// scoreChart draws each instrument's totals over time, as a share of the
// instrument's maximum so several scales share one axis.
func scoreChart(as []clinic.Assessment) template.HTML {
	byInst := map[string][]chart.Point{}
	for _, a := range as {
		inst, ok := scales.Lookup(a.Instrument)
		if !ok || inst.Max <= 0 {
			continue
		}
		byInst[a.Instrument] = append(byInst[a.Instrument], chart.Point{At: a.TakenAt, Value: 100 * float64(a.Total) / float64(inst.Max)})
	}
	names := make([]string, 0, len(byInst))
	for n := range byInst {
		names = append(names, n)
	}
	sort.Strings(names)
	series := make([]chart.Series, len(names))
	for i, n := range names {
		series[i] = chart.Series{Name: n, Points: byInst[n]}
	}
	// The SVG is built by package chart with every label escaped.
	return template.HTML(chart.Lines("Questionnaire totals, % of each scale's maximum", series, 100))
}
