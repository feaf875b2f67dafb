package record

import (
	"onset/internal/clinic"
	"onset/internal/session"
	"time"
)

// SessionSettings are the session rules a clinic's medical director may
// change, in the units staff use. Onset ships the published defaults
// (DefaultSessionRules); the esketamine 2-hour monitoring is the label's
// and is not a setting.
type SessionSettings struct {
	HoldMaxSystolic      int `json:"hold_max_systolic"`
	HoldMaxDiastolic     int `json:"hold_max_diastolic"`
	HoldOlderAge         int `json:"hold_older_age"`
	HoldOlderMaxSystolic int `json:"hold_older_max_systolic"`
	AlertRiseSystolic    int `json:"alert_rise_systolic"`
	AlertRiseDiastolic   int `json:"alert_rise_diastolic"`
	AlertMaxSystolic     int `json:"alert_max_systolic"`
	AlertMaxDiastolic    int `json:"alert_max_diastolic"`
	AlertMinSpO2         int `json:"alert_min_spo2"`
	AlertMaxHeartRate    int `json:"alert_max_heart_rate"`
	AlertSustainedMin    int `json:"alert_sustained_min"`
	DischargeMinAfterMin int `json:"discharge_min_after_dose_min"` // racemic ketamine, minutes after the end of the dose
	VitalsEveryDuringMin int `json:"vitals_every_during_min"`
	VitalsEveryAfterMin  int `json:"vitals_every_after_min"`

	SavedBy     int64     `json:"saved_by,omitempty"`
	SavedByName string    `json:"saved_by_name,omitempty"`
	SavedAt     time.Time `json:"saved_at,omitzero"`
}

// SettingsOf reads rules back into settings (the form's starting values).
func SettingsOf(r SessionRules) SessionSettings {
	return SessionSettings{HoldMaxSystolic: r.Hold.MaxSystolic, HoldMaxDiastolic: r.Hold.MaxDiastolic,
		HoldOlderAge: r.Hold.OlderAge, HoldOlderMaxSystolic: r.Hold.OlderMaxSystolic,
		AlertRiseSystolic: r.Alerts.RiseSystolic, AlertRiseDiastolic: r.Alerts.RiseDiastolic,
		AlertMaxSystolic: r.Alerts.MaxSystolic, AlertMaxDiastolic: r.Alerts.MaxDiastolic, AlertMinSpO2: r.Alerts.MinSpO2,
		AlertMaxHeartRate: r.Alerts.MaxHeartRate, AlertSustainedMin: int(r.Alerts.Sustained / time.Minute),
		DischargeMinAfterMin: int(r.Discharge.DefaultOtherMin / time.Minute),
		VitalsEveryDuringMin: int(r.VitalsDuring / time.Minute), VitalsEveryAfterMin: int(r.VitalsAfter / time.Minute)}
}

// settingRanges bound what a clinic may set: wide enough for any clinic's
// judgement, narrow enough to catch a typing slip (a limit of 1800 for 180).
var settingRanges = []struct {
	name     string
	get      func(SessionSettings) int
	min, max int
}{
	{"hold systolic limit", func(s SessionSettings) int { return s.HoldMaxSystolic }, 100, 220},
	{"hold diastolic limit", func(s SessionSettings) int { return s.HoldMaxDiastolic }, 60, 140},
	{"older-adult age", func(s SessionSettings) int { return s.HoldOlderAge }, 50, 100},
	{"older-adult systolic hold limit", func(s SessionSettings) int { return s.HoldOlderMaxSystolic }, 100, 220},
	{"systolic rise alert", func(s SessionSettings) int { return s.AlertRiseSystolic }, 10, 100},
	{"diastolic rise alert", func(s SessionSettings) int { return s.AlertRiseDiastolic }, 5, 60},
	{"systolic alert limit", func(s SessionSettings) int { return s.AlertMaxSystolic }, 120, 260},
	{"diastolic alert limit", func(s SessionSettings) int { return s.AlertMaxDiastolic }, 70, 160},
	{"SpO2 alert limit", func(s SessionSettings) int { return s.AlertMinSpO2 }, 80, 99},
	{"heart-rate alert limit", func(s SessionSettings) int { return s.AlertMaxHeartRate }, 80, 200},
	{"sustained heart-rate minutes", func(s SessionSettings) int { return s.AlertSustainedMin }, 1, 30},
	{"minimum monitoring after the dose (minutes)", func(s SessionSettings) int { return s.DischargeMinAfterMin }, 0, 480},
	{"vitals interval during the dose (minutes)", func(s SessionSettings) int { return s.VitalsEveryDuringMin }, 1, 60},
	{"vitals interval after the dose (minutes)", func(s SessionSettings) int { return s.VitalsEveryAfterMin }, 1, 120},
}

// Rules checks the settings and turns them into rules.
func (st SessionSettings) Rules() (SessionRules, error) {
	for _, r := range settingRanges {
		if v := r.get(st); v < r.min || v > r.max {
			return SessionRules{}, clinic.Errorf(clinic.Invalid, "The %s must be from %d to %d (got %d).", r.name, r.min, r.max, v)
		}
	}
	rules := DefaultSessionRules()
	rules.Hold = session.HoldRule{MaxSystolic: st.HoldMaxSystolic, MaxDiastolic: st.HoldMaxDiastolic,
		OlderAge: st.HoldOlderAge, OlderMaxSystolic: st.HoldOlderMaxSystolic}
	rules.Alerts = session.AlertLimits{RiseSystolic: st.AlertRiseSystolic, RiseDiastolic: st.AlertRiseDiastolic,
		MaxSystolic: st.AlertMaxSystolic, MaxDiastolic: st.AlertMaxDiastolic, MinSpO2: st.AlertMinSpO2,
		MaxHeartRate: st.AlertMaxHeartRate, Sustained: time.Duration(st.AlertSustainedMin) * time.Minute}
	rules.Discharge.DefaultOtherMin = time.Duration(st.DischargeMinAfterMin) * time.Minute
	rules.Discharge.OtherMin = nil // one minimum for every racemic route
	rules.VitalsDuring = time.Duration(st.VitalsEveryDuringMin) * time.Minute
	rules.VitalsAfter = time.Duration(st.VitalsEveryAfterMin) * time.Minute
	return rules, nil
}

// SessionRules are the clinical limits a session is checked against. They
// are the session package's defaults (sources there); a clinic setting
// for them is not stored yet.
type SessionRules struct {
	Hold      session.HoldRule
	Alerts    session.AlertLimits
	Discharge session.DischargeRules
	// VitalsDuring and VitalsAfter are how often vital signs are due during
	// the dose and after it.
	VitalsDuring, VitalsAfter time.Duration
}

// DefaultSessionRules returns the published defaults. The vitals interval
// follows the practice reported by Riva-Posse 2018 (BP every 10 min during
// the infusion, every 15 min after; clinical-reference §5.2 [2°]).
func DefaultSessionRules() SessionRules {
	return SessionRules{Hold: session.DefaultHoldRule(), Alerts: session.DefaultAlertLimits(),
		Discharge: session.DefaultDischargeRules(), VitalsDuring: 10 * time.Minute, VitalsAfter: 15 * time.Minute}
}
