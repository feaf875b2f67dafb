package clinic

import "time"

// Role is what a user account may do; the policy table in service maps
// roles to actions.
type Role string

const (
	RoleAdmin     Role = "admin"
	RoleClinician Role = "clinician" // prescriber
	RoleNurse     Role = "nurse"
	RoleFrontDesk Role = "frontdesk"
	RolePatient   Role = "patient"
	// RoleTherapist is a psychotherapist or ketamine-assisted-psychotherapy
	// guide: they see the patients on their caseload, never dose, sign
	// plans, override screening or touch the ledger.
	RoleTherapist Role = "therapist"
)

// Roles lists every role, in the order pages show them.
var Roles = []Role{RoleAdmin, RoleClinician, RoleNurse, RoleTherapist, RoleFrontDesk, RolePatient}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, k := range Roles {
		if r == k {
			return true
		}
	}
	return false
}

// Condition is a coded problem a patient is treated for.
type Condition string

const (
	Depression   Condition = "depression"
	Anxiety      Condition = "anxiety"
	PTSD         Condition = "ptsd"
	OCD          Condition = "ocd"
	ChronicPain  Condition = "chronic-pain"
	Migraine     Condition = "migraine"
	SubstanceUse Condition = "substance-use"
)

// Route is how a dose is given.
type Route string

const (
	RouteIV         Route = "iv"
	RouteIM         Route = "im"
	RouteEsketamine Route = "esketamine" // esketamine nasal spray (Spravato)
	RouteSublingual Route = "sublingual"
	RouteOral       Route = "oral"
)

// Patient is a person treated at a clinic.
type Patient struct {
	ID         int64
	ClinicID   int64
	MRN        string // the clinic's medical record number, unique per clinic
	GivenName  string
	FamilyName string
	Sex        string // "female", "male", "other", "unknown"
	BirthDate  time.Time
	Email      string
	Phone      string
	Conditions []Condition
	CreatedAt  time.Time
	// Kept by staff after registration (patients.UpdatePatient).
	Gender         string // as the patient describes it; "" when not asked
	EmergencyName  string // who to call in an emergency
	EmergencyPhone string
	Allergies      string // free text; "" is "not recorded", not "none"
}

// Name is the display name.
func (p Patient) Name() string { return p.GivenName + " " + p.FamilyName }

// PatientPage is one page of a patient search.
type PatientPage struct {
	Patients []Patient
	Total    int
}

// Course is one treatment plan of a patient (design.md §3).
type Course struct {
	ID        int64
	ClinicID  int64
	PatientID int64
	Condition Condition
	Route     Route
	StartedAt time.Time // T0: start of the first administered session
	Therapy   bool      // psychotherapy alongside
	// TherapySessions is how many psychotherapy sessions were held for the
	// course (signed therapy notes: preparation within 30 days before T0,
	// support and integration after it; record.TherapyByCourse), and
	// TherapyFirstAt when the first was (zero when none).
	TherapySessions int
	TherapyFirstAt  time.Time
}

// Administration is one dose given in a treatment session.
type Administration struct {
	ID        int64
	ClinicID  int64
	CourseID  int64
	PatientID int64
	GivenAt   time.Time
	Route     Route
	DoseMg    float64
	WeightKg  float64
	// ProviderID and ProviderName are the clinician who gave the dose, when
	// it was recorded in a treatment session (0 and "" for imported doses).
	ProviderID   int64
	ProviderName string
}

// Assessment is one completed questionnaire.
type Assessment struct {
	ID         int64
	ClinicID   int64
	PatientID  int64
	Instrument string // scales instrument id, e.g. "phq9"
	TakenAt    time.Time
	Total      int
	Answers    []int // item answers when known; nil for imported totals
	Source     string
}
