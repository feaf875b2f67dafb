package outcomes

import (
	"slices"
	"time"

	"onset/internal/clinic"
)

// History is one patient's records that a clinic's outcomes are computed
// from: courses, doses and the scores of one instrument.
type History struct {
	PatientID       int64
	BirthDate       time.Time // zero when unknown
	Courses         []clinic.Course
	Administrations []clinic.Administration
	Scores          []Score // of the instrument analysed
}

// Instrument is what cohort analysis needs of a questionnaire.
type Instrument struct {
	ID           string
	RemissionMax int  // remission is total ≤ RemissionMax
	HasRemission bool // false: remission is not analysed
	// ResponseDropPct is the instrument's response drop in percent (Course).
	ResponseDropPct int
	// MinBaseline is the lowest baseline that enters the analytics
	// (design.md §3: scales.MinBaseline, or the clinic's lower setting); a
	// course below it is left out as BaselineBelowMin. 0: no minimum.
	MinBaseline int
	Severity    func(total int) string // band label; "" when none
	Bands       []string               // the band labels, mildest first
}

// CourseRow is one course's outcomes on one instrument with the facts its
// strata are read from: the row behind every curve, and the CSV download.
type CourseRow struct {
	CourseID  int64
	PatientID int64
	T0        time.Time
	Facts     Facts
	Outcomes
}

// Event names one of the three time-to-event outcomes.
type Event string

const (
	EventResponse  Event = "response"
	EventRemission Event = "remission"
	EventRelapse   Event = "relapse"
)

// ParseEvent reads --event / event=; "" means response.
func ParseEvent(s string) (Event, error) {
	switch Event(s) {
	case "", EventResponse:
		return EventResponse, nil
	case EventRemission, EventRelapse:
		return Event(s), nil
	}
	return "", clinic.Errorf(clinic.Invalid, "unknown event %q: choose response, remission or relapse", s)
}

// Of returns the row's time to event e.
func (r CourseRow) Of(e Event) TimeToEvent {
	switch e {
	case EventRemission:
		return r.Remission
	case EventRelapse:
		return r.Relapse
	}
	return r.Response
}

// CourseRows evaluates every course of h on instrument in (design.md §3).
// T0 is the first dose of the course, or the course's recorded start when
// no dose is recorded; follow-up ends at the patient's next course's T0.
func CourseRows(h History, in Instrument) ([]CourseRow, error) {
	if len(h.Courses) == 0 {
		return nil, nil
	}
	doses := map[int64][]clinic.Administration{}
	for _, a := range h.Administrations {
		doses[a.CourseID] = append(doses[a.CourseID], a)
	}
	type started struct {
		c  clinic.Course
		t0 time.Time
	}
	cs := make([]started, len(h.Courses))
	for i, c := range h.Courses {
		t0 := c.StartedAt
		for _, a := range doses[c.ID] {
			if a.GivenAt.Before(t0) {
				t0 = a.GivenAt
			}
		}
		cs[i] = started{c, t0}
	}
	slices.SortStableFunc(cs, func(a, b started) int { return a.t0.Compare(b.t0) })
	remissionMax := max(in.RemissionMax, 0)
	rows := make([]CourseRow, 0, len(cs))
	for i, c := range cs {
		var next time.Time
		// A later course starting at the same instant cannot bound this one;
		// the first strictly later start does.
		for _, n := range cs[i+1:] {
			if n.t0.After(c.t0) {
				next = n.t0
				break
			}
		}
		o, err := Evaluate(Course{T0: c.t0, NextCourse: next, RemissionMax: remissionMax, ResponseDropPct: in.ResponseDropPct, Scores: h.Scores})
		if err != nil {
			return nil, err
		}
		if !o.HasBaseline && len(o.FollowUps) == 0 {
			// Not a missing baseline but an instrument this course was
			// never scored on (e.g. the GAD-7 for a depression course).
			na := TimeToEvent{LeftOut: NotAssessed}
			o.Response, o.Remission, o.Relapse = na, na, na
		}
		if o.HasBaseline && o.Baseline.Total < in.MinBaseline {
			below := TimeToEvent{LeftOut: BaselineBelowMin}
			o.Response, o.Remission, o.Relapse = below, below, below
		}
		if !in.HasRemission && o.Remission.LeftOut == "" {
			o.Remission = TimeToEvent{LeftOut: NoRemissionCutoff}
		}
		severity := ""
		if o.HasBaseline && in.Severity != nil {
			severity = in.Severity(o.Baseline.Total)
		}
		f := FactsOf(c.c, c.t0, doses[c.c.ID], h.BirthDate, severity)
		if severity != "" {
			for i, b := range in.Bands {
				if b == severity {
					f.SeverityRank = i + 1
				}
			}
		}
		rows = append(rows, CourseRow{CourseID: c.c.ID, PatientID: h.PatientID, T0: c.t0, Facts: f, Outcomes: o})
	}
	return rows, nil
}

// NotAssessed leaves out a course with no score of the instrument from 30
// days before T0 to the next course: design.md §3 counts it as having no
// baseline; it is counted apart so that "no baseline" means a missing
// measurement, not an instrument the course does not use.
const NotAssessed LeftOut = "not assessed"

// NoRemissionCutoff leaves out every course of an instrument that has no
// published remission cut-off.
const NoRemissionCutoff LeftOut = "no remission cut-off"

// BaselineBelowMin leaves out a course whose baseline is below the
// instrument's minimum (design.md §3: e.g. PHQ-9 10): "50% better" from a
// PHQ-9 of 4 is not a response. Its trajectory still shows it.
const BaselineBelowMin LeftOut = "baseline below min"
