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
			Curves: []Curve{{Name: "iv", Steps: []Step{{1, 0.25}, {7, 0.6}}}, {Name: "im", Steps: []Step{{3, 0.1}}}},
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
		"chi-square 4.10 on 1 df", "Left out: 2 no baseline", "page 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	// The en dash in "Kaplan–Meier" is translated for the core font, not dropped.
	if !strings.Contains(text, "Kaplan\x96Meier") {
		t.Error("en dash not encoded as cp1252")
	}
}
