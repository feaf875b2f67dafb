package session

import (
	"fmt"
	"time"
)

// HoldRule is the pre-dose blood-pressure threshold: a baseline above it
// holds the dose until a clinician decides, with a reason.
type HoldRule struct {
	MaxSystolic      int // hold when systolic is above this
	MaxDiastolic     int // hold when diastolic is above this
	OlderAge         int // above this age (years) the systolic limit is OlderMaxSystolic
	OlderMaxSystolic int
}

// DefaultHoldRule is the phase-3 esketamine trials' hold rule: dosing held
// if SBP > 140 (> 150 if age > 65) or DBP > 90 (Janssen Medical
// Information; clinical-reference §1.3). It agrees with the Spravato
// label's pre-dose anchor of 140/90 (label via J&J Medical Information)
// for patients up to 65. Sanacora 2017 gives no numbers (§1.3, §6).
func DefaultHoldRule() HoldRule {
	return HoldRule{MaxSystolic: 140, MaxDiastolic: 90, OlderAge: 65, OlderMaxSystolic: 150}
}

// Check returns the reason the dose is held, or "" when it is not.
func (r HoldRule) Check(v Vitals, ageYears int) string {
	maxSys := r.MaxSystolic
	if r.OlderAge > 0 && ageYears > r.OlderAge {
		maxSys = r.OlderMaxSystolic
	}
	switch {
	case v.Systolic > maxSys && v.Diastolic > r.MaxDiastolic:
		return fmt.Sprintf("Blood pressure %s is above the pre-dose limit of %d/%d.", v.BP(), maxSys, r.MaxDiastolic)
	case v.Systolic > maxSys:
		return fmt.Sprintf("Systolic pressure %d is above the pre-dose limit of %d.", v.Systolic, maxSys)
	case v.Diastolic > r.MaxDiastolic:
		return fmt.Sprintf("Diastolic pressure %d is above the pre-dose limit of %d.", v.Diastolic, r.MaxDiastolic)
	}
	return ""
}

// AlertKind names what an alert is about.
type AlertKind string

const (
	AlertBPRise      AlertKind = "bp-rise"      // rise from baseline
	AlertBPHigh      AlertKind = "bp-high"      // absolute limit
	AlertSpO2Low     AlertKind = "spo2-low"     // desaturation
	AlertHRSustained AlertKind = "hr-sustained" // tachycardia over time
)

// Alert is one limit a reading crossed.
type Alert struct {
	Kind    AlertKind
	Message string
}

// AlertLimits are the monitoring limits. Defaults (DefaultAlertLimits)
// come from clinical-reference §5.2 and §1.3.
type AlertLimits struct {
	RiseSystolic  int           // alert at a rise of at least this from baseline
	RiseDiastolic int           // alert at a rise of at least this from baseline
	MaxSystolic   int           // alert above this
	MaxDiastolic  int           // alert above this
	MinSpO2       int           // alert below this
	MaxHeartRate  int           // alert when above this, sustained
	Sustained     time.Duration // how long the heart rate must stay above MaxHeartRate
}

// DefaultAlertLimits:
//   - a rise of ≥ 40 mmHg systolic or ≥ 25 mmHg diastolic from the pre-dose
//     value: the Spravato label's measure of a clinically relevant rise
//     (8–19% vs 1–4% in the first 1.5 h; 2021 label copy, §5.2);
//   - BP > 180/110 and sustained HR > 120: one academic esketamine clinic's
//     PRN triggers ("BP > 180/110 twice, 5 min apart … sustained HR > 120
//     for 5 min"), Student Doctor Network forum — anecdotal [2°], §1.3.
//     Here BP > 180/110 alerts on a single reading (earlier warning than
//     the forum's "twice"), and "sustained" means every reading over at
//     least 5 minutes was above the limit: two or more consecutive
//     readings above it, the first at least 5 minutes before the last;
//   - SpO2 < 92%: the default; no published psychiatric threshold
//     was found (§5.2 lists none), so treat it as the clinic's setting.
func DefaultAlertLimits() AlertLimits {
	return AlertLimits{RiseSystolic: 40, RiseDiastolic: 25, MaxSystolic: 180, MaxDiastolic: 110,
		MinSpO2: 92, MaxHeartRate: 120, Sustained: 5 * time.Minute}
}

