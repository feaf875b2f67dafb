package outcomes

import "math"

// decimalSort sorts t (finite, ≥ 0, no −0) ascending in place and fills
// idx with the permutation, as sortTimes does, when every time is a whole
// number of 10^−d units for some d ≤ 6 — as times read from decimal text
// are (days with two decimals) — and those units span few enough values:
// a counting sort then orders a million times in three passes, where the
// radix sort needs four or more over scattered memory. Equal times keep
// their order. It reports false, leaving t and idx as they were, otherwise.
func decimalSort(t []float64, idx []int32) bool {
	n := len(t)
	if n == 0 {
		return false
	}
	// The fewest decimals that write every time exactly. A time that is a
	// whole number of 10^−d units is one of 10^−(d+1) units too, so d only
	// grows; the second pass checks every time again at the final d.
	d, scale := 0, 1.0
	lo, hi := t[0], t[0]
	for _, v := range t {
		for math.Round(v*scale)/scale != v {
			if d++; d > 6 {
				return false
			}
			scale *= 10
		}
		lo, hi = min(lo, v), max(hi, v)
	}
	first, last := math.Round(lo*scale), math.Round(hi*scale)
	span := last - first + 1
	if last >= 1<<31 || span > float64(2*n+1<<16) {
		return false
	}
	keys := make([]uint32, n)
	count := make([]int32, int(span)+1)
	for i, v := range t {
		k := math.Round(v * scale)
		if k/scale != v { // never, by the argument above; checked all the same
			return false
		}
		keys[i] = uint32(k - first)
		count[keys[i]+1]++
	}
	for b := 1; b < len(count); b++ {
		count[b] += count[b-1] // count[b]: where bucket b starts
	}
	for i, k := range keys {
		idx[count[k]] = int32(i)
		count[k]++
	}
	// count[b] is now where bucket b ends: write each bucket's time. The
	// quotient is the very time read, as the pass above checked.
	start := int32(0)
	for b, end := range count[:len(count)-1] {
		if end > start {
			v := (first + float64(b)) / scale
			for j := start; j < end; j++ {
				t[j] = v
			}
			start = end
		}
	}
	return true
}
