package scales

import "testing"

func BenchmarkScaleScore(b *testing.B) {
	answers := map[string][]int{
		PHQ9:  {1, 2, 3, 0, 1, 2, 3, 0, 1},
		QIDS:  {1, 3, 0, 2, 2, 1, S, 2, 0, 1, 0, 1, 2, 3, 1, 2},
		PCL5:  repeat(2, 20),
		CSSRS: {1, 1, 1, 0, 0, 0},
	}
	for id, a := range answers {
		b.Run(id, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				if _, err := Score(id, a); err != nil {
					b.Fatal(err)
				}
				n++
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "scores/s")
		})
	}
}

func BenchmarkScaleParseAnswers(b *testing.B) {
	const s = "0,1,2,3,0,1,2,3,0,1,2,3,0,1,2,3,0,1,2,3,0,1,2"
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		if _, err := ParseAnswers(s); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "parses/s")
}
