package protocol

import (
	"fmt"
	"slices"
	"time"

	"onset/internal/clinic"
)

// PlanRequest is what plan generation needs.
type PlanRequest struct {
	Template Template
	WeightKg float64 // required when the template has weight-based doses
	AgeYears int     // required when the template has an older-adult first dose
	Start    time.Time
	Weekdays []time.Weekday // days the clinic gives treatment
	RoundMg  float64        // the clinic's mg increment; 0 means 0.1 mg
}

// Session is one proposed session.
type Session struct {
	Number      int // 1-based across the whole plan
	Phase       string
	Date        time.Time // midnight in Start's location
	Route       clinic.Route
	DoseMg      float64
	MgPerKg     float64 // the template's mg/kg, or the fixed dose per kg (0 without a weight)
	Devices     int     // esketamine only
	DurationMin int
	MonitorMin  int
}

// maxSearchDays bounds the search for a date that fits; with at least one
// open weekday a fit is always found within two weeks.
const maxSearchDays = 366

// Plan proposes dated sessions from a template. The first session is on
// the first open weekday on or after Start; each next one is IntervalDays
// later, moved to the next date that is an open weekday, at least
// MinHoursApart after the previous session (sessions are planned by date,
// at the same time of day) and within the phase's MaxPerWeek in any 7
// consecutive days. A plan that cannot keep MaxIntervalDays or MaxSpanDays
// on the clinic's weekdays is an error naming the limit, not a quietly
// stretched plan.
func Plan(r PlanRequest) ([]Session, error) {
	t := r.Template
	if err := t.Validate(); err != nil {
		return nil, err
	}
	if r.Start.IsZero() {
		return nil, clinic.Errorf(clinic.Invalid, "start date is required")
	}
	open := map[time.Weekday]bool{}
	for _, d := range r.Weekdays {
		if d < time.Sunday || d > time.Saturday {
			return nil, clinic.Errorf(clinic.Invalid, "weekday %d is not a day of the week", d)
		}
		open[d] = true
	}
	if len(open) == 0 {
		return nil, clinic.Errorf(clinic.Invalid, "the clinic's treatment weekdays are required")
	}
	if t.weightBased() || r.WeightKg != 0 {
		if err := checkWeight(r.WeightKg); err != nil {
			return nil, err
		}
	}
	if t.OlderAdultAge > 0 && (r.AgeYears < 1 || r.AgeYears > 130) {
		return nil, clinic.Errorf(clinic.Invalid, "age %d is required and must be plausible: this template's first dose depends on age", r.AgeYears)
	}
	roundMg, err := positiveOr(r.RoundMg, defaultRoundMg, "mg rounding increment")
	if err != nil {
		return nil, err
	}

	loc := r.Start.Location()
	y, m, d := r.Start.Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, loc)
	var out []Session
	var dates []time.Time
	for pi, p := range t.Phases {
		var phaseFirst time.Time
		for i := range p.Sessions {
			cand := start
			if n := len(dates); n > 0 {
				cand = dates[n-1].AddDate(0, 0, p.IntervalDays)
			}
			date, ok := fit(cand, dates, open, t.MinHoursApart, p.MaxPerWeek)
			if !ok {
				return nil, clinic.Errorf(clinic.Invalid, "phase %q: no date fits the clinic's weekdays", p.Name)
			}
			if n := len(dates); n > 0 && p.MaxIntervalDays > 0 {
				if gap := days(dates[n-1], date); gap > p.MaxIntervalDays {
					return nil, clinic.Errorf(clinic.Invalid,
						"phase %q: sessions %d and %d would be %d days apart on the clinic's weekdays; phases[%d].max_interval_days is %d",
						p.Name, n, n+1, gap, pi, p.MaxIntervalDays)
				}
			}
			if i == 0 {
				phaseFirst = date
			}
			if p.MaxSpanDays > 0 {
				if span := days(phaseFirst, date); span > p.MaxSpanDays {
					return nil, clinic.Errorf(clinic.Invalid,
						"phase %q: on the clinic's weekdays, session %d of %d would fall %d days after the phase's first; phases[%d].max_span_days is %d",
						p.Name, i+1, p.Sessions, span, pi, p.MaxSpanDays)
				}
			}
			dates = append(dates, date)
			s, err := session(t, p, len(dates), date, r, roundMg)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
	}
	return out, nil
}

// fit returns the first date on or after cand that keeps every spacing rule.
func fit(cand time.Time, prev []time.Time, open map[time.Weekday]bool, minHours, maxPerWeek int) (time.Time, bool) {
	for range maxSearchDays {
		if ok := open[cand.Weekday()] && farEnough(cand, prev, minHours) && weekHasRoom(cand, prev, maxPerWeek); ok {
			return cand, true
		}
		cand = cand.AddDate(0, 0, 1)
	}
	return time.Time{}, false
}

func farEnough(cand time.Time, prev []time.Time, minHours int) bool {
	return len(prev) == 0 || days(prev[len(prev)-1], cand)*24 >= minHours
}

// weekHasRoom: fewer than max sessions in the 7 days ending on cand.
func weekHasRoom(cand time.Time, prev []time.Time, max int) bool {
	if max == 0 {
		return true
	}
	n := 0
	for _, d := range slices.Backward(prev) {
		if days(d, cand) >= 7 {
			break
		}
		n++
	}
	return n < max
}

// days counts calendar days from a to b, immune to daylight-saving shifts.
func days(a, b time.Time) int {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return int(time.Date(by, bm, bd, 0, 0, 0, 0, time.UTC).Sub(time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

func session(t Template, p Phase, number int, date time.Time, r PlanRequest, roundMg float64) (Session, error) {
	dose := p.Dose
	if number == 1 {
		if !t.FirstDose.IsZero() {
			dose = t.FirstDose
		}
		if t.OlderAdultAge > 0 && r.AgeYears >= t.OlderAdultAge {
			dose = t.OlderAdultFirstDose
		}
	}
	s := Session{Number: number, Phase: p.Name, Date: date, Route: t.Route, DurationMin: p.DurationMin, MonitorMin: t.MonitorMin}
	if dose.MgPerKg > 0 {
		s.MgPerKg = dose.MgPerKg
		s.DoseMg, _ = roundNotAbove(dose.MgPerKg*r.WeightKg, roundMg, t.CeilingMgPerKg*r.WeightKg)
	} else {
		s.DoseMg = dose.Mg
		if r.WeightKg > 0 {
			s.MgPerKg = roundTo(dose.Mg/r.WeightKg, 0.01)
		}
	}
	if t.Route == clinic.RouteEsketamine {
		n, err := EsketamineDevices(s.DoseMg)
		if err != nil {
			return Session{}, err
		}
		s.Devices = n
		s.DurationMin = esketamineMinutes(n) // the rests between devices [derived from the label]
	}
	return s, nil
}

// String is a one-line summary, e.g. "#1 2025-06-02 iv 41.2 mg (0.5 mg/kg) over 40 min".
func (s Session) String() string {
	out := fmt.Sprintf("#%d %s %s %s mg", s.Number, s.Date.Format(time.DateOnly), s.Route, num(s.DoseMg))
	if s.MgPerKg > 0 {
		out += fmt.Sprintf(" (%s mg/kg)", num(s.MgPerKg))
	}
	if s.DurationMin > 0 {
		out += fmt.Sprintf(" over %d min", s.DurationMin)
	}
	return out
}