// Check returns the alerts a new reading raises, given the baseline and
// the session's earlier readings (any order).
func (l AlertLimits) Check(baseline Vitals, earlier []Reading, r Reading) []Alert {
	var out []Alert
	dSys, dDia := r.Systolic-baseline.Systolic, r.Diastolic-baseline.Diastolic
	if dSys >= l.RiseSystolic || dDia >= l.RiseDiastolic {
		out = append(out, Alert{AlertBPRise, fmt.Sprintf("Blood pressure %s is up %+d/%+d mmHg from the pre-dose %s (limit +%d/+%d).",
			r.BP(), dSys, dDia, baseline.BP(), l.RiseSystolic, l.RiseDiastolic)})
	}
	if r.Systolic > l.MaxSystolic || r.Diastolic > l.MaxDiastolic {
		out = append(out, Alert{AlertBPHigh, fmt.Sprintf("Blood pressure %s is above %d/%d.", r.BP(), l.MaxSystolic, l.MaxDiastolic)})
	}
	if r.SpO2 < l.MinSpO2 {
		out = append(out, Alert{AlertSpO2Low, fmt.Sprintf("SpO2 %d%% is below %d%%.", r.SpO2, l.MinSpO2)})
	}
	if since, ok := l.highHeartRateSince(earlier, r); ok {
		out = append(out, Alert{AlertHRSustained, fmt.Sprintf("Heart rate has stayed above %d/min for %s (now %d/min).",
			l.MaxHeartRate, minutes(r.At.Sub(since)), r.HeartRate)})
	}
	return out
}

// highHeartRateSince reports when the run of readings above the heart-rate
// limit that ends with r began, if it has lasted at least l.Sustained.
func (l AlertLimits) highHeartRateSince(earlier []Reading, r Reading) (time.Time, bool) {
	if r.HeartRate <= l.MaxHeartRate {
		return time.Time{}, false
	}
	// Walk back from r through readings taken before it, newest first.
	start := r.At
	for {
		var prev *Reading
		for i := range earlier {
			e := &earlier[i]
			if e.At.Before(start) && (prev == nil || e.At.After(prev.At)) {
				prev = e
			}
		}
		if prev == nil || prev.HeartRate <= l.MaxHeartRate {
			break
		}
		start = prev.At
	}
	return start, start.Before(r.At) && r.At.Sub(start) >= l.Sustained
}

// WithinLimits lists how a reading is outside the limits (empty when it
// is back within them): the discharge check uses it on the last reading.
func (l AlertLimits) WithinLimits(baseline Vitals, r Reading) []string {
	var out []string
	for _, a := range l.Check(baseline, nil, r) {
		out = append(out, a.Message)
	}
	// A single fast heart rate cannot be "sustained", but at discharge the
	// last reading itself must be within the limit.
	if r.HeartRate > l.MaxHeartRate {
		out = append(out, fmt.Sprintf("Heart rate %d/min is above %d/min.", r.HeartRate, l.MaxHeartRate))
	}
	return out
}

func minutes(d time.Duration) string {
	m := int(d.Round(time.Minute) / time.Minute)
	if m == 1 {
		return "1 minute"
	}
	return fmt.Sprintf("%d minutes", m)
}

// Abnormal marks which values of a reading are outside the limits, for
// highlighting in the vitals grid.
type Abnormal struct{ BP, HeartRate, SpO2 bool }

// Any reports whether any value is outside the limits.
func (a Abnormal) Any() bool { return a.BP || a.HeartRate || a.SpO2 }

// Flags marks a reading's values that are outside the limits: a blood
// pressure risen by the alert margin from baseline or above the maximum,
// a heart rate above the maximum (highlighted at once; the alert waits
// until it is sustained), an SpO2 below the minimum.
func (l AlertLimits) Flags(baseline Vitals, r Vitals) Abnormal {
	return Abnormal{
		BP: r.Systolic-baseline.Systolic >= l.RiseSystolic || r.Diastolic-baseline.Diastolic >= l.RiseDiastolic ||
			r.Systolic > l.MaxSystolic || r.Diastolic > l.MaxDiastolic,
		HeartRate: r.HeartRate > l.MaxHeartRate,
		SpO2:      r.SpO2 < l.MinSpO2,
	}
}

// Combine makes one alert of a reading's alerts, with every reason: one
// reading that breaks three limits is one thing for a nurse to answer.
func Combine(as []Alert) (Alert, bool) {
	if len(as) == 0 {
		return Alert{}, false
	}
	out := as[0]
	for _, a := range as[1:] {
		out.Message += " " + a.Message
	}
	return out, true
}
