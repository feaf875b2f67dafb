package report

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"
)

// pdfText inflates a PDF's content streams, so tests can look for text.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	var out strings.Builder
	re := regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)
	for _, m := range re.FindAllSubmatch(pdf, -1) {
		zr, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			out.Write(m[1]) // an uncompressed stream
			continue
		}
		b, _ := io.ReadAll(zr)
		out.Write(b)
	}
	return out.String()
}

func TestWriteOutcomes(t *testing.T) {
	t.Parallel()
	r := OutcomeReport{Clinic: "Test Clinic", Instrument: "PHQ-9", By: "route", Period: "all courses", Courses: 24,
		Generated: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), Times: []string{"24 h", "7 days"},
		Sections: []Section{{Title: "Responded (≤ 50% of baseline)", XLabel: "Days since T0", Ticks: []float64{0, 7, 14},
			Curves: []Curve{{Name: "iv", Steps: []Step{{1, 0.25, 0.1, 0.45}, {7, 0.6, 0.35, 0.8}}, AtRisk: []int{12, 5, 3}},
				{Name: "im", Steps: []Step{{3, 0.1, 0.02, 0.4}}, AtRisk: []int{12, 11, 10}}},
			Rows: []Row{{Name: "iv", N: 12, Events: 8, Median: "5.0 d", MedianCI: "2.0 d to not reached", At: []string{"25%", "60%"}},
				{Name: "im", N: 12, Events: 2, Median: "not reached", MedianCI: "–", At: []string{"0%", "10%"}}},
			LogRank: "Log-rank test: chi-square 4.10 on 1 df, p = 0.0429", LeftOut: []string{"2 no baseline"}}},
	}
	var a, b bytes.Buffer
	if err := WriteOutcomes(&a, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteOutcomes(&b, r); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(a.Bytes(), []byte("%PDF-")) || !bytes.Contains(a.Bytes(), []byte("%%EOF")) {
		t.Fatal("not a PDF")
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same report gave two different PDFs")
	}
	text := pdfText(t, a.Bytes())
	for _, want := range []string{"Test Clinic: outcomes on the PHQ-9", "<= 50% of baseline", "by 24 h", "2.0 d to not reached",
		"chi-square 4.10 on 1 df", "Left out: 2 no baseline", "page 1", "Number at risk"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	// The confidence bands: one shaded rectangle per step (fpdf "re ... f"),
	// drawn half-transparent.
	if n := strings.Count(text, " re f"); n < 3 {
		t.Errorf("%d shaded band rectangles, want one per step (3)", n)
	}
	if !strings.Contains(a.String(), "/ca 0.15") {
		t.Error("the bands are not drawn transparent")
	}
	// The numbers at risk, each under its tick.
	for _, n := range []string{"(12)", "(5)", "(11)", "(10)"} {
		if !strings.Contains(text, n) {
			t.Errorf("number at risk %s missing", n)
		}
	}
	// The en dash in "Kaplan–Meier" is translated for the core font, not dropped.
	if !strings.Contains(text, "Kaplan\x96Meier") {
		t.Error("en dash not encoded as cp1252")
	}
}
