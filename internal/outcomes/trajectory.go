package outcomes

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"onset/internal/clinic"
)

// TrajectoryInput is one course's scores on one instrument and its
// treatment sessions.
type TrajectoryInput struct {
	Instrument   string // e.g. "phq9"
	Name         string // e.g. "PHQ-9"
	RemissionMax int
	HasRemission bool
	// ResponseDropPct is the instrument's response drop in percent (Course).
	ResponseDropPct int
	T0              time.Time // start of the course's first administered session
	NextCourse      time.Time // start of the patient's next course; zero if none
	Scores          []Score   // of the instrument, any order
	Sessions        []TrajectorySession
}

// TrajectorySession is one treatment session on the trajectory's time axis.
type TrajectorySession struct {
	At     time.Time    `json:"at"`
	Day    float64      `json:"day"` // days from T0
	Route  clinic.Route `json:"route"`
	DoseMg float64      `json:"dose_mg"`
}

// TrajectoryPoint is one score with its change from baseline.
type TrajectoryPoint struct {
	At           time.Time `json:"at"`
	Day          float64   `json:"day"` // days from T0, negative before it
	Total        int       `json:"total"`
	Baseline     bool      `json:"baseline,omitempty"`  // this is the baseline score
	FollowUp     bool      `json:"follow_up,omitempty"` // after T0, before the next course
	ChangePoints *int      `json:"change_points,omitempty"`
	ChangePct    *float64  `json:"change_pct,omitempty"` // nil when the baseline is 0 or missing
}

// Milestone is when an outcome event happened.
type Milestone struct {
	Reached bool      `json:"reached"`
	At      time.Time `json:"at,omitzero"`
	Day     float64   `json:"day"` // days from T0 (relapse: from the response)
	Total   int       `json:"total"`
}

// Trajectory is a course's course of scores: baseline, change from
// baseline, response, remission and relapse, with sessions on the same
// time axis, and a plain-language summary.
type Trajectory struct {
	Instrument        string              `json:"instrument"`
	Name              string              `json:"name"`
	T0                time.Time           `json:"t0"`
	HasBaseline       bool                `json:"has_baseline"`
	Baseline          int                 `json:"baseline"` // JSON: present when HasBaseline (trajectory_json.go)
	BaselineAt        time.Time           `json:"baseline_at,omitzero"`
	ResponseThreshold float64             `json:"response_threshold"` // 50% of baseline; JSON: present when HasBaseline
	RemissionMax      int                 `json:"remission_max"`
	HasRemission      bool                `json:"has_remission"`
	Latest            *TrajectoryPoint    `json:"latest,omitempty"` // latest follow-up
	Response          Milestone           `json:"response"`
	Remission         Milestone           `json:"remission"`
	Relapse           Milestone           `json:"relapse"`
	LeftOut           LeftOut             `json:"left_out,omitempty"` // why there are no outcome events
	Points            []TrajectoryPoint   `json:"points"`
	Sessions          []TrajectorySession `json:"sessions"`
	Summary           string              `json:"summary"`
}

// BuildTrajectory applies design.md §3 (through Evaluate) to one course
// and lays out every score and session on days from T0. Points are the
// scores from the baseline window (T0 − 30 days) up to the next course.
func BuildTrajectory(in TrajectoryInput) (Trajectory, error) {
	// Without a remission cut-off Evaluate's remission is computed and ignored.
	o, err := Evaluate(Course{T0: in.T0, NextCourse: in.NextCourse, RemissionMax: max(in.RemissionMax, 0),
		ResponseDropPct: in.ResponseDropPct, Scores: in.Scores})
	if err != nil {
		return Trajectory{}, err
	}
	t := Trajectory{Instrument: in.Instrument, Name: in.Name, T0: in.T0, RemissionMax: in.RemissionMax,
		HasRemission: in.HasRemission, HasBaseline: o.HasBaseline, Points: []TrajectoryPoint{}, Sessions: []TrajectorySession{}}
	if o.HasBaseline {
		t.Baseline, t.BaselineAt = o.Baseline.Total, o.Baseline.At
		drop := Course{ResponseDropPct: in.ResponseDropPct}.responseDrop()
		t.ResponseThreshold = float64(o.Baseline.Total) * float64(100-drop) / 100
	}
	scores := slices.Clone(in.Scores)
	slices.SortStableFunc(scores, func(a, b Score) int { return a.At.Compare(b.At) })
	from := in.T0.Add(-baselineWindow)
	baselineMarked := false
	for i := len(scores) - 1; i >= 0; i-- { // the baseline is the latest in its window
		s := scores[i]
		if s.At.Before(from) || (!in.NextCourse.IsZero() && !s.At.Before(in.NextCourse)) {
			continue
		}
		p := TrajectoryPoint{At: s.At, Day: days(in.T0, s.At), Total: s.Total, FollowUp: s.At.After(in.T0)}
		if o.HasBaseline && !p.FollowUp && !baselineMarked && s.At.Equal(o.Baseline.At) && s.Total == o.Baseline.Total {
			p.Baseline, baselineMarked = true, true
		}
		if o.HasBaseline {
			d := s.Total - o.Baseline.Total
			p.ChangePoints = &d
			if o.Baseline.Total > 0 {
				pct := 100 * float64(d) / float64(o.Baseline.Total)
				p.ChangePct = &pct
			}
		}
		t.Points = append(t.Points, p)
	}
	slices.Reverse(t.Points)
	for i := len(t.Points) - 1; i >= 0; i-- {
		if t.Points[i].FollowUp {
			p := t.Points[i]
			t.Latest = &p
			break
		}
	}
	sessions := slices.Clone(in.Sessions)
	slices.SortStableFunc(sessions, func(a, b TrajectorySession) int { return a.At.Compare(b.At) })
	for _, s := range sessions {
		if s.At.Before(in.T0) || (!in.NextCourse.IsZero() && !s.At.Before(in.NextCourse)) {
			continue
		}
		s.Day = days(in.T0, s.At)
		t.Sessions = append(t.Sessions, s)
	}
	t.LeftOut = o.Response.LeftOut
	t.Response = milestone(o.Response, o.FollowUps, in.T0)
	if in.HasRemission {
		t.Remission = milestone(o.Remission, o.FollowUps, in.T0)
	}
	if t.Response.Reached && o.Relapse.Event {
		t.Relapse = Milestone{Reached: true, Day: o.Relapse.Days, At: t.Response.At.Add(time.Duration(o.Relapse.Days * 24 * float64(time.Hour)))}
		for _, f := range o.FollowUps {
			if f.At.Equal(t.Relapse.At) || math.Abs(f.At.Sub(t.Relapse.At).Seconds()) < 1 {
				t.Relapse.At, t.Relapse.Total = f.At, f.Total
				break
			}
		}
	}
	t.Summary = summary(t)
	return t, nil
}

