package session

import (
	"fmt"
	"strings"
	"time"

	"onset/internal/clinic"
)

// Vitals is one set of vital signs. Sedation is the MOAA/S score (Modified
// Observer's Assessment of Alertness/Sedation, 5 = responds readily to
// name spoken in a normal tone … 0 = no response to a painful stimulus);
// NoSedation (-1) when it was not scored (baseline readings).
type Vitals struct {
	Systolic  int // mmHg
	Diastolic int // mmHg
	HeartRate int // beats per minute
	SpO2      int // %
	RespRate  int // breaths per minute
	Sedation  int // MOAA/S 0–5, or NoSedation
}

// NoSedation marks a reading without a MOAA/S score.
const NoSedation = -1

// BP formats the blood pressure as "120/80".
func (v Vitals) BP() string { return fmt.Sprintf("%d/%d", v.Systolic, v.Diastolic) }

// Plausible ranges reject typing errors (an extra digit, swapped fields).
// They are the clinic package's quantities (clinic.Systolic and the rest,
// data-entry limits defined there once), not clinical thresholds: alerts
// decide what is dangerous.
var (
	MinSystolic, MaxSystolic   = int(clinic.Systolic.Min), int(clinic.Systolic.Max)
	MinDiastolic, MaxDiastolic = int(clinic.Diastolic.Min), int(clinic.Diastolic.Max)
	MinHeartRate, MaxHeartRate = int(clinic.HeartRate.Min), int(clinic.HeartRate.Max)
	MinSpO2, MaxSpO2           = int(clinic.SpO2.Min), int(clinic.SpO2.Max)
	MinRespRate, MaxRespRate   = int(clinic.RespRate.Min), int(clinic.RespRate.Max)
	MinSedation, MaxSedation   = int(clinic.MOAAS.Min), int(clinic.MOAAS.Max) // MOAA/S is scored 0–5
)

// Validate rejects impossible readings with one message naming every
// problem. needSedation requires a MOAA/S score (grid entries; not the
// baseline).
func (v Vitals) Validate(needSedation bool) error {
	var probs []string
	check := func(what string, x, lo, hi int, unit string) {
		if x < lo || x > hi {
			probs = append(probs, fmt.Sprintf("%s %d is outside the possible range %d–%d %s", what, x, lo, hi, unit))
		}
	}
	check("systolic blood pressure", v.Systolic, MinSystolic, MaxSystolic, "mmHg")
	check("diastolic blood pressure", v.Diastolic, MinDiastolic, MaxDiastolic, "mmHg")
	if v.Systolic <= v.Diastolic {
		probs = append(probs, fmt.Sprintf("systolic pressure (%d) must be higher than diastolic (%d)", v.Systolic, v.Diastolic))
	}
	check("heart rate", v.HeartRate, MinHeartRate, MaxHeartRate, "/min")
	check("SpO2", v.SpO2, MinSpO2, MaxSpO2, "%")
	check("respiratory rate", v.RespRate, MinRespRate, MaxRespRate, "/min")
	if needSedation || v.Sedation != NoSedation {
		if v.Sedation < MinSedation || v.Sedation > MaxSedation {
			probs = append(probs, "MOAA/S sedation must be a score from 0 to 5")
		}
	}
	if len(probs) == 0 {
		return nil
	}
	msg := strings.Join(probs, "; ")
	return clinic.Errorf(clinic.Invalid, "Check the vital signs: %s%s.", strings.ToUpper(msg[:1]), msg[1:])
}

// Reading is a set of vital signs at a time.
type Reading struct {
	At time.Time
	Vitals
}
