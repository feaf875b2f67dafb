package session

import (
	"fmt"
	"time"
)

// DoseSpacing keeps a patient's doses apart: never two on one clinic day,
// and as many clinic days apart as the plan's minimum spacing. The plan's
// minimum is in hours between sessions (protocol.Template.MinHoursApart,
// e.g. 48 h for a 3×/week IV induction) but sessions are planned and
// booked by day, so a dose is checked by local calendar days: 48 h means
// two days, and a Wednesday 09:30 dose after a Monday 10:00 one is in
// order although 47.5 hours apart.
type DoseSpacing struct {
	MinHoursApart int            // the plan's minimum; below 24 only the one-a-day rule applies
	Loc           *time.Location // the clinic's time zone: where its days begin
}

// MinDays is the least number of local days between two doses.
func (r DoseSpacing) MinDays() int {
	return max(1, r.MinHoursApart/24)
}

// Check says why a dose at t is too close to the patient's prior doses,
// or "" when it is not. The message names the nearest dose.
func (r DoseSpacing) Check(prior []time.Time, t time.Time) string {
	loc := r.Loc
	if loc == nil {
		loc = time.UTC
	}
	day := localDay(t, loc)
	var nearest time.Time
	gap := 0
	for _, p := range prior {
		d := day - localDay(p, loc)
		if d < 0 {
			d = -d
		}
		if d < r.MinDays() && (nearest.IsZero() || d < gap || d == gap && p.After(nearest)) {
			nearest, gap = p, d
		}
	}
	switch {
	case nearest.IsZero():
		return ""
	case gap == 0:
		return fmt.Sprintf("One treatment a day: a dose was already given on this day at %s.", nearest.In(loc).Format("15:04"))
	default:
		return fmt.Sprintf("The plan keeps doses at least %d days apart: a dose was given on %s.", r.MinDays(),
			nearest.In(loc).Format("Mon 2 Jan 15:04"))
	}
}

// localDay numbers the calendar day of t in loc (days since 1970-01-01 there).
func localDay(t time.Time, loc *time.Location) int {
	y, m, d := t.In(loc).Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}
