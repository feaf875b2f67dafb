package record

import (
	"onset/internal/protocol"
	"time"

	"onset/internal/clinic"
)

// PlanStatus is where a treatment plan version stands.
type PlanStatus string

const (
	PlanDraft      PlanStatus = "draft"      // may be edited; not yet valid for booking
	PlanSigned     PlanStatus = "signed"     // signed by a clinician; never changed again
	PlanSuperseded PlanStatus = "superseded" // a later signed amendment replaced it
)

// Plan is one version of a patient's treatment plan.
type Plan struct {
	ID        int64
	ClinicID  int64
	PatientID int64
	RootID    int64 // the first version's ID (equal to ID for version 1)
	Version   int
	Status    PlanStatus

	TemplateID     string
	TemplateName   string
	TemplateSource string
	// Template is the protocol template the plan was made from, as it was
	// then (a clinic may edit its templates later); zero for older plans.
	Template  protocol.Template
	Route     clinic.Route
	WeightKg  float64
	AgeYears  int
	StartDate time.Time // midnight UTC of the first day
	Weekdays  []time.Weekday

	ConcentrationMgPerML float64 // stocked vial strength used for volumes (IV, IM); 0 otherwise
	DiluentML            float64 // IV bag volume; 0 otherwise

	Reason        string // why this version exists ("new plan" or the amendment's reason)
	CreatedBy     int64  // 0 for the system
	CreatedByName string
	CreatedAt     time.Time
	SignedBy      int64
	SignedByName  string
	SignedAt      time.Time // zero while a draft

	Sessions []PlannedSession
}

// PlannedSession is one proposed session with its prepared dose.
type PlannedSession struct {
	Number        int
	Phase         string
	Date          time.Time // the planned day, midnight UTC
	Route         clinic.Route
	DoseMg        float64
	MgPerKg       float64
	Devices       int
	DurationMin   int
	MonitorMin    int
	VolumeML      float64 // drug volume to draw (IV, IM)
	TotalML       float64 // drug plus diluent (IV)
	RateMLPerHour float64 // pump rate (IV)
	Steps         []string
}

// Signed reports whether the version was signed (and so may be booked
// against, unless superseded).
func (p Plan) Signed() bool { return p.Status == PlanSigned }

// ClinicTemplate is one saved version of a clinic's own protocol template.
type ClinicTemplate struct {
	ID            int64
	ClinicID      int64
	Template      protocol.Template
	Version       int
	CreatedBy     int64
	CreatedByName string
	CreatedAt     time.Time
}

// Protocol is the template the plan was made from: the copy kept with the
// plan, else the published one by its ID.
func (p Plan) Protocol() (protocol.Template, bool) {
	if p.Template.ID != "" {
		return p.Template, true
	}
	return protocol.TemplateByID(p.TemplateID)
}
