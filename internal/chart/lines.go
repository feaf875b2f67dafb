// Package chart draws small SVG charts for Onset's pages. Output is plain
// SVG text with every label escaped, checked against golden files.
package chart

import (
	"fmt"
	"html"
	"math"
	"strings"
	"time"
)

// Point is one observation.
type Point struct {
	At    time.Time
	Value float64
}

// Series is one line.
type Series struct {
	Name   string
	Points []Point // in time order
}

// palette has colours distinguishable with common colour-vision deficiencies
// (Okabe–Ito).
var palette = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"}

// Lines draws series over time on one y scale from 0 to yMax.
func Lines(title string, series []Series, yMax float64) string {
	const w, h, left, right, top, bottom = 640.0, 240.0, 40.0, 120.0, 16.0, 28.0
	var t0, t1 time.Time
	for _, s := range series {
		for _, p := range s.Points {
			if t0.IsZero() || p.At.Before(t0) {
				t0 = p.At
			}
			if p.At.After(t1) {
				t1 = p.At
			}
		}
	}
	if t0.IsZero() || yMax <= 0 {
		return ""
	}
	span := t1.Sub(t0).Seconds()
	if span == 0 {
		span = 1
	}
	x := func(t time.Time) float64 { return left + (w-left-right)*t.Sub(t0).Seconds()/span }
	y := func(v float64) float64 { return top + (h-top-bottom)*(1-math.Min(v, yMax)/yMax) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %g %g" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, w, h, html.EscapeString(title))
	fmt.Fprintf(&b, `<title>%s</title>`, html.EscapeString(title))
	fmt.Fprintf(&b, `<line class="axis" x1="%g" y1="%g" x2="%g" y2="%g"/>`, left, h-bottom, w-right, h-bottom)
	fmt.Fprintf(&b, `<line class="axis" x1="%g" y1="%g" x2="%g" y2="%g"/>`, left, top, left, h-bottom)
	for _, v := range []float64{0, yMax / 2, yMax} {
		fmt.Fprintf(&b, `<text x="%g" y="%.1f" text-anchor="end">%g</text>`, left-6, y(v)+4, v)
	}
	fmt.Fprintf(&b, `<text x="%g" y="%g">%s</text>`, left, h-8, t0.Format("2006-01-02"))
	fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="end">%s</text>`, w-right, h-8, t1.Format("2006-01-02"))
	for i, s := range series {
		colour := palette[i%len(palette)]
		pts := make([]string, len(s.Points))
		for j, p := range s.Points {
			pts[j] = fmt.Sprintf("%.1f,%.1f", x(p.At), y(p.Value))
		}
		fmt.Fprintf(&b, `<polyline class="series" stroke="%s" points="%s"/>`, colour, strings.Join(pts, " "))
		fmt.Fprintf(&b, `<text x="%g" y="%g" fill="%s">%s</text>`, w-right+8, top+12+16*float64(i), colour, html.EscapeString(s.Name))
	}
	b.WriteString(`</svg>`)
	return b.String()
}
