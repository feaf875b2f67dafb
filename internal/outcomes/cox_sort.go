package outcomes

import (
	"math"
	"math/bits"
	"slices"
	"sync"
)

// sortKey maps a float64 (not NaN) to a uint64 that orders as the values
// do: negative numbers' bits flipped, the sign bit set on the others.
func sortKey(f float64) uint64 {
	k := math.Float64bits(f + 0) // +0 turns −0 into +0
	if k>>63 == 1 {
		return ^k
	}
	return k | 1<<63
}

// fromSortKey inverts sortKey.
func fromSortKey(k uint64) float64 {
	if k>>63 == 1 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}

// floatOrder returns the permutation that sorts v (no NaNs) ascending,
// stably.
func floatOrder(v []float64) []int32 {
	keys := make([]uint64, len(v))
	for i, f := range v {
		keys[i] = sortKey(f)
	}
	_, idx := sortKeys(keys)
	return idx
}

// sortKeys sorts keys ascending in place, stably, and returns them with
// the permutation that did it (idx[r] is where the r-th smallest was).
func sortKeys(keys []uint64) ([]uint64, []int32) {
	idx := make([]int32, len(keys))
	for i := range idx {
		idx[i] = int32(i)
	}
	if len(keys) < 1<<16 {
		msdSort(keys, idx)
		return keys, idx
	}
	// Split by the top digit, then sort the buckets on two cores.
	buckets := msdSplit(keys, idx)
	half, sum := 0, 0
	for half < len(buckets) && sum < len(keys)/2 {
		sum += buckets[half][1] - buckets[half][0]
		half++
	}
	sortBuckets := func(bs [][2]int) {
		for _, b := range bs {
			msdSort(keys[b[0]:b[1]], idx[b[0]:b[1]])
		}
	}
	var wg sync.WaitGroup
	wg.Go(func() { sortBuckets(buckets[:half]) })
	sortBuckets(buckets[half:])
	wg.Wait()
	return keys, idx
}

// msdSort sorts keys in place, moving idx along, ordering equal keys by
// idx (which makes it stable when idx starts ascending): an MSD radix sort
// (American flag sort) on 8-bit digits from the highest bit where the keys
// differ, with insertion sort for small buckets. It needs no scratch
// memory, which on a million rows saves more time than it costs.
func msdSort(keys []uint64, idx []int32) {
	if len(keys) <= 48 {
		insertionSort(keys, idx)
		return
	}
	for _, b := range msdSplit(keys, idx) {
		if b[1]-b[0] > 1 {
			msdSort(keys[b[0]:b[1]], idx[b[0]:b[1]])
		}
	}
}

// msdSplit permutes keys (and idx) in place into buckets by their highest
// varying 8-bit digit and returns the buckets' bounds. When every key is
// equal it orders idx and returns no buckets.
func msdSplit(keys []uint64, idx []int32) [][2]int {
	var or, and uint64 = 0, math.MaxUint64
	for _, k := range keys {
		or |= k
		and &= k
	}
	varying := or ^ and
	if varying == 0 {
		slices.Sort(idx)
		return nil
	}
	shift := max(0, 63-bits.LeadingZeros64(varying)-7)
	var count, next, end [256]int
	for _, k := range keys {
		count[k>>shift&255]++
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
	// bucket, taking that slot's key in turn, until the key belongs here.
	for b := range 256 {
		for next[b] < end[b] {
			i := next[b]
			k, id := keys[i], idx[i]
			for d := int(k >> shift & 255); d != b; d = int(k >> shift & 255) {
				j := next[d]
				next[d]++
				keys[j], k = k, keys[j]
				idx[j], id = id, idx[j]
			}
			keys[i], idx[i] = k, id
			next[b]++
		}
	}
	return out
}

// insertionSort orders a few keys, equal keys by idx.
func insertionSort(keys []uint64, idx []int32) {
	for i := 1; i < len(keys); i++ {
		k, id := keys[i], idx[i]
		j := i
		for ; j > 0 && (keys[j-1] > k || keys[j-1] == k && idx[j-1] > id); j-- {
			keys[j], idx[j] = keys[j-1], idx[j-1]
		}
		keys[j], idx[j] = k, id
	}
}

// mergeNearKeys is R's aeqSurv on the sorted keys of times: two
// neighbouring distinct times closer than sqrt(ε) ≈ 1.5e−8, absolutely or
// relative to the mean of the distinct times' absolute values, are one
// time, the smallest of its run. Times that arithmetic made unequal then
// tie as they were meant to.
func mergeNearKeys(keys []uint64) {
	const tol = 1.4901161193847656e-08 // sqrt(.Machine$double.eps)
	if len(keys) < 2 {
		return
	}
	sum, distinct := 0.0, 0
	for i, k := range keys {
		if i == 0 || k != keys[i-1] {
			sum += math.Abs(fromSortKey(k))
			distinct++
		}
	}
	mean := sum / float64(distinct)
	cut, prev := keys[0], keys[0]
	for i, k := range keys {
		if k != prev {
			dy := fromSortKey(k) - fromSortKey(prev)
			prev = k
			if !(dy <= tol || dy/mean <= tol) {
				cut = k
			}
		}
		keys[i] = cut
	}
}
