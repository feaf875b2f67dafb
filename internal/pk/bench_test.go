package pk

import "testing"

func benchRegimen(b *testing.B, doses ...Dose) Regimen {
	b.Helper()
	return mustRegimen(b, Clements(70), doses...)
}

// inductionSeries is 6 infusions of 0.5 mg/kg over 40 min, Mon/Wed/Fri for
// two weeks (Murrough 2013's schedule, clinical-reference §0).
func inductionSeries(b *testing.B) Regimen {
	var doses []Dose
	for _, day := range []float64{0, 2, 4, 7, 9, 11} {
		doses = append(doses, Dose{Route: IV, Mg: 35, StartMin: day * 1440, DurationMin: 40})
	}
	return benchRegimen(b, doses...)
}

// One 12-hour curve at 1-minute steps (721 points), the CLI's default.
func BenchmarkPKCurve12h(b *testing.B) {
	r := benchRegimen(b, Dose{Route: IV, Mg: 35, DurationMin: 40})
	var n int
	for b.Loop() {
		n += len(r.Curve(12, 1))
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/point")
}

// The whole induction series as a curve: 13 days at 1-minute steps.
func BenchmarkPKInductionSeriesCurve(b *testing.B) {
	r := inductionSeries(b)
	var n int
	for b.Loop() {
		n += len(r.Curve(13*24, 1))
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/point")
}

// The induction series' summary: building the regimen, then Cmax, Tmax,
// AUC and the 5%-of-peak time over the whole course.
func BenchmarkPKInductionSeriesSummary(b *testing.B) {
	for b.Loop() {
		_ = inductionSeries(b).Summary()
	}
}

// 1,000,000 concentration points of an oral dose (absorption is the most
// expensive closed form).
func BenchmarkPKMillionPoints(b *testing.B) {
	r := benchRegimen(b, Dose{Route: Oral, Mg: 150})
	var sink float64
	for b.Loop() {
		for i := range 1_000_000 {
			sink += r.Concentration(float64(i) * 0.01)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ns/point")
	_ = sink
}
