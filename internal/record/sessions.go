package record

import (
	"time"

	"onset/internal/clinic"
	"onset/internal/session"
)

// SessionStatus is where a treatment session stands.
type SessionStatus string

const (
	SessionReady      SessionStatus = "ready"      // checked in, may be dosed
	SessionHeld       SessionStatus = "held"       // the pre-dose BP holds the dose until a clinician decides
	SessionCancelled  SessionStatus = "cancelled"  // a clinician decided not to dose
	SessionDosed      SessionStatus = "dosed"      // dose given, monitoring
	SessionDischarged SessionStatus = "discharged" // left the clinic
)

// Drugs: racemic ketamine (IV, IM, sublingual, oral) or esketamine nasal spray.
const (
	DrugRacemic    = "racemic"
	DrugEsketamine = "esketamine"
)

// Checklist is the pre-dose checklist at check-in.
type Checklist struct {
	IdentityConfirmed bool
	ConsentCurrent    bool
	PlanSigned        bool // set by the service from the signed plan
	NothingByMouth    bool // nothing by mouth for the clinic's required time
	ResponsibleAdult  bool // a responsible adult will drive the patient home
	Pregnancy         string
}

// Pregnancy test answers that allow dosing.
const (
	PregnancyNegative      = "negative"
	PregnancyNotApplicable = "not-applicable"
)

// TreatmentSession is one visit in which a dose is (or was to be) given.
type TreatmentSession struct {
	ID, ClinicID, PatientID, PlanID int64
	Route                           clinic.Route
	Drug                            string
	PlannedDoseMg                   float64
	CeilingMg                       float64 // the signed plan's ceiling for this patient
	WeightKg                        float64
	AgeYears                        int
	Status                          SessionStatus
	Checklist                       Checklist
	Baseline                        session.Vitals

	HoldReason         string // why the dose was held ("" when it was not)
	HoldDecision       string // "proceed" or "cancel"
	HoldDecisionReason string
	HoldDecidedBy      int64
	HoldDecidedByName  string
	HoldDecidedAt      time.Time

	CheckedInBy     int64
	CheckedInByName string
	CheckedInAt     time.Time

	// AppointmentID is the booked appointment this session is (0 for a
	// walk-in); PlanSession the plan's session number it gives (0 when the
	// plan has no session left to give).
	AppointmentID int64
	PlanSession   int
	// SpacingOverride is a clinician's reason for dosing despite the
	// spacing rule (session.DoseSpacing); "" when none was needed.
	SpacingOverride       string
	SpacingOverrideBy     int64
	SpacingOverrideByName string

	AlertOriented         bool
	AdultPresent          bool
	DischargeInstructions string
	DischargedBy          int64
	DischargedByName      string
	DischargedAt          time.Time

	// Sign-off (sessions_signoff.go): once signed the record is locked and
	// only addenda can be added.
	SignedBy     int64
	SignedByName string
	SignedAt     time.Time
	// Environment is how the session was set (issue 15); nil parts: not recorded.
	Environment clinic.SessionEnvironment
}

// Signed reports whether a clinician has signed the session, locking it.
func (t TreatmentSession) Signed() bool { return !t.SignedAt.IsZero() }

// Dose is the administration record of a session.
type Dose struct {
	ID, ClinicID, SessionID, AdministrationID int64
	Drug                                      string
	Route                                     clinic.Route
	DoseMg                                    float64
	MgPerKg                                   float64
	ConcentrationMgPerML                      float64 // IV, IM, sublingual; 0 otherwise
	VolumeML                                  float64
	RateMLPerHour                             float64 // IV
	DurationMin                               int     // IV
	Devices                                   int     // esketamine, 28 mg each
	LotNumber                                 string
	LotExpiry                                 time.Time // the last day the lot may be used, midnight UTC
	StartedAt, EndedAt                        time.Time
	AdministeredBy                            int64
	AdministeredByName                        string
	CreatedAt                                 time.Time
}

// DoseLink ties a dose's administration to the plan session it gave.
type DoseLink struct {
	AdministrationID, PlanID int64
	PlanSession              int
}

// VitalsEntry is one row of the vital-signs grid.
type VitalsEntry struct {
	ID, ClinicID, SessionID int64
	TakenAt                 time.Time
	session.Vitals
	Note           string
	RecordedBy     int64
	RecordedByName string
	CreatedAt      time.Time
}

// VitalsAlert is a limit a grid entry crossed; it stays open until
// acknowledged with an action and a note.
type VitalsAlert struct {
	ID, ClinicID, SessionID, VitalsID int64
	Kind                              session.AlertKind
	Message                           string
	CreatedAt                         time.Time
	AckBy                             int64
	AckByName                         string
	AckAt                             time.Time
	AckAction                         string
	AckNote                           string
}

// Open reports whether the alert still needs acknowledgement.
func (a VitalsAlert) Open() bool { return a.AckAt.IsZero() }

// SideEffect is a graded side effect, or an adverse event with its outcome.
type SideEffect struct {
	ID, ClinicID, SessionID int64
	Kind                    string // "side-effect" or "adverse-event"
	Effect                  string // side effects: from SideEffects; adverse events: a description
	Grade                   string // mild, moderate, severe (adverse events also life-threatening)
	Outcome                 string // adverse events only
	NotedAt                 time.Time
	Note                    string
	RecordedBy              int64
	RecordedByName          string
}

// REMSAnswers are the REMS form's answers that the session record does not
// hold: concomitant medications and when the patient would have been ready
// to leave; and the sign-off.
type REMSAnswers struct {
	SessionID, ClinicID int64
	Medications         [4]*bool // benzodiazepines, non-benzodiazepine sedative-hypnotics, psychostimulants, MAOIs
	ReadyMinutes        *int
	UpdatedAt           time.Time
	SignedBy            int64
	SignedByName        string
	SignedAt            time.Time
}

// SessionRecord is everything recorded in one session.
type SessionRecord struct {
	Session     TreatmentSession
	Dose        *Dose
	Vitals      []VitalsEntry // oldest first
	Alerts      []VitalsAlert // oldest first
	SideEffects []SideEffect  // side effects and adverse events, oldest first
	REMS        *REMSAnswers
	Addenda     []Addendum // notes added after the session closed, oldest first
}

// Addendum is a note added to a closed session by its author.
type Addendum struct {
	ID, ClinicID, SessionID int64
	Body                    string
	AuthorID                int64
	AuthorName              string
	AuthorRole              clinic.Role
	CreatedAt               time.Time
}

// REMSEnrolment is one record of a patient's Spravato REMS enrolment.
// Records are never changed: the latest one is the patient's status.
type REMSEnrolment struct {
	ID, ClinicID, PatientID int64
	Enrolled                bool
	EnrolledOn              time.Time // the enrolment date, midnight UTC; zero when not enrolled
	REMSPatientID           string    // optional
	RecordedBy              int64
	RecordedByName          string
	RecordedAt              time.Time
}
