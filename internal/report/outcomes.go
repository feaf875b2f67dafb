package report

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

// OutcomeReport is the clinic outcome report: what the outcomes dashboard
// shows, on paper.
type OutcomeReport struct {
	Clinic     string
	Instrument string // e.g. "PHQ-9"
	By         string // the stratum factor, "" for all courses together
	Period     string // e.g. "all courses" or "2026-01-01 to 2026-06-30"
	Courses    int
	Generated  time.Time
	Times      []string // headings of the cumulative columns, e.g. "24 h"
	// Notes follow the introduction: how the "by" columns are read (their
	// visit windows), the minimum baseline.
	Notes    []string
	Sections []Section
	// Model is "What goes with faster response here" (outcomes_model.go); nil: none.
	Model *ModelSection
}

// Section is one event: its curves and the table under them.
type Section struct {
	Title   string
	XLabel  string
	Ticks   []float64 // x axis ticks in days; the last is the axis end
	Curves  []Curve
	Rows    []Row
	LogRank string
	LeftOut []string
}

// Curve is one stratum's cumulative share with the event, as steps, and
// its numbers at risk at the section's ticks.
type Curve struct {
	Name   string
	Steps  []Step
	AtRisk []int // one per tick; nil draws no row
}

// Step is the cumulative share (0–1) from time T (days) on, with its 95%
// confidence interval Lo–Hi (NaN when there is none).
type Step struct{ T, V, Lo, Hi float64 }

// Row is one stratum's line of the table.
type Row struct {
	Name             string
	N, Events        int
	Median, MedianCI string
	At               []string
}

// cp1252 returns a translator for the core fonts' code page. Characters
// it lacks are spelled out first rather than printed as "?".
func cp1252(pdf *fpdf.Fpdf) func(string) string {
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	spell := strings.NewReplacer("≤", "<=", "≥", ">=", "−", "-", "→", "->")
	return func(s string) string { return tr(spell.Replace(s)) }
}

// palette matches the web charts (Okabe–Ito, readable in greyscale print).
var palette = [][3]int{{0, 114, 178}, {213, 94, 0}, {0, 158, 115}, {204, 121, 167}, {230, 159, 0}, {86, 180, 233}}