// milestone finds the follow-up an event happened at.
func milestone(e TimeToEvent, fu []Score, t0 time.Time) Milestone {
	if !e.Event {
		return Milestone{}
	}
	for _, f := range fu {
		if days(t0, f.At) == e.Days {
			return Milestone{Reached: true, At: f.At, Day: e.Days, Total: f.Total}
		}
	}
	return Milestone{Reached: true, Day: e.Days}
}

// dayNumber is a day count as people say it: rounded, and at least day 1
// for anything after T0.
func dayNumber(d float64) int { return int(math.Round(d)) } // as the chart's day axis places it

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// firstSession names the first treatment as patients know it.
func firstSession(ss []TrajectorySession) string {
	if len(ss) == 0 {
		return "the start of treatment"
	}
	switch ss[0].Route {
	case clinic.RouteIV:
		return "the first infusion"
	case clinic.RouteIM:
		return "the first injection"
	case clinic.RouteEsketamine:
		return "the first nasal spray session"
	}
	return "the first dose"
}

// summary writes the trajectory in one plain sentence, true to the
// scores: where the latest score stands against the baseline, when, the
// lowest score when the course has come back up since, and the milestones,
// each on the day the chart shows it (day 0 is the day of the first
// session). E.g. "PHQ-9 fell from 19 to 8 (−58%) by day 3 after the first
// infusion: response on day 3; not yet in remission".
func summary(t Trajectory) string {
	name := t.Name
	if name == "" {
		name = t.Instrument
	}
	switch {
	case t.LeftOut == NoBaseline:
		return fmt.Sprintf("%s: no baseline score in the 30 days before the first session, so change cannot be measured.", name)
	case t.Latest == nil:
		return fmt.Sprintf("%s baseline %d; no score since treatment started yet.", name, t.Baseline)
	}
	l := *t.Latest
	first := firstSession(t.Sessions)
	on := func(d float64) string {
		if n := dayNumber(d); n > 0 {
			return fmt.Sprintf("on day %d", n)
		}
		return "on the day of " + first
	}
	lowest, lowestDay, moved := l.Total, l.Day, false
	for _, p := range t.Points {
		if !p.FollowUp {
			continue
		}
		moved = moved || p.Total != t.Baseline
		if p.Total < lowest {
			lowest, lowestDay = p.Total, p.Day
		}
	}
	var b strings.Builder
	switch {
	case l.Total == t.Baseline && moved:
		fmt.Fprintf(&b, "%s is back at its baseline of %d", name, t.Baseline)
	case l.Total == t.Baseline:
		fmt.Fprintf(&b, "%s is unchanged at %d", name, t.Baseline)
	default:
		verb := "fell"
		if l.Total > t.Baseline {
			verb = "rose"
		}
		fmt.Fprintf(&b, "%s %s from %d to %d", name, verb, t.Baseline, l.Total)
		if l.ChangePct != nil {
			fmt.Fprintf(&b, " (%s%.0f%%)", sign(*l.ChangePct), math.Abs(*l.ChangePct))
		}
	}
	if n := dayNumber(l.Day); n > 0 {
		fmt.Fprintf(&b, " by day %d after %s", n, first)
	} else {
		b.WriteString(" on the day of " + first)
	}
	if lowest < l.Total {
		fmt.Fprintf(&b, " (lowest %d, %s)", lowest, on(lowestDay))
	}
	b.WriteString(": ")
	if t.Response.Reached {
		b.WriteString("response " + on(t.Response.Day))
	} else {
		b.WriteString("no response yet")
	}
	if t.HasRemission {
		if t.Remission.Reached {
			b.WriteString("; remission " + on(t.Remission.Day))
		} else {
			b.WriteString("; not yet in remission")
		}
	}
	if t.Relapse.Reached {
		fmt.Fprintf(&b, "; relapse %s after the response", plural(max(1, dayNumber(t.Relapse.Day)), "day", "days"))
	}
	return b.String()
}

func sign(pct float64) string {
	switch {
	case pct < 0:
		return "−" // U+2212 minus sign
	case pct > 0:
		return "+"
	}
	return ""
}
