package outcomes

import (
	"math"
	"slices"

	"onset/internal/clinic"
)

// sortedTimes checks the times and splits them into sorted event times and
// sorted censoring times. Sorting plain float64 keys (sortFloats) is
// several times faster than sorting records, and a merge of the two (eachTime) visits
// every distinct time once with its counts: O(n log n) in all.
func sortedTimes(obs []Observation) (events, censored []float64, err error) {
	nEvents := 0
	for i, o := range obs {
		if math.IsNaN(o.Time) || math.IsInf(o.Time, 0) || o.Time < 0 {
			return nil, nil, clinic.Errorf(clinic.Invalid, "observation %d: time must be a finite number ≥ 0, got %g", i+1, o.Time)
		}
		if o.Event {
			nEvents++
		}
	}
	events = make([]float64, 0, nEvents)
	censored = make([]float64, 0, len(obs)-nEvents)
	for _, o := range obs {
		if o.Event {
			events = append(events, o.Time+0) // +0 turns −0 into +0
		} else {
			censored = append(censored, o.Time+0)
		}
	}
	if !slices.IsSorted(events) { // SortObservations may have done it
		sortFloats(events)
	}
	if !slices.IsSorted(censored) {
		sortFloats(censored)
	}
	return events, censored, nil
}

// SortObservations orders obs by time in place. Kaplan–Meier and the
// log-rank test each sort the times they are given unless they are in
// order already: a caller that computes both on large groups (stats km)
// sorts each group once here instead of twice there.
func SortObservations(obs []Observation) {
	if len(obs) < 1<<12 || slices.IsSortedFunc(obs, func(a, b Observation) int { return cmpTime(a.Time, b.Time) }) {
		if len(obs) < 1<<12 {
			slices.SortStableFunc(obs, func(a, b Observation) int { return cmpTime(a.Time, b.Time) })
		}
		return
	}
	t := make([]float64, len(obs))
	ev := make([]bool, len(obs))
	for i, o := range obs {
		if !(o.Time >= 0) || math.IsInf(o.Time, 0) {
			// Not a time KaplanMeier accepts: leave the order alone and
			// let it report the observation.
			return
		}
		t[i], ev[i] = o.Time+0, o.Event
	}
	t, idx := sortTimes(t)
	for r, i := range idx {
		obs[r] = Observation{Time: t[r], Event: ev[i]}
	}
}

func cmpTime(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// sortFloats sorts finite times ≥ 0 (no −0): large sets by the radix sort
// Cox uses (their IEEE bits order as the values do), about 5× faster than
// a comparison sort on a million times with many ties.
func sortFloats(t []float64) {
	if len(t) < 1<<12 {
		slices.Sort(t)
		return
	}
	sortTimes(t)
}

// eachTime merges sorted event and censoring times and calls f once per
// distinct time with the number of events d and censorings n there.
func eachTime(events, censored []float64, f func(t float64, d, n int)) {
	for i, j := 0, 0; i < len(events) || j < len(censored); {
		t := math.Inf(1)
		if i < len(events) {
			t = events[i]
		}
		if j < len(censored) {
			t = math.Min(t, censored[j])
		}
		d, n := 0, 0
		for ; i < len(events) && events[i] == t; i++ {
			d++
		}
		for ; j < len(censored) && censored[j] == t; j++ {
			n++
		}
		f(t, d, n)
	}
}
