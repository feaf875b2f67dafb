package chart

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// Sample is one point of a concentration curve.
type Sample struct {
	Min   float64 // minutes after the dose starts
	Value float64 // ng/mL
}

// Curve is one concentration–time line.
type Curve struct {
	Name    string
	Samples []Sample // in time order
}

// Marker is a labelled moment: a dashed vertical line.
type Marker struct {
	Min   float64
	Label string
}

// Concentration is a concentration–time chart: curves from time 0 to
// Hours, an optional shaded window (an infusion), an optional peak dot and
// markers.
type Concentration struct {
	Title              string
	Hours              float64
	Curves             []Curve
	Window             [2]float64 // minutes; shaded when Window[1] > Window[0]
	WindowLabel        string
	PeakMin, PeakValue float64 // drawn when PeakValue > 0
	PeakLabel          string
	Markers            []Marker
	YLabel             string // e.g. "ng/mL"
}

// SVG draws the chart. It returns "" when there is nothing to draw.
func (c Concentration) SVG() string {
	const w, plotH, left, right, top = 640.0, 220.0, 48.0, 16.0, 20.0
	const axisGap, legendLine = 34.0, 16.0
	var ymax float64
	for _, cv := range c.Curves {
		for _, s := range cv.Samples {
			ymax = math.Max(ymax, s.Value)
		}
	}
	if c.Hours <= 0 || ymax <= 0 || math.IsNaN(ymax) || math.IsInf(ymax, 0) {
		return ""
	}
	ymax = niceCeil(ymax * 1.08)
	h := top + plotH + axisGap + legendLine*float64(len(c.Curves)) + 4
	bottom := top + plotH
	span := c.Hours * 60
	x := func(min float64) float64 { return left + (w-left-right)*math.Min(math.Max(min, 0), span)/span }
	y := func(v float64) float64 { return top + plotH*(1-math.Min(math.Max(v, 0), ymax)/ymax) }

	var b strings.Builder
	title := html.EscapeString(c.Title)
	fmt.Fprintf(&b, `<svg class="chart concentration" viewBox="0 0 %g %g" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, w, h, title)
	fmt.Fprintf(&b, `<title>%s</title>`, title)
	if c.Window[1] > c.Window[0] {
		x0, x1 := x(c.Window[0]), x(c.Window[1])
		fmt.Fprintf(&b, `<rect class="window" x="%.1f" y="%g" width="%.1f" height="%g" fill="#0072B2" fill-opacity="0.1"/>`, x0, top, x1-x0, plotH)
		if c.WindowLabel != "" {
			fmt.Fprintf(&b, `<text x="%.1f" y="%g">%s</text>`, x0+2, top-6, html.EscapeString(c.WindowLabel))
		}
	}
	fmt.Fprintf(&b, `<line class="axis" x1="%g" y1="%g" x2="%g" y2="%g"/>`, left, bottom, w-right, bottom)
	fmt.Fprintf(&b, `<line class="axis" x1="%g" y1="%g" x2="%g" y2="%g"/>`, left, top, left, bottom)
	for _, v := range []float64{0, ymax / 2, ymax} {
		fmt.Fprintf(&b, `<text x="%g" y="%.1f" text-anchor="end">%s</text>`, left-6, y(v)+4, trim(v))
	}
	if c.YLabel != "" {
		fmt.Fprintf(&b, `<text x="%g" y="%g">%s</text>`, left+4, top+10, html.EscapeString(c.YLabel))
	}
	step := hourStep(c.Hours)
	for hr := 0.0; hr <= c.Hours+1e-9; hr += step {
		fmt.Fprintf(&b, `<line class="axis" x1="%.1f" y1="%g" x2="%.1f" y2="%g"/>`, x(hr*60), bottom, x(hr*60), bottom+4)
		fmt.Fprintf(&b, `<text x="%.1f" y="%g" text-anchor="middle">%s h</text>`, x(hr*60), bottom+16, trim(hr))
	}
	for _, m := range c.Markers {
		if m.Min < 0 || m.Min > span {
			continue
		}
		fmt.Fprintf(&b, `<line class="marker" x1="%.1f" y1="%g" x2="%.1f" y2="%g" stroke="#5b6776" stroke-dasharray="4 3"/>`, x(m.Min), top, x(m.Min), bottom)
		anchor := "start"
		dx := 3.0
		if x(m.Min) > w*0.7 {
			anchor, dx = "end", -3
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%g" text-anchor="%s">%s</text>`, x(m.Min)+dx, top+24, anchor, html.EscapeString(m.Label))
	}
	for i, cv := range c.Curves {
		colour := palette[i%len(palette)]
		pts := make([]string, len(cv.Samples))
		for j, s := range cv.Samples {
			pts[j] = fmt.Sprintf("%.1f,%.1f", x(s.Min), y(s.Value))
		}
		fmt.Fprintf(&b, `<polyline class="series curve" stroke="%s" points="%s"/>`, colour, strings.Join(pts, " "))
		ly := bottom + axisGap + legendLine*float64(i)
		fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="%s" stroke-width="3"/>`, left, ly-4, left+18, ly-4, colour)
		fmt.Fprintf(&b, `<text x="%g" y="%g">%s</text>`, left+24, ly, html.EscapeString(cv.Name))
	}
	if c.PeakValue > 0 {
		px, py := x(c.PeakMin), y(c.PeakValue)
		fmt.Fprintf(&b, `<circle class="peak" cx="%.1f" cy="%.1f" r="4" fill="#D55E00"/>`, px, py)
		if c.PeakLabel != "" {
			anchor, dx := "start", 7.0
			if px > w*0.6 {
				anchor, dx = "end", -7
			}
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="%s">%s</text>`, px+dx, py+4, anchor, html.EscapeString(c.PeakLabel))
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// niceCeil rounds v up to a round number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten).
func niceCeil(v float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10} {
		if m*p >= v-1e-9 {
			return m * p
		}
	}
	return 10 * p
}

// hourStep spaces the time axis' ticks: about 4 to 12 of them.
func hourStep(hours float64) float64 {
	for _, s := range []float64{1, 2, 3, 4, 6, 12} {
		if hours/s <= 12 {
			return s
		}
	}
	return 24
}

func trim(v float64) string { return strings.TrimSuffix(fmt.Sprintf("%g", math.Round(v*10)/10), ".0") }
