package session

import (
	"fmt"
	"time"

	"onset/internal/clinic"
)

// DischargeRules are the minimum monitoring times by route and how recent
// the last vital signs must be.
type DischargeRules struct {
	// EsketamineMin counts from the first device (the start of dosing).
	EsketamineMin time.Duration
	// OtherMin counts from the end of the dose (end of the infusion, the
	// injection, the sublingual hold), for racemic ketamine by route.
	OtherMin map[clinic.Route]time.Duration
	// DefaultOtherMin applies to a route missing from OtherMin.
	DefaultOtherMin time.Duration
	// RecheckWithin: the last vital signs must be this recent.
	RecheckWithin time.Duration
}

// DefaultDischargeRules:
//   - esketamine: at least 2 hours from the first device and until
//     clinically stable (Spravato label and REMS; clinical-reference §1.5,
//     §5.3);
//   - IV, IM, sublingual, oral racemic ketamine: no formal psychiatric
//     standard exists (§5.3). Practice examples observe 30 minutes after an
//     infusion (Neuromend clinic blog [2°]) or an IM injection (Northrup
//     Psychiatry [2°]); the default here is a more cautious 60 minutes
//     after the end of the dose, a clinic setting to review;
//   - the last vital signs within 30 minutes: the esketamine label asks
//     for BP "before the session ends" (§1.5) and procedural-sedation
//     guidance for vital signs back to baseline (RCEM, §5.3); the 30
//     minutes is this software's setting, not a published figure.
func DefaultDischargeRules() DischargeRules {
	return DischargeRules{
		EsketamineMin:   2 * time.Hour,
		DefaultOtherMin: 60 * time.Minute,
		RecheckWithin:   30 * time.Minute,
	}
}

// DischargeState is what the discharge decision looks at.
type DischargeState struct {
	Route            clinic.Route
	Dosed            bool
	DoseStart        time.Time // the first device, the start of the infusion or injection
	DoseEnd          time.Time
	Now              time.Time
	Baseline         Vitals
	Last             *Reading // the latest vital signs, nil if none after check-in
	OpenAlerts       int      // alerts not yet acknowledged
	AlertOriented    bool     // assessed alert and oriented
	ResponsibleAdult bool     // a responsible adult is present to take the patient home
}

// Minimum is the least monitoring time for a route, and whether it counts
// from the start of dosing (esketamine's first device) rather than its end.
func (r DischargeRules) Minimum(route clinic.Route) (d time.Duration, fromStart bool) {
	if route == clinic.RouteEsketamine {
		return r.EsketamineMin, true
	}
	d, ok := r.OtherMin[route]
	if !ok {
		d = r.DefaultOtherMin
	}
	return d, false
}

// DrivingAdvice is what patients are told about driving, on every page
// and form that tells them: not until the next day after a restful sleep
// (the Spravato label's instruction; applied to racemic ketamine too as
// the cautious clinic default — no label gives a shorter time for it).
const DrivingAdvice = "Do not drive or operate machinery until the next day, after a restful sleep."

// MinimumEnd is the earliest discharge time for a dosed session.
func (r DischargeRules) MinimumEnd(route clinic.Route, start, end time.Time) time.Time {
	if route == clinic.RouteEsketamine {
		return start.Add(r.EsketamineMin)
	}
	d, ok := r.OtherMin[route]
	if !ok {
		d = r.DefaultOtherMin
	}
	if end.Before(start) {
		end = start
	}
	return end.Add(d)
}

// Unmet lists, in plain words, every discharge criterion not yet met;
// discharge is allowed when it is empty.
func (r DischargeRules) Unmet(st DischargeState, limits AlertLimits) []string {
	var out []string
	if st.Dosed {
		if earliest := r.MinimumEnd(st.Route, st.DoseStart, st.DoseEnd); st.Now.Before(earliest) {
			what := "after the end of the dose"
			if st.Route == clinic.RouteEsketamine {
				what = "from the first device"
			}
			out = append(out, fmt.Sprintf("Minimum monitoring time %s not reached: discharge from %s UTC (%s to go).",
				what, earliest.Format("15:04"), minutes(earliest.Sub(st.Now))))
		}
	}
	switch {
	case st.Last == nil:
		out = append(out, "No vital signs recorded after check-in.")
	case st.Now.Sub(st.Last.At) > r.RecheckWithin:
		out = append(out, fmt.Sprintf("The last vital signs are older than %s; take a new set.", minutes(r.RecheckWithin)))
	default:
		out = append(out, limits.WithinLimits(st.Baseline, *st.Last)...)
	}
	if st.OpenAlerts > 0 {
		out = append(out, fmt.Sprintf("%d alert(s) not yet acknowledged.", st.OpenAlerts))
	}
	if !st.AlertOriented {
		out = append(out, "The patient has not been assessed as alert and oriented.")
	}
	if !st.ResponsibleAdult {
		out = append(out, "No responsible adult is present to take the patient home.")
	}
	return out
}
