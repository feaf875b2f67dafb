package record

import (
	"time"

	"onset/internal/clinic"
	"onset/internal/screening"
)

// ConsentVersion names the consent text patients sign at intake. A new
// text gets a new version; each intake stores the version that was signed.
const ConsentVersion = "2026-11 v1"

// ConsentText is the consent a patient signs at intake (version
// ConsentVersion). The clinic's medical director owns the wording.
const ConsentText = `I consent to assessment for, and if found eligible to treatment with, ketamine or esketamine under medical supervision at this clinic.
I understand that ketamine can cause dissociation, sedation, nausea, dizziness and a rise in blood pressure and heart rate, and that I will be monitored during and after each treatment until I am fit to leave.
I will not drive, operate machinery or make important decisions until the day after a treatment, and I will arrange an adult to take me home.
I have told the clinic about my medical history, my medications and any possibility of pregnancy, and I will tell the clinic when any of these change.
I understand that the clinic may decline or stop treatment for my safety, that I may withdraw at any time, and that my answers to questionnaires are used to guide my care.`

// Intake is one saved version of a patient's intake with the eligibility
// screening computed from it. Intakes are never changed: a new save is a
// new version, and the latest one is the patient's current intake.
type Intake struct {
	ID, ClinicID, PatientID int64
	Version                 int
	WeightKg, HeightCm      float64
	Conditions              []clinic.Condition
	Medications             []string

	AneurysmalVascularDisease bool
	ArteriovenousMalformation bool
	IntracerebralHaemorrhage  bool
	ActivePsychosis           bool
	HistoryOfPsychosis        bool
	UncontrolledSeizures      bool
	Hyperthyroidism           bool
	ActiveSubstanceMisuse     bool
	Pregnant                  screening.Pregnancy

	SystolicBP, DiastolicBP, HeartRate int // 0: not recorded

	// Factors are what may change how fast treatment works (issue 15);
	// each nil when not recorded.
	Factors clinic.IntakeFactors

	ConsentVersion string
	ConsentName    string    // the full name typed by the person signing
	ConsentAt      time.Time // when it was signed (the save)

	Source         string // "staff" or "portal"
	RecordedBy     int64
	RecordedByName string
	RecordedAt     time.Time

	// The screening result (screening.Screen with the default thresholds).
	Eligible     bool
	Findings     []IntakeFinding
	Unrecognized []string // medications the screening list does not know
}

// IntakeFinding is one stored screening finding.
type IntakeFinding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"` // "exclude" or "caution"
	Message  string `json:"message"`
	Source   string `json:"source"`
}

// Exclusion reports whether the finding excludes treatment.
func (f IntakeFinding) Exclusion() bool { return f.Severity == string(screening.Exclude) }

// Excludes returns the exclusion findings.
func (in Intake) Excludes() []IntakeFinding {
	var out []IntakeFinding
	for _, f := range in.Findings {
		if f.Exclusion() {
			out = append(out, f)
		}
	}
	return out
}

// BMI is weight / height², or 0 when either is missing.
func (in Intake) BMI() float64 {
	if in.WeightKg <= 0 || in.HeightCm <= 0 {
		return 0
	}
	m := in.HeightCm / 100
	return in.WeightKg / (m * m)
}

// ScreeningOverride is a clinician's decision to allow treatment despite
// an exclusion in one intake's screening, with the written reason.
type ScreeningOverride struct {
	ID, ClinicID, PatientID, IntakeID int64
	Reason                            string
	ClinicianID                       int64
	ClinicianName                     string
	CreatedAt                         time.Time
}

// ForPatient is what a patient sees of their own intake: what they entered,
// without the screening's findings, which the prescriber reviews with them.
func (in Intake) ForPatient() Intake {
	in.Findings, in.Unrecognized, in.Eligible = nil, nil, false
	return in
}

func (st ScreeningState) ForPatient() ScreeningState {
	st.Latest, st.Override, st.NeedsCheck = st.Latest.ForPatient(), nil, false
	return st
}

// ScreeningState is where a patient stands for booking treatment.
type ScreeningState struct {
	HasIntake  bool
	Latest     Intake
	Override   *ScreeningOverride // the override of Latest's exclusions, if any
	Blocked    bool               // treatment sessions cannot be booked
	NeedsCheck bool               // cautions or unrecognized medications for a clinician to review
}
