package demo

import (
	"math/rand/v2"
	"slices"
	"time"

	"onset/internal/clinic"
)

// Course mix and follow-up. Shares without a citation are plausible clinic
// practice, not published figures.
const (
	historyDays          = 548  // course 1 starts within the 18 months before now
	shareNoBaseline      = 0.05 // courses left out of analytics
	shareTherapy         = 0.35
	shareExtraGAD7       = 0.35 // depression courses also scored on the GAD-7
	shareMaintenance     = 0.45 // of IV, IM and sublingual responders
	shareMaintenanceEsk  = 0.75 // of esketamine responders: label, continue ≥ 6 months
	shareSecondCourse    = 0.5  // of patients who relapse with time left
	weeksFollowResponder = 8
	weeksFollowNever     = 4
	followDays           = 180 // responders: monthly after the weekly checks, to here
)

// plan is a whole course before it is cut at now or at the next course.
type plan struct {
	course    clinic.Course
	sessions  []sitting
	checks    []time.Time // assessment times, sorted
	scales    []measured
	curve     curve
	relapseAt time.Time // zero without relapse
	itemNine  bool      // PHQ-9 item 9 positive at baseline
}

// first is the time of the course's first event.
func (p plan) first() time.Time {
	if len(p.checks) > 0 && p.checks[0].Before(p.course.StartedAt) {
		return p.checks[0]
	}
	return p.course.StartedAt
}

// newPlan plans a course of p for cond whose first session is on or just
// before day start.
func newPlan(r *rand.Rand, p person, cond clinic.Condition, start time.Time) plan {
	route := drawRoute(r, cond)
	therapy := r.Float64() < shareTherapy
	k := drawClass(r, route, p.factors.odds(therapy))
	perWeek := 2
	if route == clinic.RouteIV && r.IntN(5) < 3 {
		perWeek = 3
	}
	wd := weekdays(r, perWeek)
	t0day := alignBack(date(start), wd)
	slot := r.IntN(lastSlot + 1)
	d := newDosing(r, route, p, k, t0day)
	ss := sessionsOn(r, series(r, route, t0day, wd), slot, d, 0)
	t0 := ss[0].at
	end := ss[len(ss)-1].at
	seriesEnd := days(end, t0)

	respondDay := 0.0
	if k == gradual {
		if route == clinic.RouteEsketamine {
			respondDay = uniform(r, 8, 28) // Turkoz 2021: response builds to day 28
		} else {
			// Phillips 2019: median 3 infusions to response.
			i := 1 + choose(r, 2, 4, 3, 2, 1) // the 2nd..6th infusion
			respondDay = days(ss[i].at, t0) + 1
		}
	}
	c := trajectory(r, k, respondDay, seriesEnd)

	var relapseAt time.Time
	last := end
	if k != never {
		share := shareMaintenance
		if route == clinic.RouteEsketamine {
			share = shareMaintenanceEsk
		}
		if r.Float64() < share {
			stop := addDays(end, uniform(r, 60, 300))
			if r.Float64() < relapseOnMaintenance {
				relapseAt = addDays(end, uniform(r, 14, days(stop, end)))
				stop = relapseAt
			}
			weekly, every := maintenanceEvery(r, route)
			ss = append(ss, sessionsOn(r, maintenance(date(end), stop, weekly, every), slot, d, len(ss))...)
			last = ss[len(ss)-1].at
		} else if r.Float64() < relapseWithoutMaintenance {
			relapseAt = addDays(end, relapseDelay(r, cond, therapy))
		}
		if !relapseAt.IsZero() {
			c = c.relapse(r, days(relapseAt, t0))
		}
	}

	pl := plan{
		course:   clinic.Course{Condition: cond, Route: route, StartedAt: t0, Therapy: therapy},
		sessions: ss, curve: c, relapseAt: relapseAt,
		scales: scalesFor(r, p, cond),
	}
	pl.itemNine = pl.scales[0].itemNine && r.Float64() < shareItemNineAtBaseline
	pl.checks = checks(r, ss, seriesSessionsOf(route), last, k)
	return pl
}

func seriesSessionsOf(route clinic.Route) int {
	if route == clinic.RouteEsketamine {
		return 12
	}
	return seriesSessions
}

// scalesFor lists the instruments of a course: the one for its condition
// first, then the GAD-7 or PHQ-9 for a second condition.
func scalesFor(r *rand.Rand, p person, cond clinic.Condition) []measured {
	out := []measured{measure(r, scaleFor(cond))}
	if cond == clinic.Depression && (slices.Contains(p.Conditions, clinic.Anxiety) || r.Float64() < shareExtraGAD7) {
		gad7 := scaleFor(clinic.Anxiety)
		gad7.mean, gad7.lo = 12, 5 // anxiety beside depression: a little milder
		out = append(out, measure(r, gad7))
	}
	if cond != clinic.Depression && slices.Contains(p.Conditions, clinic.Depression) {
		out = append(out, measure(r, scaleFor(clinic.Depression)))
	}
	return out
}

// checks returns the assessment times of a course: a baseline in the 30
// days before T0, before and about 24 h after each series session, monthly
// during maintenance, then weekly and monthly after the last session.
func checks(r *rand.Rand, ss []sitting, nSeries int, last time.Time, k class) []time.Time {
	t0 := ss[0].at
	var out []time.Time
	baseline := r.Float64() >= shareNoBaseline
	if baseline {
		out = append(out, inClinic(t0.AddDate(0, 0, -1-r.IntN(28)), r.IntN(lastSlot+1)))
	}
	for i, s := range ss[:nSeries] {
		if i > 0 || baseline {
			out = append(out, s.at.Add(-time.Duration(10+r.IntN(21))*time.Minute))
		}
		out = append(out, s.at.Add(24*time.Hour+time.Duration(r.IntN(241)-120)*time.Minute))
	}
	end := ss[nSeries-1].at
	for d := end.AddDate(0, 0, 28); d.Before(last); d = d.AddDate(0, 0, 28) {
		out = append(out, remote(r, d))
	}
	weeks := weeksFollowResponder
	if k == never {
		weeks = weeksFollowNever
	}
	for w := 1; w <= weeks; w++ {
		out = append(out, remote(r, last.AddDate(0, 0, 7*w)))
	}
	if k != never {
		for d := last.AddDate(0, 0, 7*weeks+28); d.Sub(last) <= followDays*day; d = d.AddDate(0, 0, 28) {
			out = append(out, remote(r, d))
		}
	}
	slices.SortFunc(out, time.Time.Compare)
	return out
}
