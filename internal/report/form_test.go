package report

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestWriteForm(t *testing.T) {
	t.Parallel()
	doc := FormDoc{Title: "Spravato REMS Patient Monitoring Form", Subtitle: "Pat Example, born 1980-02-03",
		Lines: []string{"Status: ready"}, Fields: []Field{{"Dose", "56 mg"}, {"Lot number", ""}, {"Blood pressure before dosing", "128/80"}},
		Footer: "Submit within 7 days", Generated: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	var a, b bytes.Buffer
	if err := WriteForm(&a, doc); err != nil {
		t.Fatal(err)
	}
	if err := WriteForm(&b, doc); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(a.Bytes(), []byte("%PDF-")) || !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("not a stable PDF")
	}
	text := pdfText(t, a.Bytes())
	for _, want := range []string{"Spravato REMS Patient Monitoring Form", "Pat Example", "56 mg", "128/80", "____________", "Submit within 7 days"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}
