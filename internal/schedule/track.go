package schedule

import (
	"cmp"
	"slices"
	"sort"
)

// span is an interval in Unix nanoseconds, [s, e).
type span struct{ s, e int64 }

// track holds one chair's, provider's or patient's booked spans sorted by
// start, with the running maximum of their ends, so "is [s, e) free?" is
// one binary search even if stored spans overlap.
type track struct {
	spans  []span
	maxEnd []int64
}

func (t *track) add(x span) {
	i := sort.Search(len(t.spans), func(i int) bool { return t.spans[i].s > x.s })
	t.spans = slices.Insert(t.spans, i, x)
	t.maxEnd = slices.Insert(t.maxEnd, i, 0)
	t.fix(i)
}

func (t *track) remove(x span) bool {
	i := slices.Index(t.spans, x)
	if i < 0 {
		return false
	}
	t.spans = slices.Delete(t.spans, i, i+1)
	t.maxEnd = slices.Delete(t.maxEnd, i, i+1)
	t.fix(i)
	return true
}

func (t *track) fix(from int) {
	for i := from; i < len(t.spans); i++ {
		m := t.spans[i].e
		if i > 0 && t.maxEnd[i-1] > m {
			m = t.maxEnd[i-1]
		}
		t.maxEnd[i] = m
	}
}

// busy reports whether any stored span overlaps x.
func (t *track) busy(x span) bool {
	b, _ := t.busyUntil(x)
	return b
}

// busyUntil reports whether any stored span overlaps x and, if so, until
// when: every span of the same length starting before that instant
// overlaps too (a span that overlaps x starts before x ends, so it also
// starts before any later span of x's length ends).
func (t *track) busyUntil(x span) (bool, int64) {
	if t == nil {
		return false, 0
	}
	// Among the spans that start before x ends, does any end after x starts?
	i := sort.Search(len(t.spans), func(i int) bool { return t.spans[i].s >= x.e })
	if i > 0 && t.maxEnd[i-1] > x.s {
		return true, t.maxEnd[i-1]
	}
	return false, 0
}

// build sorts spans added with push and computes the running maxima.
func (t *track) build() {
	slices.SortFunc(t.spans, func(a, b span) int {
		if a.s != b.s {
			return cmp.Compare(a.s, b.s)
		}
		return cmp.Compare(a.e, b.e)
	})
	t.maxEnd = make([]int64, len(t.spans))
	t.fix(0)
}
