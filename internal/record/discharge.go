package record

import (
	"onset/internal/session"
	"time"
)

// DischargeState is the discharge decision's view of a record at now.
func DischargeState(rec SessionRecord, now time.Time, alertOriented, adult bool) session.DischargeState {
	st := session.DischargeState{Route: rec.Session.Route, Now: now, Baseline: rec.Session.Baseline,
		AlertOriented: alertOriented, ResponsibleAdult: adult}
	if rec.Dose != nil {
		st.Dosed, st.DoseStart, st.DoseEnd = true, rec.Dose.StartedAt, rec.Dose.EndedAt
	}
	for i := range rec.Vitals {
		v := rec.Vitals[i]
		if st.Last == nil || !v.TakenAt.Before(st.Last.At) {
			st.Last = &session.Reading{At: v.TakenAt, Vitals: v.Vitals}
		}
	}
	for _, a := range rec.Alerts {
		if a.Open() {
			st.OpenAlerts++
		}
	}
	return st
}

// DischargeBlockers lists the criteria a session does not yet meet, apart
// from the two that staff attest at discharge (alert and oriented, a
// responsible adult present), which the discharge form asks for.
func DischargeBlockers(rec SessionRecord, now time.Time, rules SessionRules) []string {
	return rules.Discharge.Unmet(DischargeState(rec, now, true, true), rules.Alerts)
}

// EarliestDischarge is when the minimum monitoring time ends (zero before the dose).
func EarliestDischarge(rec SessionRecord, rules SessionRules) time.Time {
	if rec.Dose == nil {
		return time.Time{}
	}
	return rules.Discharge.MinimumEnd(rec.Session.Route, rec.Dose.StartedAt, rec.Dose.EndedAt)
}

// NextVitalsDue is when the next vital signs are due after the latest
// (or after check-in): every VitalsDuring while the dose runs, every
// VitalsAfter once it has ended. Zero once the session is closed.
func NextVitalsDue(rec SessionRecord, rules SessionRules, now time.Time) time.Time {
	ts := rec.Session
	if ts.Status == SessionDischarged || ts.Status == SessionCancelled {
		return time.Time{}
	}
	last := ts.CheckedInAt
	for _, v := range rec.Vitals {
		if v.TakenAt.After(last) {
			last = v.TakenAt
		}
	}
	every := rules.VitalsAfter
	if d := rec.Dose; d != nil && (d.EndedAt.IsZero() || now.Before(d.EndedAt)) {
		every = rules.VitalsDuring
	}
	return last.Add(every)
}
