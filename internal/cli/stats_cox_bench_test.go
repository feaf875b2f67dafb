package cli

import (
	"flag"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

var millionCSV = flag.String("million-csv", "", "TestWriteMillionCSV writes the 1,000,000-row benchmark set to this file")

// TestWriteMillionCSV writes the million-row set for R to read (see
// internal/outcomes/testdata/cox_reference.R): go test ./internal/cli -run
// TestWriteMillionCSV -million-csv=million.csv
func TestWriteMillionCSV(t *testing.T) {
	if *millionCSV == "" {
		t.Skip("no -million-csv=FILE")
	}
	if err := writeMillionCSVFile(*millionCSV); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkStatsCoxMillionCSV runs `onset stats cox FILE --covariates
// group --json` on the million-row set: reading the CSV, the Efron fit, its
// tests, concordance and cox.zph, end to end.
func BenchmarkStatsCoxMillionCSV(b *testing.B) {
	path := filepath.Join(b.TempDir(), "million.csv")
	if err := writeMillionCSVFile(path); err != nil {
		b.Fatal(err)
	}
	const rows = 1_000_000
	b.ReportAllocs()
	for b.Loop() {
		if code := Main(b.Context(), []string{"stats", "cox", path, "--covariates", "group", "--json"}, strings.NewReader(""), io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/op")
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
