package report

import (
	"io"
	"time"

	"github.com/go-pdf/fpdf"
)

// FormDoc is a filled-in form: a title, who it is about, and its fields.
type FormDoc struct {
	Title     string
	Subtitle  string   // e.g. the patient and the session
	Lines     []string // status lines under the subtitle
	Fields    []Field
	Footer    string
	Generated time.Time
}

// Field is one question and its answer; an empty answer prints as a gap
// to fill in by hand.
type Field struct{ Label, Value string }

// WriteForm writes doc as an A4 PDF, one field a row.
func WriteForm(w io.Writer, doc FormDoc) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(doc.Generated)
	pdf.SetModificationDate(doc.Generated)
	pdf.SetTitle(doc.Title, true)
	tr := cp1252(pdf)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "", 8)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(0, 5, tr(doc.Footer), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 15)
	pdf.MultiCell(0, 8, tr(doc.Title), "", "L", false)
	pdf.SetFont("Helvetica", "", 10)
	pdf.MultiCell(0, 6, tr(doc.Subtitle), "", "L", false)
	for _, l := range doc.Lines {
		pdf.MultiCell(0, 5, tr(l), "", "L", false)
	}
	pdf.Ln(3)
	for _, f := range doc.Fields {
		value := f.Value
		if value == "" {
			value = "____________"
		}
		y := pdf.GetY()
		pdf.SetFont("Helvetica", "", 10)
		pdf.MultiCell(120, 6, tr(f.Label), "B", "L", false)
		h := pdf.GetY() - y
		pdf.SetXY(130, y)
		pdf.SetFont("Helvetica", "B", 10)
		pdf.CellFormat(70, h, tr(value), "B", 1, "L", false, 0, "")
	}
	return pdf.Output(w)
}
