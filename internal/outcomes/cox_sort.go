package outcomes

import (
	"math"
	"runtime"
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

// sortKeys sorts keys ascending, stably, and returns them with the
// permutation that did it (idx[r] is where the r-th smallest was). keys is
// used as scratch space.
func sortKeys(keys []uint64) ([]uint64, []int32) {
	n := len(keys)
	idx := make([]int32, n)
	var or, and uint64 = 0, math.MaxUint64
	for i, k := range keys {
		idx[i] = int32(i)
		or |= k
		and &= k
	}
	if n < 256 {
		slices.SortStableFunc(idx, func(a, b int32) int {
			switch {
			case keys[a] < keys[b]:
				return -1
			case keys[a] > keys[b]:
				return 1
			}
			return 0
		})
		sorted := make([]uint64, n)
		for r, i := range idx {
			sorted[r] = keys[i]
		}
		return sorted, idx
	}
	return radixSort(keys, idx, or^and)
}

// radixSort sorts keys ascending, stably, moving idx along, and returns
// both (in keys and idx or in scratch slices, whichever the last pass
// filled): LSD passes of 11 bits, skipping digits where varying (the bits
// that differ between keys) is 0. Each pass splits the rows between the
// cores: each counts its part, the counts give each part its own slots in
// every bucket (the earlier part's first, which keeps the sort stable), and
// each scatters its part.
func radixSort(keys []uint64, idx []int32, varying uint64) ([]uint64, []int32) {
	const bits = 11
	const buckets = 1 << bits
	n := len(keys)
	parts := max(1, min(runtime.GOMAXPROCS(0), 4, n>>16))
	keys2 := make([]uint64, n)
	idx2 := make([]int32, n)
	counts := make([][buckets]int, parts)
	bounds := func(part int) (int, int) { return part * n / parts, (part + 1) * n / parts }
	var wg sync.WaitGroup
	each := func(f func(part int)) {
		if parts == 1 {
			f(0)
			return
		}
		for part := range parts {
			wg.Go(func() { f(part) })
		}
		wg.Wait()
	}
	for shift := uint(0); shift < 64; shift += bits {
		if varying>>shift&(buckets-1) == 0 {
			continue
		}
		each(func(part int) {
			c := &counts[part]
			clear(c[:])
			lo, hi := bounds(part)
			for _, k := range keys[lo:hi] {
				c[k>>shift&(buckets-1)]++
			}
		})
		sum := 0
		for b := range buckets {
			for part := range parts {
				c := counts[part][b]
				counts[part][b] = sum
				sum += c
			}
		}
		each(func(part int) {
			c := &counts[part]
			lo, hi := bounds(part)
			for i := lo; i < hi; i++ {
				k := keys[i]
				b := k >> shift & (buckets - 1)
				keys2[c[b]] = k
				idx2[c[b]] = idx[i]
				c[b]++
			}
		})
		keys, keys2 = keys2, keys
		idx, idx2 = idx2, idx
	}
	return keys, idx
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
