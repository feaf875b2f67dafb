package report

import (
	"fmt"
	"math"

	"github.com/go-pdf/fpdf"
)

// ModelSection is the dashboard's "What goes with faster response here":
// the adjusted hazard ratios of a Cox model as a forest plot and a table,
// one sentence per factor, the warnings and the note on causation.
type ModelSection struct {
	Intro      string // the model: courses, events, ties, left out
	Rows       []ModelRow
	Statements []string
	Warnings   []string
	Causation  string
	Error      string // why there is no model (then only this and Causation)
}

// ModelRow is one coefficient: its label, the courses (events) of its
// level and reference, the hazard ratio with its 95% interval and p.
type ModelRow struct {
	Label, Levels, Ratio, P string
	HR, Lower, Upper        float64
}

func writeModel(pdf *fpdf.Fpdf, tr func(string) string, m ModelSection) {
	_, pageH := pdf.GetPageSize()
	if pdf.GetY() > pageH-40-8*float64(len(m.Rows)) {
		pdf.AddPage()
	}
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "B", 12)
	pdf.SetTextColor(0, 0, 0)
	pdf.CellFormat(0, 7, tr("What goes with faster response here"), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 9)
	if m.Error != "" {
		pdf.MultiCell(0, 5, tr(m.Error), "", "L", false)
	} else {
		pdf.MultiCell(0, 5, tr(m.Intro), "", "L", false)
		drawForest(pdf, tr, m.Rows)
		pdf.SetFont("Helvetica", "B", 8)
		widths := []float64{55, 65, 45, 25}
		for i, h := range []string{"Factor", "Courses (responses)", "Hazard ratio (95% CI)", "p"} {
			pdf.CellFormat(widths[i], 6, tr(h), "B", 0, "L", false, 0, "")
		}
		pdf.Ln(-1)
		pdf.SetFont("Helvetica", "", 8)
		for _, r := range m.Rows {
			for i, c := range []string{r.Label, r.Levels, r.Ratio, r.P} {
				pdf.CellFormat(widths[i], 5, tr(c), "", 0, "L", false, 0, "")
			}
			pdf.Ln(-1)
		}
		pdf.Ln(2)
		pdf.SetFont("Helvetica", "", 9)
		for _, s := range m.Statements {
			pdf.MultiCell(0, 5, tr("• "+s), "", "L", false)
		}
		pdf.SetTextColor(160, 60, 0)
		for _, w := range m.Warnings {
			pdf.MultiCell(0, 5, tr("Warning: "+w), "", "L", false)
		}
		pdf.SetTextColor(0, 0, 0)
	}
	pdf.SetFont("Helvetica", "B", 9)
	pdf.MultiCell(0, 5, tr("Not proof of cause. "+m.Causation), "", "L", false)
}

// drawForest draws the hazard ratios on a log axis from 1/8 to 8 (or
// narrower), a point and a whisker per row, with a line at 1.
func drawForest(pdf *fpdf.Fpdf, tr func(string) string, rows []ModelRow) {
	const left, width, rowH = 70.0, 100.0, 6.0
	lo, hi := 0.5, 2.0
	for _, r := range rows {
		for _, v := range []float64{r.HR, r.Lower, r.Upper} {
			if v > 0 && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	lo = math.Max(math.Pow(2, math.Floor(math.Log2(lo))), 1.0/8)
	hi = math.Min(math.Pow(2, math.Ceil(math.Log2(hi))), 8)
	x := func(v float64) float64 {
		v = math.Min(math.Max(v, lo), hi)
		return left + width*(math.Log(v)-math.Log(lo))/(math.Log(hi)-math.Log(lo))
	}
	top := pdf.GetY() + 2
	bottom := top + rowH*float64(len(rows))
	pdf.SetDrawColor(200, 200, 200)
	pdf.SetFont("Helvetica", "", 7)
	for v := lo; v <= hi*1.0001; v *= 2 {
		if v == 1 {
			pdf.SetDrawColor(0, 0, 0)
		}
		pdf.Line(x(v), top, x(v), bottom)
		pdf.SetDrawColor(200, 200, 200)
		pdf.Text(x(v)-2, bottom+4, tr(fmt.Sprintf("%g", v)))
	}
	c := palette[0]
	pdf.SetDrawColor(c[0], c[1], c[2])
	pdf.SetFillColor(c[0], c[1], c[2])
	pdf.SetLineWidth(0.5)
	for i, r := range rows {
		y := top + rowH*(float64(i)+0.5)
		pdf.SetFont("Helvetica", "", 8)
		pdf.Text(15, y+1, tr(r.Label))
		if !(r.HR > 0) || math.IsInf(r.HR, 0) {
			continue
		}
		l, u := r.Lower, r.Upper
		if !(l > 0) {
			l = lo
		}
		if !(u > 0) || math.IsInf(u, 0) {
			u = hi
		}
		pdf.Line(x(l), y, x(u), y)
		pdf.Rect(x(r.HR)-1, y-1, 2, 2, "F")
		pdf.Text(left+width+4, y+1, tr(r.Ratio))
	}
	pdf.SetLineWidth(0.2)
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetFont("Helvetica", "", 7)
	pdf.Text(left, bottom+8, tr("Hazard ratio (log scale): below 1 slower, above 1 faster response, other factors equal"))
	pdf.SetY(bottom + 11)
}
