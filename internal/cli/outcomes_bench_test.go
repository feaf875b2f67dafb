package cli

import (
	"bufio"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkStatsKMMillionCSV runs `onset stats km FILE --times 7,14,28
// --json` on a 1,000,000-row CSV in two groups (exponential times in days
// with two decimals, about 30% censored): parsing, both curves and the
// log-rank test, end to end.
func BenchmarkStatsKMMillionCSV(b *testing.B) {
	path := filepath.Join(b.TempDir(), "million.csv")
	if err := writeMillionCSVFile(path); err != nil {
		b.Fatal(err)
	}
	const rows = 1_000_000
	b.ReportAllocs()
	for b.Loop() {
		if code := Main(b.Context(), []string{"stats", "km", path, "--times", "7,14,28", "--json"}, strings.NewReader(""), io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/op")
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// writeMillionCSVFile writes the benchmarks' 1,000,000-row set: rows
// alternate between group 0 and 1, exponential times in days with two
// decimals (the second group's hazard 10% higher), about 30% censored.
// internal/outcomes's millionRows makes the same numbers; R's reference
// values for it are in internal/outcomes/testdata/cox_reference.json.
func writeMillionCSVFile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	w.WriteString("time,event,group\n")
	rng := rand.New(rand.NewPCG(1, 2))
	const rows = 1_000_000
	for i := range rows {
		g := i % 2
		t := rng.ExpFloat64() * 60 / (1 + 0.1*float64(g))
		ev := "0"
		if rng.Float64() < 0.7 {
			ev = "1"
		}
		w.WriteString(strconv.FormatFloat(t, 'f', 2, 64) + "," + ev + "," + strconv.Itoa(g) + "\n")
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
