package outcomes

import "math"

// Comparison is the Kaplan–Meier curve of each group, read at the
// requested times, and the log-rank test between them.
type Comparison struct {
	Names      []string
	Curves     []Curve
	Times      []float64
	LogRank    *LogRankResult // nil with fewer than two groups or when it could not be computed
	LogRankErr error          // why LogRank is nil with two or more groups
}

// Compare estimates each named group's curve (groups in the order given;
// empty groups are dropped) and compares them with the log-rank test.
func Compare(names []string, groups [][]Observation, times []float64, level float64) (Comparison, error) {
	c := Comparison{Times: times}
	var kept [][]Observation
	for i, name := range names {
		if len(groups[i]) == 0 {
			continue
		}
		curve, err := KaplanMeier(groups[i], level)
		if err != nil {
			return c, err
		}
		c.Names = append(c.Names, name)
		c.Curves = append(c.Curves, curve)
		kept = append(kept, groups[i])
	}
	if len(kept) > 1 {
		lr, err := LogRank(kept)
		if err != nil {
			c.LogRankErr = err
		} else {
			c.LogRank = &lr
		}
	}
	return c, nil
}

// SummaryJSON is the document `onset stats km --json`, `onset outcomes
// --json` and GET /api/v1/outcomes print; pointers are null where R
// prints NA.
type SummaryJSON struct {
	Groups  []GroupJSON  `json:"groups"`
	LogRank *LogRankJSON `json:"logrank"`
}

// GroupJSON is one group's curve summary.
type GroupJSON struct {
	Group       string      `json:"group"`
	N           int         `json:"n"`
	Events      int         `json:"events"`
	Median      *float64    `json:"median"`
	MedianLower *float64    `json:"median_lower"`
	MedianUpper *float64    `json:"median_upper"`
	At          []PointJSON `json:"at"`
}

// PointJSON is S(t) at one requested time.
type PointJSON struct {
	Time     float64  `json:"time"`
	NRisk    int      `json:"n_risk"`
	NEvent   int      `json:"n_event"`
	Survival float64  `json:"survival"`
	Lower    *float64 `json:"lower"`
	Upper    *float64 `json:"upper"`
}

// LogRankJSON is the log-rank test.
type LogRankJSON struct {
	ChiSq float64  `json:"chisq"`
	DF    int      `json:"df"`
	P     *float64 `json:"p"`
}

// Num is f, or nil (JSON null) when f is not a finite number.
func Num(f float64) *float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return &f
}

// JSON is the comparison as SummaryJSON.
func (c Comparison) JSON() SummaryJSON {
	doc := SummaryJSON{Groups: make([]GroupJSON, 0, len(c.Curves))}
	for i, curve := range c.Curves {
		m := curve.Median
		g := GroupJSON{Group: c.Names[i], N: curve.N, Events: curve.Events,
			Median: Num(m.Estimate), MedianLower: Num(m.Lower), MedianUpper: Num(m.Upper),
			At: make([]PointJSON, 0, len(c.Times))}
		for _, t := range c.Times {
			p := curve.At(t)
			g.At = append(g.At, PointJSON{Time: p.Time, NRisk: p.NRisk, NEvent: p.NEvent, Survival: p.Survival,
				Lower: Num(p.Lower), Upper: Num(p.Upper)})
		}
		doc.Groups = append(doc.Groups, g)
	}
	if lr := c.LogRank; lr != nil {
		doc.LogRank = &LogRankJSON{ChiSq: lr.ChiSq, DF: lr.DF, P: Num(lr.P)}
	}
	return doc
}

// Cohort is a clinic's courses on one instrument grouped by one factor for
// one event: the comparison and how many courses were left out and why.
type Cohort struct {
	Event  Event
	By     Factor
	Rows   []CourseRow // every course, left out or not
	Groups [][]Observation
	Comparison
	LeftOut map[LeftOut]int
}

// CohortJSON is SummaryJSON plus the courses left out, by reason with
// spaces as underscores: {"no_baseline":3,"no_follow_up":1}.
type CohortJSON struct {
	SummaryJSON
	LeftOut map[string]int `json:"left_out"`
}

// Group builds the comparison of rows for event e by factor by.
func Group(rows []CourseRow, e Event, by Factor, times []float64, level float64) (Cohort, error) {
	c := Cohort{Event: e, By: by, Rows: rows, LeftOut: map[LeftOut]int{}}
	index := map[string]int{}
	ranks := map[string]int{} // severity bands in the instrument's order
	var names []string
	var groups [][]Observation
	for _, r := range rows {
		o, ok := r.Of(e).Observation()
		if !ok {
			c.LeftOut[r.Of(e).LeftOut]++
			continue
		}
		s := by.Stratum(r.Facts)
		if by == BySeverity && r.Facts.SeverityRank > 0 {
			ranks[s] = r.Facts.SeverityRank
		}
		i, seen := index[s]
		if !seen {
			i = len(names)
			index[s] = i
			names = append(names, s)
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], o)
	}
	sorted := append([]string(nil), names...)
	by.sortStrata(sorted, ranks)
	c.Groups = make([][]Observation, len(sorted))
	for j, s := range sorted {
		c.Groups[j] = groups[index[s]]
	}
	if len(sorted) == 0 {
		c.Comparison = Comparison{Times: times}
		return c, nil
	}
	cmp, err := Compare(sorted, c.Groups, times, level)
	if err != nil {
		return c, err
	}
	c.Comparison = cmp
	return c, nil
}

// JSON is the cohort as CohortJSON.
func (c Cohort) JSON() CohortJSON {
	out := CohortJSON{SummaryJSON: c.Comparison.JSON(), LeftOut: map[string]int{}}
	for k, n := range c.LeftOut {
		out.LeftOut[leftOutKey(k)] = n
	}
	return out
}

func leftOutKey(l LeftOut) string {
	b := []byte(l)
	for i, ch := range b {
		if ch == ' ' || ch == '-' {
			b[i] = '_'
		}
	}
	return string(b)
}
