package demo

import (
	"math"
	"math/rand/v2"

	"onset/internal/clinic"
)

// scale is an outcome instrument (clinical-reference.md §4) with the demo's
// baseline severity and measurement noise.
type scale struct {
	id       string
	max      int     // total range is 0..max
	items    int     // number of answers, each 0..itemMax
	itemMax  int     // highest answer of an item
	mean, sd float64 // baseline severity
	lo       float64 // lowest baseline mean
	noise    float64 // SD of a total around its trajectory
	itemNine bool    // PHQ-9: item 9 (thoughts of death or self-harm) drawn on its own
}

// Baselines are mostly moderate to severe: PHQ-9 15–19 moderately severe
// (Kroenke 2001), GAD-7 ≥ 10 moderate (Spitzer 2006), PCL-5 ≥ 33 provisional
// PTSD (Blevins 2015), pain NRS 4–10.
func scaleFor(cond clinic.Condition) scale {
	switch cond {
	case clinic.Anxiety:
		return scale{id: "gad7", max: 21, items: 7, itemMax: 3, mean: 14, sd: 3.5, lo: 6, noise: 1.2}
	case clinic.PTSD:
		return scale{id: "pcl5", max: 80, items: 20, itemMax: 4, mean: 50, sd: 10, lo: 28, noise: 4}
	case clinic.ChronicPain:
		return scale{id: "pain-nrs", max: 10, items: 1, itemMax: 10, mean: 7, sd: 1.3, lo: 4, noise: 0.6}
	}
	return scale{id: "phq9", max: 27, items: 9, itemMax: 3, mean: 18, sd: 4, lo: 8, noise: 1.5, itemNine: true}
}

// measured is an instrument followed in a course, with the patient's
// baseline severity on it.
type measured struct {
	scale
	baseline float64
}

func measure(r *rand.Rand, s scale) measured {
	return measured{s, normal(r, s.mean, s.sd, s.lo, float64(s.max))}
}

// Item 9 of the PHQ-9 (clinical-reference.md §4). Wilkinson 2018: suicidal
// ideation falls within a day of ketamine, so it shows mostly at baseline.
const (
	shareItemNineAtBaseline = 0.15 // of courses
	shareItemNineLater      = 0.01 // of follow-up assessments
)

// score draws a total at trajectory ratio and its item answers: every
// instrument is answered item by item, as the product scores it.
// itemNine is the PHQ-9 item 9 answer wanted (it is raised when the total
// needs it, lowered when the total is smaller).
func (m measured) score(r *rand.Rand, ratio float64, itemNine int) (int, []int) {
	t := int(math.Round(m.baseline*ratio + m.noise*r.NormFloat64()))
	t = min(m.max, max(0, t))
	ans := make([]int, m.items)
	rest, n := t, m.items
	if m.itemNine {
		n--
		ans[n] = min(t, max(itemNine, t-m.itemMax*n))
		rest -= ans[n]
	}
	spread(r, ans[:n], rest, m.itemMax)
	return t, ans
}

// spread adds total to the answers one point at a time, each item at most hi.
func spread(r *rand.Rand, ans []int, total, hi int) {
	for range total {
		i := r.IntN(len(ans))
		for ans[i] == hi {
			i = (i + 1) % len(ans)
		}
		ans[i]++
	}
}
