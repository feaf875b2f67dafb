package screening

import (
	"strings"
	"time"

	"onset/internal/clinic"
)

// Pregnancy is whether the person is pregnant. The zero value is unknown,
// so a form left blank asks for a test rather than passing silently.
type Pregnancy string

const (
	PregnancyUnknown Pregnancy = ""
	PregnancyYes     Pregnancy = "yes"
	PregnancyNo      Pregnancy = "no"
)

// Intake is what the clinic knows about a person at screening. Flags are
// the clinician's judgement from history and examination.
type Intake struct {
	BirthDate time.Time
	AsOf      time.Time // the screening date; age is computed at this date
	Sex       string    // as clinic.Patient.Sex: "female", "male", "other", "unknown" or ""
	Pregnant  Pregnancy

	AneurysmalVascularDisease bool
	ArteriovenousMalformation bool
	IntracerebralHaemorrhage  bool // any history of it
	ActivePsychosis           bool
	HistoryOfPsychosis        bool
	UncontrolledSeizures      bool
	Hyperthyroidism           bool
	ActiveSubstanceMisuse     bool

	// Baseline vitals; 0 means not recorded.
	SystolicBP  int // mmHg
	DiastolicBP int // mmHg
	HeartRate   int // beats per minute

	Medications []string // names as written: generic or brand, any case, may include strength
}

// Age is the age in whole years on asOf (a person born on 29 February turns
// a year older on 1 March in non-leap years).
func Age(birth, asOf time.Time) int {
	years := asOf.Year() - birth.Year()
	if asOf.Month() < birth.Month() || (asOf.Month() == birth.Month() && asOf.Day() < birth.Day()) {
		years--
	}
	return years
}

// canBePregnant is false only for people recorded as male; everyone else
// (female, other, unknown) is asked, because a missed pregnancy costs more
// than an unneeded test.
func (in Intake) canBePregnant() bool { return normSex(in.Sex) != "male" }

func normSex(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func (in Intake) validate() error {
	switch {
	case in.BirthDate.IsZero():
		return clinic.Errorf(clinic.Invalid, "birth date is required")
	case in.AsOf.IsZero():
		return clinic.Errorf(clinic.Invalid, "screening date is required")
	case in.AsOf.Before(in.BirthDate):
		return clinic.Errorf(clinic.Invalid, "screening date %s is before birth date %s",
			in.AsOf.Format(time.DateOnly), in.BirthDate.Format(time.DateOnly))
	}
	switch normSex(in.Sex) {
	case "female", "male", "other", "unknown", "":
	default:
		return clinic.Errorf(clinic.Invalid, "sex %q is not one of female, male, other, unknown", in.Sex)
	}
	switch in.Pregnant {
	case PregnancyUnknown, PregnancyYes, PregnancyNo:
	default:
		return clinic.Errorf(clinic.Invalid, "pregnant %q is not one of yes, no or blank (unknown)", in.Pregnant)
	}
	if (in.SystolicBP == 0) != (in.DiastolicBP == 0) {
		return clinic.Errorf(clinic.Invalid, "blood pressure needs both systolic and diastolic (got %d/%d)", in.SystolicBP, in.DiastolicBP)
	}
	// Vitals outside their quantities' plausible ranges (clinic.Systolic
	// and the rest) are typing errors, not findings.
	if in.SystolicBP != 0 && (clinic.Systolic.CheckInt("", in.SystolicBP) != nil || clinic.Diastolic.CheckInt("", in.DiastolicBP) != nil) {
		return clinic.Errorf(clinic.Invalid, "blood pressure %d/%d mmHg is not plausible", in.SystolicBP, in.DiastolicBP)
	}
	if in.SystolicBP > 0 && in.DiastolicBP >= in.SystolicBP {
		return clinic.Errorf(clinic.Invalid, "blood pressure %d/%d mmHg: diastolic must be below systolic", in.SystolicBP, in.DiastolicBP)
	}
	if in.HeartRate != 0 && clinic.HeartRate.CheckInt("", in.HeartRate) != nil {
		return clinic.Errorf(clinic.Invalid, "heart rate %d/min is not plausible", in.HeartRate)
	}
	return nil
}
