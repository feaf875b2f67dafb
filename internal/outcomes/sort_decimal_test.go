package outcomes

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// TestDecimalSort: times read from decimal text are counting-sorted, in
// order, equal times in their first order, each time the very value read;
// times that are not short decimals or span too wide a range are left to
// the radix sort untouched.
func TestDecimalSort(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 8))
	parsed := func(n int, text func(i int) string) []float64 {
		v := make([]float64, n)
		for i := range v {
			f, err := strconv.ParseFloat(text(i), 64)
			if err != nil {
				t.Fatal(err)
			}
			v[i] = f
		}
		return v
	}
	cases := []struct {
		name  string
		times []float64
		ok    bool
	}{
		{"whole days", parsed(5000, func(int) string { return strconv.Itoa(rng.IntN(400)) }), true},
		{"days with two decimals", parsed(20000, func(int) string { return strconv.FormatFloat(rng.ExpFloat64()*30, 'f', 2, 64) }), true},
		{"hours with three decimals from 0", parsed(9000, func(i int) string {
			if i%100 == 0 {
				return "0"
			}
			return strconv.FormatFloat(rng.Float64()*48, 'f', 3, 64)
		}), true},
		{"six decimals", parsed(5000, func(int) string { return strconv.FormatFloat(rng.Float64()/100, 'f', 6, 64) }), true},
		{"seven decimals", parsed(5000, func(int) string { return strconv.FormatFloat(1+rng.Float64(), 'f', 7, 64) }), false},
		{"arithmetic", func() []float64 {
			v := make([]float64, 5000)
			for i := range v {
				v[i] = float64(i%97) / 3
			}
			return v
		}(), false},
		{"too wide a span", parsed(5000, func(i int) string { return strconv.Itoa(i * 1000) }), false},
		{"beyond 2^31 units", parsed(5000, func(i int) string { return strconv.Itoa(1<<31 + i%10) }), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := slices.Clone(c.times)
			idx := make([]int32, len(v))
			for i := range idx {
				idx[i] = -1
			}
			ok := decimalSort(v, idx)
			if ok != c.ok {
				t.Fatalf("decimalSort = %v, want %v", ok, c.ok)
			}
			if !ok {
				if !slices.Equal(v, c.times) || slices.ContainsFunc(idx, func(i int32) bool { return i != -1 }) {
					t.Fatal("refused, yet changed its input")
				}
				return
			}
			want := slices.Clone(c.times)
			slices.Sort(want)
			for r, i := range idx {
				if math.Float64bits(v[r]) != math.Float64bits(want[r]) || c.times[i] != v[r] {
					t.Fatalf("row %d: %v (from row %d, %v), want %v", r, v[r], i, c.times[i], want[r])
				}
				if r > 0 && v[r] == v[r-1] && idx[r] < idx[r-1] {
					t.Fatalf("row %d: equal times out of their first order", r)
				}
			}
		})
	}
}
