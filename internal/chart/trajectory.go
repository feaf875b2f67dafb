package chart

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// SeverityBand is a shaded range of totals, e.g. PHQ-9 10–14 "moderate".
type SeverityBand struct {
	Min, Max float64
	Label    string
}

// ScorePoint is one score on a day axis (days from T0).
type ScorePoint struct {
	Day   float64
	Value float64
	Label string // tooltip
}

// SessionMark is one treatment session on the day axis.
type SessionMark struct {
	Day   float64
	Label string // tooltip, e.g. "IV 35 mg"
}

// TrajectoryChart is a course's scores over days from T0, with its
// severity bands shaded, sessions as markers along the bottom, and the
// response (50% of baseline) and remission thresholds as dashed lines.
type TrajectoryChart struct {
	Title                     string
	YMax                      float64 // the instrument's maximum total
	Bands                     []SeverityBand
	Points                    []ScorePoint // in day order
	Sessions                  []SessionMark
	Expected                  []ExpectedBin // the clinic's spread for patients like this one; may be empty
	Response                  float64       // threshold line; drawn when HasResponse
	Remission                 float64       // drawn when HasRemission
	HasResponse, HasRemission bool
	// Compact draws for a phone: a narrower chart with fewer day ticks,
	// larger text and points, and the severity bands named inside the
	// plot rather than beside it.
	Compact bool
}

// ExpectedBin is how earlier patients at the clinic scored over a range of
// days since T0, as totals: the 10th–90th and 25th–75th percentiles and
// the median.
type ExpectedBin struct {
	From, To                float64
	P10, P25, P50, P75, P90 float64
}

// bandShades go from light to dark grey-blue with severity; the band
// labels carry the meaning, so colour is not needed to read them.
var bandShades = []string{"#f3f6f9", "#e6edf3", "#d8e2ec", "#cad6e3", "#bccbd9"}

