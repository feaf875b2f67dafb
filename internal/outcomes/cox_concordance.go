package outcomes

import (
	"cmp"
	"math"
	"slices"
)

// CoxConcordance is Harrell's C of a Cox model's linear predictor, as R's
// coxph reports it (concordancefit with reverse=TRUE, timewt="n"). A pair
// is comparable when the earlier time is an event and the later subject
// was still followed then (a later time, or censored at the same time); it
// is concordant when the one with the event had the higher risk score.
// Pairs of events at one time are tied on y and not comparable.
type CoxConcordance struct {
	Concordant, Discordant float64
	TiedX                  float64 // comparable pairs with equal risk scores
	TiedY                  float64 // events at the same time, unequal scores
	TiedXY                 float64 // events at the same time, equal scores
	// C is (Concordant + TiedX/2) / (Concordant + Discordant + TiedX).
	C float64
	// SE is its infinitesimal-jackknife standard error, R's std.
	SE float64
}

// concordance computes C over rows sorted by time (blocks: where each run
// of equal times starts, then the number of rows), w[i] subjects in row i,
// with risk scores lp. Each subject's share of concordant, discordant and
// x-tied pairs, counted with Fenwick trees over the ranks of lp, gives the
// jackknife variance in O(n log n).
func concordance(blocks []int32, event []bool, w []float64, lp []float64) CoxConcordance {
	n := len(event)
	rank, nrank := ranks(lp)
	// Per subject of row i: concordant − discordant pairs it is part of,
	// and all the comparable pairs it is part of.
	diff := make([]int64, n)
	all := make([]int64, n)
	tree := newFenwick(nrank)
	scratch := make([]int64, nrank)
	var c, d, t, tiedY, tiedXY int64

	// As the one with the event: compare with everyone later (and those
	// censored at the same time), walking back from the last time.
	for b := len(blocks) - 2; b >= 0; b-- {
		lo, hi := int(blocks[b]), int(blocks[b+1])
		for i := lo; i < hi; i++ {
			if !event[i] {
				tree.add(rank[i], int64(w[i]))
			}
		}
		deaths := int64(0)
		for i := lo; i < hi; i++ {
			if !event[i] {
				continue
			}
			m, r := int64(w[i]), rank[i]
			less, equal := tree.below(r), tree.count[r]
			more := tree.total - less - equal
			diff[i] += less - more
			all[i] += tree.total
			c += m * less
			d += m * more
			t += m * equal
			tiedXY += m*scratch[r] + m*(m-1)/2
			scratch[r] += m
			deaths += m
		}
		tiedY += deaths * (deaths - 1) / 2
		for i := lo; i < hi; i++ {
			if event[i] {
				scratch[rank[i]] = 0
				tree.add(rank[i], int64(w[i]))
			}
		}
	}

	// As the later one: compare with every earlier event (and, when
	// censored, the events at its own time), walking forward.
	tree = newFenwick(nrank)
	pairWith := func(i int) {
		r := rank[i]
		less, equal := tree.below(r), tree.count[r]
		diff[i] += tree.total - less - equal - less
		all[i] += tree.total
	}
	for b := 0; b < len(blocks)-1; b++ {
		lo, hi := int(blocks[b]), int(blocks[b+1])
		for i := lo; i < hi; i++ {
			if event[i] {
				pairWith(i)
			}
		}
		for i := lo; i < hi; i++ {
			if event[i] {
				tree.add(rank[i], int64(w[i]))
			}
		}
		for i := lo; i < hi; i++ {
			if !event[i] {
				pairWith(i)
			}
		}
	}

	res := CoxConcordance{Concordant: float64(c), Discordant: float64(d), TiedX: float64(t),
		TiedY: float64(tiedY - tiedXY), TiedXY: float64(tiedXY)}
	npair := float64(c + d + t)
	if npair == 0 {
		res.C, res.SE = math.NaN(), math.NaN()
		return res
	}
	somers := float64(c-d) / npair
	res.C = (somers + 1) / 2
	var v neumaier
	for i := range n {
		f := float64(diff[i]) - float64(all[i])*somers
		v.add(w[i] * f * f)
	}
	res.SE = math.Sqrt(v.value()) / (2 * npair)
	return res
}

// ranks numbers the distinct values of v from 0 in ascending order.
func ranks(v []float64) ([]int32, int) {
	if r, k, ok := fewRanks(v, 1024); ok {
		return r, k
	}
	order := floatOrder(v)
	rank := make([]int32, len(v))
	r := int32(-1)
	for k, i := range order {
		if k == 0 || v[i] != v[order[k-1]] {
			r++
		}
		rank[i] = r
	}
	return rank, int(r) + 1
}

// fenwick counts values 0..n−1 and answers how many are below a value.
type fenwick struct {
	tree, count []int64
	total       int64
}

func newFenwick(n int) *fenwick {
	return &fenwick{tree: make([]int64, n+1), count: make([]int64, n)}
}

// add counts m more of value r.
func (f *fenwick) add(r int32, m int64) {
	f.count[r] += m
	f.total += m
	for i := int(r) + 1; i < len(f.tree); i += i & -i {
		f.tree[i] += m
	}
}

// below is how many values < r were added.
func (f *fenwick) below(r int32) int64 {
	s := int64(0)
	for i := int(r); i > 0; i -= i & -i {
		s += f.tree[i]
	}
	return s
}

// fewRanks is ranks when v has at most limit distinct values (a model of
// categorical covariates has few risk scores), without sorting v: ok is
// false when there are more.
func fewRanks(v []float64, limit int) ([]int32, int, bool) {
	code := make(map[float64]int32)
	var distinct []float64
	rank := make([]int32, len(v))
	last, lastCode := math.NaN(), int32(0)
	for i, x := range v {
		if x == last {
			rank[i] = lastCode
			continue
		}
		c, ok := code[x]
		if !ok {
			if len(distinct) == limit {
				return nil, 0, false
			}
			c = int32(len(distinct))
			code[x] = c
			distinct = append(distinct, x)
		}
		rank[i], last, lastCode = c, x, c
	}
	// codes in order of appearance → ranks in order of value
	order := make([]int32, len(distinct))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(distinct[a], distinct[b]) })
	toRank := make([]int32, len(distinct))
	for r, c := range order {
		toRank[c] = int32(r)
	}
	for i, c := range rank {
		rank[i] = toRank[c]
	}
	return rank, len(distinct), true
}
