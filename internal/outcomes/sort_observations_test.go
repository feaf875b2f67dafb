package outcomes

import "testing"

// SortObservations orders by time; Kaplan–Meier and the log-rank test on
// the sorted groups give what they give on the groups as read.
func TestSortObservations(t *testing.T) {
	t.Parallel()
	var a, b []Observation
	for i := range 20000 {
		x := float64((i*7919)%5003) / 100
		a = append(a, Observation{Time: x, Event: i%3 != 0})
		b = append(b, Observation{Time: x * 1.1, Event: i%4 != 0})
	}
	ca, _ := KaplanMeier(a, DefaultConfLevel)
	lr, _ := LogRank([][]Observation{a, b})
	SortObservations(a)
	SortObservations(b)
	for i := 1; i < len(a); i++ {
		if a[i].Time < a[i-1].Time {
			t.Fatalf("not sorted at %d", i)
		}
	}
	ca2, _ := KaplanMeier(a, DefaultConfLevel)
	lr2, _ := LogRank([][]Observation{a, b})
	if ca.Median != ca2.Median || len(ca.Steps) != len(ca2.Steps) || lr.ChiSq != lr2.ChiSq {
		t.Errorf("sorted input changed the results: %+v %+v, %v %v", ca.Median, ca2.Median, lr.ChiSq, lr2.ChiSq)
	}
}