// SVG draws the chart; "" when there are no points.
func (c TrajectoryChart) SVG() string {
	if len(c.Points) == 0 || c.YMax <= 0 {
		return ""
	}
	w, h, left, right, top, bottom, maxTicks, r, class := 640.0, 260.0, 40.0, 130.0, 14.0, 44.0, 10.0, 3.5, "chart trajectory"
	tickGap := 16.0
	if c.Compact {
		w, h, left, right, bottom, maxTicks, r, class = 360.0, 280.0, 34.0, 8.0, 50.0, 5.0, 5.0, "chart trajectory compact"
		tickGap = 20
	}
	d0, d1 := math.Min(0, c.Points[0].Day), 1.0
	for _, p := range c.Points {
		d0, d1 = math.Min(d0, p.Day), math.Max(d1, p.Day)
	}
	for _, s := range c.Sessions {
		d0, d1 = math.Min(d0, s.Day), math.Max(d1, s.Day)
	}
	d0, d1 = math.Floor(d0), math.Ceil(d1)
	x := func(d float64) float64 { return left + (w-left-right)*(d-d0)/(d1-d0) }
	y := func(v float64) float64 {
		return top + (h-top-bottom)*(1-math.Max(0, math.Min(v, c.YMax))/c.YMax)
	}
	f := func(v float64) string { return fmt.Sprintf("%.1f", v) }
	var b strings.Builder
	title := html.EscapeString(c.Title)
	fmt.Fprintf(&b, `<svg class="%s" viewBox="0 0 %g %g" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, class, w, h, title)
	fmt.Fprintf(&b, `<title>%s</title>`, title)
	for i, band := range c.Bands {
		// Bands are whole-number ranges: a band covers Min−0.5 to Max+0.5.
		lo, hi := math.Max(0, band.Min-0.5), math.Min(c.YMax, band.Max+0.5)
		fmt.Fprintf(&b, `<rect class="band" x="%g" y="%s" width="%g" height="%s" fill="%s"/>`,
			left, f(y(hi)), w-left-right, f(y(lo)-y(hi)), bandShades[min(i, len(bandShades)-1)])
		if c.Compact {
			fmt.Fprintf(&b, `<text class="band-label" x="%g" y="%s" text-anchor="end">%s</text>`, w-right-4, f(y(hi)+14), html.EscapeString(band.Label))
		} else {
			fmt.Fprintf(&b, `<text class="band-label" x="%g" y="%s">%s</text>`, w-right+6, f((y(lo)+y(hi))/2+4), html.EscapeString(band.Label))
		}
	}
	for _, e := range c.Expected {
		x0, x1 := x(math.Max(e.From, d0)), x(math.Min(e.To, d1))
		if x1 <= x0 {
			continue
		}
		fmt.Fprintf(&b, `<rect class="expected-outer" x="%s" y="%s" width="%s" height="%s" fill="#7fb3d5" fill-opacity="0.25"/>`,
			f(x0), f(y(e.P90)), f(x1-x0), f(y(e.P10)-y(e.P90)))
		fmt.Fprintf(&b, `<rect class="expected-inner" x="%s" y="%s" width="%s" height="%s" fill="#2e86c1" fill-opacity="0.3"/>`,
			f(x0), f(y(e.P75)), f(x1-x0), f(y(e.P25)-y(e.P75)))
		fmt.Fprintf(&b, `<line class="expected-median" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#1b4f72" stroke-dasharray="2 2"/>`,
			f(x0), f(y(e.P50)), f(x1), f(y(e.P50)))
	}
	fmt.Fprintf(&b, `<line class="axis" x1="%g" y1="%g" x2="%g" y2="%g"/>`, left, h-bottom, w-right, h-bottom)
	fmt.Fprintf(&b, `<line class="axis" x1="%g" y1="%g" x2="%g" y2="%g"/>`, left, top, left, h-bottom)
	for _, v := range []float64{0, math.Round(c.YMax / 2), c.YMax} {
		fmt.Fprintf(&b, `<text x="%g" y="%s" text-anchor="end">%g</text>`, left-6, f(y(v)+4), v)
	}
	step := dayStep(d1-d0, maxTicks)
	for d := math.Ceil(d0/step) * step; d <= d1; d += step {
		fmt.Fprintf(&b, `<line class="tick" x1="%s" y1="%g" x2="%s" y2="%g"/>`, f(x(d)), h-bottom, f(x(d)), h-bottom+4)
		fmt.Fprintf(&b, `<text x="%s" y="%g" text-anchor="middle">%g</text>`, f(x(d)), h-bottom+tickGap, d+0) // +0 turns -0 into 0
	}
	fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="middle">days from the first session</text>`, left+(w-left-right)/2, h-4)
	if d0 < 0 {
		fmt.Fprintf(&b, `<line class="t0" x1="%s" y1="%g" x2="%s" y2="%g"/>`, f(x(0)), top, f(x(0)), h-bottom)
	}
	threshold := func(class string, v float64, label string) {
		fmt.Fprintf(&b, `<line class="%s" x1="%g" y1="%s" x2="%g" y2="%s"/>`, class, left, f(y(v)), w-right, f(y(v)))
		fmt.Fprintf(&b, `<text class="%s-label" x="%g" y="%s">%s</text>`, class, left+4, f(y(v)-3), html.EscapeString(label))
	}
	if c.HasResponse {
		threshold("response", c.Response, fmt.Sprintf("response ≤ %g (50%% of baseline)", c.Response))
	}
	if c.HasRemission {
		threshold("remission", c.Remission, fmt.Sprintf("remission ≤ %g", c.Remission))
	}
	for _, s := range c.Sessions {
		sx := x(s.Day)
		fmt.Fprintf(&b, `<path class="session" d="M%s %g l-4 8 h8 z"><title>%s</title></path>`,
			f(sx), h-bottom+20, html.EscapeString(s.Label))
	}
	pts := make([]string, len(c.Points))
	for i, p := range c.Points {
		pts[i] = f(x(p.Day)) + "," + f(y(p.Value))
	}
	fmt.Fprintf(&b, `<polyline class="series" stroke="%s" points="%s"/>`, palette[0], strings.Join(pts, " "))
	for _, p := range c.Points {
		fmt.Fprintf(&b, `<circle class="point" cx="%s" cy="%s" r="%g" fill="%s"><title>%s</title></circle>`,
			f(x(p.Day)), f(y(p.Value)), r, palette[0], html.EscapeString(p.Label))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// dayStep picks a tick spacing that gives at most maxTicks ticks.
func dayStep(span, maxTicks float64) float64 {
	for _, s := range []float64{1, 2, 7, 14, 28, 56, 91, 182, 364} {
		if span/s <= maxTicks {
			return s
		}
	}
	return 728
}