// WriteOutcomes writes the report as an A4 PDF.
func WriteOutcomes(w io.Writer, r OutcomeReport) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCatalogSort(true) // the same report gives the same bytes
	pdf.SetCreationDate(r.Generated)
	pdf.SetModificationDate(r.Generated)
	pdf.SetTitle("Onset outcome report", true)
	pdf.SetAutoPageBreak(true, 15)
	tr := cp1252(pdf)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "", 8)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(0, 5, tr(fmt.Sprintf("%s · %s outcome report · generated %s UTC · page %d",
			r.Clinic, r.Instrument, r.Generated.UTC().Format("2006-01-02 15:04"), pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 16)
	pdf.CellFormat(0, 9, tr(r.Clinic+": outcomes on the "+r.Instrument), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 10)
	by := "all courses together"
	if r.By != "" {
		by = "by " + r.By
	}
	pdf.MultiCell(0, 5, tr(fmt.Sprintf("%d courses (%s), %s. Kaplan–Meier estimates of the cumulative share of courses "+
		"with each event, with 95%% confidence intervals (Greenwood, log scale); response is the first follow-up at or "+
		"below 50%% of baseline. Time counts from the first treatment (T0).", r.Courses, r.Period, by)), "", "L", false)
	for _, n := range r.Notes {
		pdf.MultiCell(0, 5, tr(n), "", "L", false)
	}
	for _, s := range r.Sections {
		writeSection(pdf, tr, s, r.Times)
	}
	if r.Model != nil {
		writeModel(pdf, tr, *r.Model)
	}
	return pdf.Output(w)
}

func writeSection(pdf *fpdf.Fpdf, tr func(string) string, s Section, times []string) {
	_, pageH := pdf.GetPageSize()
	if pdf.GetY() > pageH-130 {
		pdf.AddPage()
	}
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "B", 12)
	pdf.SetTextColor(0, 0, 0)
	pdf.CellFormat(0, 7, tr(s.Title), "", 1, "L", false, 0, "")
	drawCurves(pdf, tr, s)
	// The table: stratum, n, events, median (CI), cumulative % at each time.
	pdf.SetFont("Helvetica", "B", 8)
	widths := []float64{28, 9, 12, 50}
	heads := []string{"Group", "n", "events", "median (95% CI)"}
	rest := (190 - 99) / math.Max(1, float64(len(times)))
	for _, t := range times {
		widths, heads = append(widths, rest), append(heads, "by "+t)
	}
	for i, h := range heads {
		pdf.CellFormat(widths[i], 6, tr(h), "B", 0, "L", false, 0, "")
	}
	pdf.Ln(-1)
	pdf.SetFont("Helvetica", "", 8)
	for i, row := range s.Rows {
		c := palette[i%len(palette)]
		pdf.SetTextColor(c[0], c[1], c[2])
		pdf.CellFormat(widths[0], 5, tr(row.Name), "", 0, "L", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
		cells := []string{fmt.Sprint(row.N), fmt.Sprint(row.Events), row.Median + " (" + row.MedianCI + ")"}
		cells = append(cells, row.At...)
		for j, cell := range cells {
			pdf.CellFormat(widths[j+1], 5, tr(cell), "", 0, "L", false, 0, "")
		}
		pdf.Ln(-1)
	}
	pdf.SetFont("Helvetica", "", 8)
	if s.LogRank != "" {
		pdf.CellFormat(0, 5, tr(s.LogRank), "", 1, "L", false, 0, "")
	}
	if len(s.LeftOut) > 0 {
		left := "Left out: "
		for i, l := range s.LeftOut {
			if i > 0 {
				left += ", "
			}
			left += l
		}
		pdf.MultiCell(0, 4, tr(left), "", "L", false)
	}
}

// drawCurves draws the step curves on a 0–100% axis.
func drawCurves(pdf *fpdf.Fpdf, tr func(string) string, s Section) {
	const left, width, height = 25.0, 150.0, 55.0
	top := pdf.GetY() + 2
	if len(s.Ticks) == 0 {
		return
	}
	xMax := s.Ticks[len(s.Ticks)-1]
	x := func(t float64) float64 { return left + width*math.Min(t, xMax)/xMax }
	y := func(v float64) float64 { return top + height*(1-v) }
	pdf.SetDrawColor(150, 150, 150)
	pdf.SetLineWidth(0.2)
	pdf.Line(left, top, left, top+height)
	pdf.Line(left, top+height, left+width, top+height)
	pdf.SetFont("Helvetica", "", 7)
	pdf.SetTextColor(90, 90, 90)
	for _, v := range []float64{0, 0.25, 0.5, 0.75, 1} {
		pdf.SetXY(left-12, y(v)-2)
		pdf.CellFormat(10, 4, fmt.Sprintf("%.0f%%", 100*v), "", 0, "R", false, 0, "")
	}
	for _, t := range s.Ticks {
		pdf.SetXY(x(t)-6, top+height+1)
		pdf.CellFormat(12, 4, fmt.Sprintf("%g", t), "", 0, "C", false, 0, "")
	}
	pdf.SetXY(left, top+height+5)
	pdf.CellFormat(width, 4, tr(s.XLabel), "", 0, "C", false, 0, "")
	// The confidence intervals, shaded under the lines as on the dashboard.
	pdf.SetAlpha(0.15, "Normal")
	for i, c := range s.Curves {
		col := palette[i%len(palette)]
		pdf.SetFillColor(col[0], col[1], col[2])
		for j, st := range c.Steps {
			end := xMax
			if j+1 < len(c.Steps) {
				end = math.Min(c.Steps[j+1].T, xMax)
			}
			if st.T >= xMax || math.IsNaN(st.Lo) || math.IsNaN(st.Hi) || end <= st.T {
				continue
			}
			pdf.Rect(x(st.T), y(st.Hi), x(end)-x(st.T), y(st.Lo)-y(st.Hi), "F")
		}
	}
	pdf.SetAlpha(1, "Normal")
	pdf.SetLineWidth(0.5)
	for i, c := range s.Curves {
		col := palette[i%len(palette)]
		pdf.SetDrawColor(col[0], col[1], col[2])
		prevT, prevV := 0.0, 0.0
		for _, st := range c.Steps {
			if st.T > xMax {
				break
			}
			pdf.Line(x(prevT), y(prevV), x(st.T), y(prevV)) // flat until the step
			pdf.Line(x(st.T), y(prevV), x(st.T), y(st.V))   // the step up
			prevT, prevV = st.T, st.V
		}
		pdf.Line(x(prevT), y(prevV), x(xMax), y(prevV))
		pdf.SetTextColor(col[0], col[1], col[2])
		pdf.SetXY(left+width+2, top+4*float64(i))
		pdf.CellFormat(25, 4, tr(c.Name), "", 0, "L", false, 0, "")
	}
	pdf.SetTextColor(0, 0, 0)
	pdf.SetY(top + height + 11)
	drawAtRisk(pdf, tr, s, x)
}

// drawAtRisk writes the numbers at risk under the axis: a row per curve,
// each number under its tick.
func drawAtRisk(pdf *fpdf.Fpdf, tr func(string) string, s Section, x func(float64) float64) {
	if len(s.Curves) == 0 || len(s.Curves[0].AtRisk) == 0 {
		return
	}
	y := pdf.GetY()
	pdf.SetFont("Helvetica", "B", 7)
	pdf.SetXY(5, y)
	pdf.CellFormat(40, 4, tr("Number at risk"), "", 0, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 7)
	for i, c := range s.Curves {
		y += 3.5
		col := palette[i%len(palette)]
		pdf.SetTextColor(col[0], col[1], col[2])
		pdf.SetXY(5, y)
		pdf.CellFormat(15, 4, tr(c.Name), "", 0, "L", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
		for j, t := range s.Ticks {
			if j < len(c.AtRisk) {
				pdf.SetXY(x(t)-6, y)
				pdf.CellFormat(12, 4, fmt.Sprint(c.AtRisk[j]), "", 0, "C", false, 0, "")
			}
		}
	}
	pdf.SetY(y + 6)
}
