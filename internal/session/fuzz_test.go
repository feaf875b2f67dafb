package session

import (
	"testing"
	"time"
)

// FuzzVitals: whatever is typed into the grid, Validate either refuses it
// or accepts only readings inside the plausible ranges with systolic above
// diastolic; the alert and discharge rules never panic on what it accepts.
func FuzzVitals(f *testing.F) {
	f.Add(120, 80, 70, 98, 14, 5, 30)
	f.Add(400, 20, 70, 98, 14, 5, 0)
	f.Add(181, 111, 121, 91, 4, 0, -5)
	f.Fuzz(func(t *testing.T, sys, dia, hr, spo2, rr, moaas, minutes int) {
		v := Vitals{Systolic: sys, Diastolic: dia, HeartRate: hr, SpO2: spo2, RespRate: rr, Sedation: moaas}
		if v.Validate(true) != nil {
			return
		}
		if sys <= dia || sys < MinSystolic || sys > MaxSystolic || dia < MinDiastolic || dia > MaxDiastolic ||
			hr < MinHeartRate || hr > MaxHeartRate || spo2 < MinSpO2 || spo2 > MaxSpO2 || rr < MinRespRate || rr > MaxRespRate ||
			moaas < MinSedation || moaas > MaxSedation {
			t.Fatalf("accepted %+v", v)
		}
		base := Vitals{Systolic: 120, Diastolic: 80, HeartRate: 70, SpO2: 98, RespRate: 14, Sedation: NoSedation}
		at := t0.Add(time.Duration(minutes) * time.Minute)
		earlier := []Reading{{At: t0, Vitals: v}}
		alerts := DefaultAlertLimits().Check(base, earlier, Reading{At: at, Vitals: v})
		for _, a := range alerts {
			if a.Message == "" {
				t.Fatalf("alert %s without a message", a.Kind)
			}
		}
		st := DischargeState{Dosed: true, DoseStart: t0, DoseEnd: t0, Now: at, Baseline: base, Last: &Reading{At: at, Vitals: v},
			AlertOriented: true, ResponsibleAdult: true}
		if unmet := DefaultDischargeRules().Unmet(st, DefaultAlertLimits()); len(alerts) > 0 && len(unmet) == 0 {
			t.Fatalf("reading %+v raised %v but allows discharge", v, alerts)
		}
	})
}
