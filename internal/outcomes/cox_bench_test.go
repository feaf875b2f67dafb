package outcomes

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

// millionRows is the 1,000,000-row set of the `onset stats km` benchmark
// (BenchmarkStatsKMMillionCSV in internal/cli, whose writeMillionCSV must
// stay in step with this): rows alternate between group 0 and 1,
// exponential times in days (the second group's hazard 10% higher) written
// with two decimals, about 30% censored. The times go through the same text
// as the CSV so they are the numbers R read.
func millionRows() (times []float64, events []bool, group []float64) {
	rng := rand.New(rand.NewPCG(1, 2))
	const rows = 1_000_000
	times = make([]float64, rows)
	events = make([]bool, rows)
	group = make([]float64, rows)
	var buf []byte
	for i := range rows {
		g := i % 2
		t := rng.ExpFloat64() * 60 / (1 + 0.1*float64(g))
		buf = strconv.AppendFloat(buf[:0], t, 'f', 2, 64)
		times[i], _ = strconv.ParseFloat(string(buf), 64)
		events[i] = rng.Float64() < 0.7
		group[i] = float64(g)
	}
	return times, events, group
}

// TestCoxMillionAgainstR fits group on the million rows and compares with
// R's coxph(Surv(time, event) ~ group, ties = "efron") on the same CSV.
func TestCoxMillionAgainstR(t *testing.T) {
	if testing.Short() {
		t.Skip("a million rows")
	}
	t.Parallel()
	ref := loadCoxReference(t)
	var want *coxRefFit
	for i := range ref.Fits {
		if ref.Fits[i].Name == "million_efron" {
			want = &ref.Fits[i]
		}
	}
	if want == nil {
		t.Fatal("cox_reference.json has no million_efron fit")
	}
	times, events, group := millionRows()
	fit, err := Cox(times, events, []CoxCovariate{{Name: "group", Values: group}}, CoxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkCoxFit(t, fit, *want)
}

func BenchmarkCoxMillion(b *testing.B) {
	times, events, group := millionRows()
	covs := []CoxCovariate{{Name: "group", Values: group}}
	for _, ties := range []CoxTies{Efron, Breslow} {
		b.Run(ties.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Cox(times, events, covs, CoxOptions{Ties: ties}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/op")
			b.ReportMetric(float64(len(times))*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
