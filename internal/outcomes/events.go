package outcomes

import (
	"slices"
	"time"

	"onset/internal/clinic"
)

// baselineWindow is how long before T0 an assessment still counts as the
// baseline (design.md §3).
const baselineWindow = 30 * 24 * time.Hour

// Score is one assessment of the instrument being analysed.
type Score struct {
	At    time.Time
	Total int
}

// Course is what the outcome events of one course on one instrument need.
type Course struct {
	T0           time.Time // start of the course's first administered session
	NextCourse   time.Time // start of the patient's next course; zero if none
	RemissionMax int       // the instrument's remission cut-off, e.g. 4 for PHQ-9
	// ResponseDropPct is the drop from baseline, in percent, that is a
	// response: the instrument's (scales.Instrument.ResponseDropPct, 35 for
	// the Y-BOCS); 0 means design.md §3's 50.
	ResponseDropPct int
	Scores          []Score // assessments of the instrument, any order
}

// responseDrop is c's response drop in percent.
func (c Course) responseDrop() int {
	if c.ResponseDropPct > 0 {
		return c.ResponseDropPct
	}
	return 50
}

// LeftOut says why a course has no time-to-event for an event.
type LeftOut string

const (
	NoBaseline     LeftOut = "no baseline"
	NoFollowUp     LeftOut = "no follow-up"
	NeverResponded LeftOut = "never responded" // relapse only
)

// TimeToEvent is one course's contribution to a Kaplan–Meier curve.
type TimeToEvent struct {
	Days    float64 // from T0; for relapse from the response
	Event   bool    // false: censored at Days
	LeftOut LeftOut // non-empty: the course is not in the analysis and Days, Event mean nothing
}

// Observation returns the time-to-event as a Kaplan–Meier observation;
// ok is false for a course that is left out.
func (t TimeToEvent) Observation() (o Observation, ok bool) {
	return Observation{Time: t.Days, Event: t.Event}, t.LeftOut == ""
}

// Outcomes are a course's baseline, follow-ups and outcome events.
type Outcomes struct {
	Baseline    Score // zero when there is none
	HasBaseline bool
	FollowUps   []Score // ascending by time
	Response    TimeToEvent
	Remission   TimeToEvent
	Relapse     TimeToEvent
}

// Evaluate applies design.md §3 to one course:
//   - baseline: the latest score in [T0 − 30 days, T0], both ends included;
//   - follow-ups: scores after T0 and before the next course starts (a score
//     at the next course's start belongs to that course: it is its baseline);
//   - response: the first follow-up with total ≤ 50% of baseline (a drop
//     of at least ResponseDropPct% when the instrument has its own);
//   - remission: the first follow-up with total ≤ RemissionMax;
//   - relapse: after the response, the first of two consecutive follow-ups
//     whose totals both miss the response again (> 50% of baseline),
//     timed from the response.
//
// Without the event a course is censored at its last follow-up (for
// relapse, measured from the response). Scores at the same time keep their
// input order; at the baseline the later one in the input wins.
func Evaluate(c Course) (Outcomes, error) {
	if c.T0.IsZero() {
		return Outcomes{}, clinic.Errorf(clinic.Invalid, "course has no start time (T0)")
	}
	if !c.NextCourse.IsZero() && !c.NextCourse.After(c.T0) {
		return Outcomes{}, clinic.Errorf(clinic.Invalid, "next course starts at %s, not after T0 %s", c.NextCourse.Format(time.RFC3339), c.T0.Format(time.RFC3339))
	}
	if c.RemissionMax < 0 {
		return Outcomes{}, clinic.Errorf(clinic.Invalid, "remission cut-off must be ≥ 0, got %d", c.RemissionMax)
	}
	scores := slices.Clone(c.Scores)
	slices.SortStableFunc(scores, func(a, b Score) int { return a.At.Compare(b.At) })

	var out Outcomes
	from := c.T0.Add(-baselineWindow)
	for _, s := range scores {
		switch {
		case s.At.Before(from):
		case !s.At.After(c.T0):
			out.Baseline, out.HasBaseline = s, true
		case c.NextCourse.IsZero() || s.At.Before(c.NextCourse):
			out.FollowUps = append(out.FollowUps, s)
		}
	}
	if !out.HasBaseline {
		out.Response = TimeToEvent{LeftOut: NoBaseline}
		out.Remission, out.Relapse = out.Response, out.Response
		return out, nil
	}
	if len(out.FollowUps) == 0 {
		out.Response = TimeToEvent{LeftOut: NoFollowUp}
		out.Remission, out.Relapse = out.Response, out.Response
		return out, nil
	}
	base := out.Baseline.Total
	// In whole numbers, as scales.Responded: "a drop of at least pct%"
	// without rounding (for 50, 2·total ≤ baseline).
	pct := c.responseDrop()
	responded := func(s Score) bool { return 100*(base-s.Total) >= pct*base }
	fu := out.FollowUps
	lastDays := days(c.T0, fu[len(fu)-1].At)

	out.Response = TimeToEvent{Days: lastDays}
	r := slices.IndexFunc(fu, responded)
	if r >= 0 {
		out.Response = TimeToEvent{Days: days(c.T0, fu[r].At), Event: true}
	}
	out.Remission = TimeToEvent{Days: lastDays}
	if i := slices.IndexFunc(fu, func(s Score) bool { return s.Total <= c.RemissionMax }); i >= 0 {
		out.Remission = TimeToEvent{Days: days(c.T0, fu[i].At), Event: true}
	}
	out.Relapse = relapse(fu, r, responded)
	return out, nil
}

// relapse looks after the response at index r for two consecutive
// follow-ups that both miss the response again.
func relapse(fu []Score, r int, responded func(Score) bool) TimeToEvent {
	if r < 0 {
		return TimeToEvent{LeftOut: NeverResponded}
	}
	resp := fu[r].At
	for i := r + 1; i+1 < len(fu); i++ {
		if !responded(fu[i]) && !responded(fu[i+1]) {
			return TimeToEvent{Days: days(resp, fu[i].At), Event: true}
		}
	}
	return TimeToEvent{Days: days(resp, fu[len(fu)-1].At)}
}

// days is the elapsed time in days as a real number (design.md §3).
func days(from, to time.Time) float64 {
	return to.Sub(from).Hours() / 24
}
