package outcomes

import (
	"math"
	"math/rand/v2"
	"testing"
)

// million builds two groups of 500,000 with exponential times, about 30%
// censored; the second group's hazard is 10% higher. Rounded to whole days
// there are many ties and few steps; unrounded every time is its own step.
func million(rounded bool) [][]Observation {
	rng := rand.New(rand.NewPCG(1, 2))
	groups := make([][]Observation, 2)
	for g := range groups {
		groups[g] = make([]Observation, 500_000)
		for i := range groups[g] {
			days := rng.ExpFloat64() * 60 / (1 + 0.1*float64(g))
			if rounded {
				days = math.Floor(days)
			}
			groups[g][i] = Observation{Time: days, Event: rng.Float64() < 0.7}
		}
	}
	return groups
}

var benchShapes = []struct {
	name    string
	rounded bool
}{{"days", true}, {"continuous", false}}

func BenchmarkKaplanMeierMillion(b *testing.B) {
	for _, shape := range benchShapes {
		b.Run(shape.name, func(b *testing.B) {
			groups := million(shape.rounded)
			all := append(groups[0], groups[1]...)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := KaplanMeier(all, DefaultConfLevel); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(all)), "ns/row")
		})
	}
}

func BenchmarkLogRankMillion(b *testing.B) {
	for _, shape := range benchShapes {
		b.Run(shape.name, func(b *testing.B) {
			groups := million(shape.rounded)
			b.ReportAllocs()
			var r LogRankResult
			for b.Loop() {
				var err error
				if r, err = LogRank(groups); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ns/row")
			b.ReportMetric(r.ChiSq, "chisq")
		})
	}
}

// On a million rows the sums must still balance: Σ(O−E) = 0 up to
// round-off, and E sums to the number of events.
func TestLogRankMillionStable(t *testing.T) {
	if testing.Short() {
		t.Skip("a million rows")
	}
	t.Parallel()
	groups := million(true)
	r, err := LogRank(groups)
	if err != nil {
		t.Fatal(err)
	}
	obs := float64(r.Observed[0] + r.Observed[1])
	if d := r.Expected[0] + r.Expected[1] - obs; math.Abs(d) > 1e-6 {
		t.Errorf("ΣE − ΣO = %g", d)
	}
	if r.ChiSq < 100 || r.P > 1e-20 {
		t.Errorf("a 10%% hazard difference on a million rows went unseen: %+v", r)
	}
	c, err := KaplanMeier(append(groups[0], groups[1]...), DefaultConfLevel)
	if err != nil {
		t.Fatal(err)
	}
	if c.N != 1_000_000 || math.IsNaN(c.Median.Estimate) || c.Median.Lower > c.Median.Estimate || c.Median.Upper < c.Median.Estimate {
		t.Errorf("median %+v", c.Median)
	}
}
