package outcomes

import (
	"math"
	"math/bits"
	"sync"
)

// floatOrder returns a permutation that sorts v (no NaNs) ascending: the
// negative values, negated, and the others are sorted apart by sortTimes.
func floatOrder(v []float64) []int32 {
	var neg, pos []float64
	var negIdx, posIdx []int32
	for i, f := range v {
		if f < 0 {
			neg = append(neg, -f)
			negIdx = append(negIdx, int32(i))
		} else {
			pos = append(pos, f+0) // +0 turns −0 into +0
			posIdx = append(posIdx, int32(i))
		}
	}
	order := make([]int32, 0, len(v))
	_, o := sortTimes(neg)
	for k := len(o) - 1; k >= 0; k-- { // the largest −v first
		order = append(order, negIdx[o[k]])
	}
	_, o = sortTimes(pos)
	for _, k := range o {
		order = append(order, posIdx[k])
	}
	return order
}

// sortTimes sorts t (finite, ≥ 0, no −0) ascending in place and returns
// it with the permutation that did it (idx[r] is where the r-th smallest
// was). Equal times come in no particular order: the fit sums over each
// time's rows, which any order gives alike up to round-off. For such
// numbers the IEEE bits order as the values do, so they are the radix
// sort's keys.
func sortTimes(t []float64) ([]float64, []int32) {
	idx := make([]int32, len(t))
	for i := range idx {
		idx[i] = int32(i)
	}
	if len(t) >= 1<<12 && decimalSort(t, idx) {
		return t, idx
	}
	if len(t) < 1<<16 {
		msdSort(t, idx)
		return t, idx
	}
	// Split by the top digit, then sort the buckets on two cores.
	buckets := msdSplit(t, idx)
	half, sum := 0, 0
	for half < len(buckets) && sum < len(t)/2 {
		sum += buckets[half][1] - buckets[half][0]
		half++
	}
	sortBuckets := func(bs [][2]int) {
		for _, b := range bs {
			msdSort(t[b[0]:b[1]], idx[b[0]:b[1]])
		}
	}
	var wg sync.WaitGroup
	wg.Go(func() { sortBuckets(buckets[:half]) })
	sortBuckets(buckets[half:])
	wg.Wait()
	return t, idx
}

// msdSort sorts t in place, moving idx along: an MSD radix sort (American
// flag sort) on 8-bit digits of the bits, from the highest bit where the
// values differ, with insertion sort for small buckets. It needs no
// scratch memory, which on a million rows saves more time than it costs.
func msdSort(t []float64, idx []int32) {
	if len(t) <= 48 {
		insertionSort(t, idx)
		return
	}
	for _, b := range msdSplit(t, idx) {
		if b[1]-b[0] > 1 {
			msdSort(t[b[0]:b[1]], idx[b[0]:b[1]])
		}
	}
}

// msdSplit permutes t (and idx) in place into buckets by the highest
// varying 8-bit digit of their bits and returns the buckets' bounds; none
// when every value is equal.
func msdSplit(t []float64, idx []int32) [][2]int {
	var or, and uint64 = 0, math.MaxUint64
	for _, v := range t {
		k := math.Float64bits(v)
		or |= k
		and &= k
	}
	varying := or ^ and
	if varying == 0 {
		return nil
	}
	shift := max(0, 63-bits.LeadingZeros64(varying)-7)
	digit := func(v float64) int { return int(math.Float64bits(v) >> shift & 255) }
	var count, next, end [256]int
	for _, v := range t {
		count[digit(v)]++
	}
	var out [][2]int
	sum := 0
	for b, c := range count {
		next[b] = sum
		sum += c
		end[b] = sum
		if c > 0 {
			out = append(out, [2]int{next[b], end[b]})
		}
	}
	// Walk each bucket's unfilled slots; move what sits there to its own
	// bucket, taking that slot's value in turn, until the value belongs here.
	for b := range 256 {
		for next[b] < end[b] {
			i := next[b]
			v, id := t[i], idx[i]
			for d := digit(v); d != b; d = digit(v) {
				j := next[d]
				next[d]++
				t[j], v = v, t[j]
				idx[j], id = id, idx[j]
			}
			t[i], idx[i] = v, id
			next[b]++
		}
	}
	return out
}

// insertionSort orders a few values.
func insertionSort(t []float64, idx []int32) {
	for i := 1; i < len(t); i++ {
		v, id := t[i], idx[i]
		j := i
		for ; j > 0 && t[j-1] > v; j-- {
			t[j], idx[j] = t[j-1], idx[j-1]
		}
		t[j], idx[j] = v, id
	}
}

// mergeNearTimes is R's aeqSurv on sorted times: two neighbouring distinct
// times closer than sqrt(ε) ≈ 1.5e−8, absolutely or relative to the mean
// of the distinct times' absolute values, are one time, the smallest of its
// run. Times that arithmetic made unequal then tie as they were meant to.
func mergeNearTimes(t []float64) {
	const tol = 1.4901161193847656e-08 // sqrt(.Machine$double.eps)
	if len(t) < 2 {
		return
	}
	sum, distinct := 0.0, 0
	for i, v := range t {
		if i == 0 || v != t[i-1] {
			sum += math.Abs(v)
			distinct++
		}
	}
	mean := sum / float64(distinct)
	cut, prev := t[0], t[0]
	for i, v := range t {
		if v != prev {
			dy := v - prev
			prev = v
			if !(dy <= tol || dy/mean <= tol) {
				cut = v
			}
		}
		t[i] = cut
	}
}
