package chart

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// Step is a cumulative-incidence curve at one time: the share who had the
// event by Time (1 − S) with its confidence interval, all between 0 and 1.
// NaN bounds (no interval) are drawn at the estimate.
type Step struct {
	Time, Value, Lower, Upper float64
}

// StepCurve is one group's curve and its numbers at risk at the chart's
// ticks (one per tick).
type StepCurve struct {
	Name   string
	Steps  []Step // ascending by Time
	AtRisk []int
}

// Cumulative draws cumulative-incidence step curves (the share who had the
// event, 0–100%) from day 0 to xMax with their confidence intervals as
// shaded bands, and under the plot the numbers at risk at each tick, one
// row per curve (the row's label is the legend).
func Cumulative(title, xLabel string, curves []StepCurve, ticks []float64, xMax float64) string {
	if len(curves) == 0 || xMax <= 0 {
		return ""
	}
	const w, left, right, top, plotH, rowH = 640.0, 160.0, 16.0, 12.0, 220.0, 16.0
	bottom := top + plotH
	h := bottom + 40 + rowH*float64(len(curves)+1)
	x := func(t float64) float64 { return left + (w-left-right)*math.Min(t, xMax)/xMax }
	y := func(v float64) float64 { return top + plotH*(1-clamp01(v)) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart survival" viewBox="0 0 %g %g" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, w, h, html.EscapeString(title))
	fmt.Fprintf(&b, `<title>%s</title>`, html.EscapeString(title))
	// grid and axes
	for _, v := range []float64{0, 0.25, 0.5, 0.75, 1} {
		fmt.Fprintf(&b, `<line class="grid" x1="%g" y1="%.1f" x2="%g" y2="%.1f"/>`, left, y(v), w-right, y(v))
		fmt.Fprintf(&b, `<text x="%g" y="%.1f" text-anchor="end">%g%%</text>`, left-6, y(v)+4, v*100)
	}
	fmt.Fprintf(&b, `<line class="axis" x1="%g" y1="%g" x2="%g" y2="%g"/>`, left, bottom, w-right, bottom)
	fmt.Fprintf(&b, `<line class="axis" x1="%g" y1="%g" x2="%g" y2="%g"/>`, left, top, left, bottom)
	for _, t := range ticks {
		if t > xMax {
			continue
		}
		fmt.Fprintf(&b, `<line class="axis" x1="%.1f" y1="%g" x2="%.1f" y2="%g"/>`, x(t), bottom, x(t), bottom+4)
		fmt.Fprintf(&b, `<text x="%.1f" y="%g" text-anchor="middle">%g</text>`, x(t), bottom+16, t)
	}
	fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="middle">%s</text>`, left+(w-left-right)/2, bottom+32, html.EscapeString(xLabel))
	for i, c := range curves {
		colour := palette[i%len(palette)]
		est, lo, hi := stepPaths(c.Steps, xMax, x, y)
		// The band is the region between the lower and upper step lines.
		fmt.Fprintf(&b, `<path class="band" fill="%s" fill-opacity="0.15" stroke="none" d="%s"/>`, colour, bandPath(lo, hi))
		fmt.Fprintf(&b, `<path class="curve" fill="none" stroke="%s" stroke-width="2" d="%s"><title>%s</title></path>`, colour, pathD(est), html.EscapeString(c.Name))
	}
	// numbers at risk
	ry := bottom + 40 + rowH
	fmt.Fprintf(&b, `<text x="4" y="%g" class="risk-head">Number at risk</text>`, ry-rowH+4)
	for i, c := range curves {
		colour := palette[i%len(palette)]
		yy := ry + rowH*float64(i)
		fmt.Fprintf(&b, `<text x="4" y="%g" fill="%s">%s</text>`, yy, colour, html.EscapeString(truncate(c.Name, 24)))
		for j, t := range ticks {
			if t > xMax || j >= len(c.AtRisk) {
				continue
			}
			fmt.Fprintf(&b, `<text x="%.1f" y="%g" text-anchor="middle">%d</text>`, x(t), yy, c.AtRisk[j])
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}

type pt struct{ x, y float64 }

// stepPaths returns the vertices of the estimate and of the lower and
// upper bounds as right-continuous steps from (0, 0) to xMax.
func stepPaths(steps []Step, xMax float64, x, y func(float64) float64) (est, lo, hi []pt) {
	e, l, u := 0.0, 0.0, 0.0
	add := func(t float64) {
		est = append(est, pt{x(t), y(e)})
		lo = append(lo, pt{x(t), y(l)})
		hi = append(hi, pt{x(t), y(u)})
	}
	add(0)
	for _, s := range steps {
		if s.Time > xMax {
			break
		}
		add(s.Time) // the old level up to this time
		e, l, u = s.Value, s.Lower, s.Upper
		if math.IsNaN(l) {
			l = e
		}
		if math.IsNaN(u) {
			u = e
		}
		add(s.Time) // and the new level from it
	}
	add(xMax)
	return est, lo, hi
}

func pathD(ps []pt) string {
	var b strings.Builder
	for i, p := range ps {
		if i == 0 {
			fmt.Fprintf(&b, "M%.1f %.1f", p.x, p.y)
		} else {
			fmt.Fprintf(&b, "L%.1f %.1f", p.x, p.y)
		}
	}
	return b.String()
}

// bandPath closes the upper line back along the lower one.
func bandPath(lo, hi []pt) string {
	ps := append([]pt(nil), hi...)
	for i := len(lo) - 1; i >= 0; i-- {
		ps = append(ps, lo[i])
	}
	return pathD(ps) + "Z"
}

func clamp01(v float64) float64 { return math.Max(0, math.Min(1, v)) }

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
