package chart

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// ForestRow is one hazard ratio of a forest plot with its confidence
// interval, and the text beside it (courses and events, the ratio).
type ForestRow struct {
	Label, Detail    string
	HR, Lower, Upper float64
}

// Forest draws hazard ratios with their confidence intervals on a log
// scale, one row each, with a line at 1 (no difference): a point and a
// whisker per row, the label on the left and the detail on the right.
// Bounds that are not finite are drawn to the plot's edge with an arrow.
func Forest(title string, rows []ForestRow) string {
	if len(rows) == 0 {
		return ""
	}
	const w, left, right, top, rowH = 640.0, 210.0, 150.0, 10.0, 24.0
	plotW := w - left - right
	bottom := top + rowH*float64(len(rows))
	h := bottom + 44
	// The scale: powers of two around every finite value, at least 0.5 to 2
	// and at most 1/8 to 8 (wider intervals end in an arrow).
	lo, hi := 0.5, 2.0
	for _, r := range rows {
		for _, v := range []float64{r.HR, r.Lower, r.Upper} {
			if v > 0 && !math.IsInf(v, 0) && !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	lo = math.Max(math.Pow(2, math.Floor(math.Log2(lo))), 1.0/8)
	hi = math.Min(math.Pow(2, math.Ceil(math.Log2(hi))), 8)
	x := func(v float64) float64 {
		v = math.Min(math.Max(v, lo), hi)
		return left + plotW*(math.Log(v)-math.Log(lo))/(math.Log(hi)-math.Log(lo))
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart forest" viewBox="0 0 %g %g" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, w, h, html.EscapeString(title))
	fmt.Fprintf(&b, `<title>%s</title>`, html.EscapeString(title))
	for v := lo; v <= hi*1.0001; v *= 2 {
		class := "grid"
		if v == 1 {
			class = "axis"
		}
		fmt.Fprintf(&b, `<line class="%s" x1="%.1f" y1="%g" x2="%.1f" y2="%g"/>`, class, x(v), top, x(v), bottom)
		fmt.Fprintf(&b, `<text x="%.1f" y="%g" text-anchor="middle">%s</text>`, x(v), bottom+16, trimRatio(v))
	}
	fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="middle">Hazard ratio (log scale): &lt; 1 slower, &gt; 1 faster</text>`, left+plotW/2, bottom+34)
	for i, r := range rows {
		yy := top + rowH*(float64(i)+0.5)
		fmt.Fprintf(&b, `<g class="forest-row"><title>%s: %s</title>`, html.EscapeString(r.Label), html.EscapeString(r.Detail))
		fmt.Fprintf(&b, `<text x="4" y="%.1f">%s</text>`, yy+4, html.EscapeString(truncate(r.Label, 30)))
		if !(r.HR > 0) || math.IsInf(r.HR, 0) {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">not estimable</text></g>`, left+plotW/2, yy+4)
			continue
		}
		l, u := r.Lower, r.Upper
		if !(l > 0) {
			l = lo
		}
		if !(u > 0) || math.IsInf(u, 0) {
			u = hi
		}
		fmt.Fprintf(&b, `<line class="whisker" stroke="%s" stroke-width="2" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`, palette[0], x(l), yy, x(u), yy)
		if l < lo || r.Lower < lo {
			fmt.Fprintf(&b, `<path fill="%s" d="M%.1f %.1fl6 -4v8z"/>`, palette[0], x(lo), yy)
		}
		if u > hi || r.Upper > hi || math.IsInf(r.Upper, 0) {
			fmt.Fprintf(&b, `<path fill="%s" d="M%.1f %.1fl-6 -4v8z"/>`, palette[0], x(hi), yy)
		}
		fmt.Fprintf(&b, `<rect class="point" fill="%s" x="%.1f" y="%.1f" width="8" height="8"/>`, palette[0], x(r.HR)-4, yy-4)
		fmt.Fprintf(&b, `<text x="%g" y="%.1f">%s</text></g>`, w-right+8, yy+4, html.EscapeString(truncate(r.Detail, 26)))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// trimRatio writes a tick of the log scale: 0.25, 0.5, 1, 2, 4.
func trimRatio(v float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.4f", v), "0"), ".")
}
