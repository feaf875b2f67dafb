package schedule

import (
	"slices"
	"time"

	"onset/internal/clinic"
)

// Kind names an appointment type.
type Kind string

const (
	Consultation Kind = "consultation"
	Infusion     Kind = "iv-infusion"
	Esketamine   Kind = "esketamine"
	Injection    Kind = "im-injection"
	FollowUp     Kind = "follow-up"
	// Psychotherapy around the dose, with a therapist as the provider:
	// preparation before the first dose and integration after one. The
	// support during a dose is in the treatment appointment itself (the
	// therapist is in the chair's room for it), charted as a therapy note.
	TherapyPreparation Kind = "therapy-preparation"
	TherapyIntegration Kind = "therapy-integration"
)

// ResourceKind is what an appointment occupies besides a provider.
type ResourceKind string

const (
	Chair ResourceKind = "chair" // a treatment chair with monitoring
	Room  ResourceKind = "room"  // a consulting room
)

// AppointmentType is one kind of appointment with its parts. The resource
// (chair or room) is held for the whole appointment: setup, treatment and
// recovery. The provider is held for the first ProviderMin minutes.
type AppointmentType struct {
	Kind        Kind
	Name        string
	Resource    ResourceKind
	SetupMin    int  // check-in, vital signs, line placement
	TreatMin    int  // the consultation, infusion or dosing itself
	RecoveryMin int  // monitoring after the dose, until discharge
	ProviderMin int  // minutes from the start the provider is held; 0 means the whole appointment
	Treatment   bool // a dosing session: counts for series spacing
	// MinMonitorMin is the minimum time from the start of dosing to the end
	// of the appointment (esketamine: 120, §1.5); Validate enforces it.
	MinMonitorMin int
	// Video: the appointment may be held by video, holding no chair or room.
	Video bool
	// Therapy: a psychotherapy session (preparation or integration), which
	// therapists take.
	Therapy bool
}

// Length is the whole appointment: the time the chair or room is held.
func (t AppointmentType) Length() time.Duration {
	return time.Duration(t.SetupMin+t.TreatMin+t.RecoveryMin) * time.Minute
}

// ProviderLength is the time the provider is held from the start.
func (t AppointmentType) ProviderLength() time.Duration {
	if t.ProviderMin == 0 {
		return t.Length()
	}
	return time.Duration(t.ProviderMin) * time.Minute
}

// Validate checks that the parts add up.
func (t AppointmentType) Validate() error {
	switch {
	case t.Kind == "":
		return clinic.Errorf(clinic.Invalid, "an appointment type needs a name")
	case t.Resource != Chair && t.Resource != Room:
		return clinic.Errorf(clinic.Invalid, "%s: the resource must be a chair or a room", t.Kind)
	case t.SetupMin < 0 || t.TreatMin < 0 || t.RecoveryMin < 0 || t.ProviderMin < 0:
		return clinic.Errorf(clinic.Invalid, "%s: durations cannot be negative", t.Kind)
	case t.Length() <= 0 || t.Length() > 12*time.Hour:
		return clinic.Errorf(clinic.Invalid, "%s: the appointment must last between 1 minute and 12 hours", t.Kind)
	case t.ProviderLength() > t.Length():
		return clinic.Errorf(clinic.Invalid, "%s: the provider cannot be held longer than the appointment", t.Kind)
	case t.TreatMin+t.RecoveryMin < t.MinMonitorMin:
		return clinic.Errorf(clinic.Invalid, "%s: dosing and monitoring last %d minutes; at least %d are required",
			t.Kind, t.TreatMin+t.RecoveryMin, t.MinMonitorMin)
	}
	return nil
}

// EsketamineMonitorMin is the minimum monitoring from the first device to
// discharge: at least 2 hours (Spravato label and REMS, §1.5, §5.3).
const EsketamineMonitorMin = 120

// DefaultTypes returns the clinic's starting appointment types, as fresh
// values a clinic edits.
func DefaultTypes() []AppointmentType {
	return []AppointmentType{
		// Clinic default (no published standard found): an hour for the
		// comprehensive pretreatment evaluation that the APA consensus asks
		// for (Sanacora 2017 [2°], §1.3).
		{Kind: Consultation, Name: "Consultation", Resource: Room, TreatMin: 60},
		// 0.5 mg/kg over 40 min (Berman 2000 and later, §1.1); 30 min of
		// observation after the infusion (practice example, §5.3 [2°]);
		// 15 min setup is a clinic default. The provider is held through
		// the infusion (continuous assessment during it, §1.3) and freed for
		// recovery, which the chair's monitoring covers.
		{Kind: Infusion, Name: "IV ketamine infusion", Resource: Chair, SetupMin: 15, TreatMin: 40, RecoveryMin: 30, ProviderMin: 55, Treatment: true},
		// Up to 3 devices 5 minutes apart (10 min, §1.4), then monitoring to
		// 2 h from the first device (§1.5); 15 min setup is a clinic default.
		{Kind: Esketamine, Name: "Esketamine nasal spray", Resource: Chair, SetupMin: 15, TreatMin: 10, RecoveryMin: 110, ProviderMin: 25, Treatment: true, MinMonitorMin: EsketamineMonitorMin},
		// About 30 min of monitoring after an IM injection (clinic example,
		// §5.3 [2°]).
		{Kind: Injection, Name: "IM ketamine injection", Resource: Chair, SetupMin: 10, TreatMin: 5, RecoveryMin: 30, ProviderMin: 15, Treatment: true},
		// Clinic default.
		{Kind: FollowUp, Name: "Follow-up", Resource: Room, TreatMin: 30, Video: true},
		// Clinic defaults: a therapy hour of 50 minutes with 10 to write
		// the note, in person or by video. Ketamine-assisted psychotherapy
		// programmes hold one or more preparation sessions before the first
		// dose and integration sessions after doses; no published standard
		// fixes their length.
		{Kind: TherapyPreparation, Name: "Therapy: preparation", Resource: Room, TreatMin: 60, Video: true, Therapy: true},
		{Kind: TherapyIntegration, Name: "Therapy: integration", Resource: Room, TreatMin: 60, Video: true, Therapy: true},
	}
}

// Resource is a treatment chair or consulting room.
type Resource struct {
	ID    int64
	Name  string
	Kind  ResourceKind
	Hosts []Kind // appointment kinds it hosts; empty means every kind that uses its resource kind
}

func (r Resource) hosts(t AppointmentType) bool {
	return r.Kind == t.Resource && (len(r.Hosts) == 0 || slices.Contains(r.Hosts, t.Kind))
}

// Provider is a clinician or nurse who sees patients.
type Provider struct {
	ID    int64
	Name  string
	Kinds []Kind     // appointment kinds they take; empty means all
	Hours []Window   // weekly availability in the clinic's zone; empty means the clinic's hours
	Off   []Interval // leave and other absences
}

func (p Provider) takes(k Kind) bool { return len(p.Kinds) == 0 || slices.Contains(p.Kinds, k) }

// Slot is a placed appointment: when, in which chair or room, with whom.
// A video visit holds no chair or room: Video is set and ResourceID is 0.
type Slot struct {
	Kind        Kind
	Start       time.Time
	End         time.Time // the resource is held until End
	ProviderEnd time.Time // the provider is held until ProviderEnd
	ResourceID  int64
	ProviderID  int64
	Video       bool
}

// Booking is a slot booked for a patient.
type Booking struct {
	ID        int64
	PatientID int64
	Slot
}

// Hours are the clinic's opening hours in its time zone.
type Hours struct {
	Location *time.Location
	Open     []Window
	Closed   []time.Time // dates the clinic is closed (holidays); only the date counts
}

func (h Hours) validate() error {
	if h.Location == nil {
		return clinic.Errorf(clinic.Invalid, "the clinic's time zone is required")
	}
	if len(h.Open) == 0 {
		return clinic.Errorf(clinic.Invalid, "the clinic's opening hours are required")
	}
	for _, w := range h.Open {
		if err := w.validate("opening hours"); err != nil {
			return err
		}
	}
	return nil
}

// IsTreatment reports whether an appointment of kind k is a treatment
// session (dosing), as the default appointment types say.
func IsTreatment(k Kind) bool {
	for _, t := range DefaultTypes() {
		if t.Kind == k {
			return t.Treatment
		}
	}
	return false
}

// IsTherapy reports whether an appointment of kind k is a psychotherapy
// session, as the default appointment types say.
func IsTherapy(k Kind) bool {
	for _, t := range DefaultTypes() {
		if t.Kind == k {
			return t.Therapy
		}
	}
	return false
}

// VideoAllowed reports whether an appointment of kind k may be held by
// video, as the default appointment types say.
func VideoAllowed(k Kind) bool {
	for _, t := range DefaultTypes() {
		if t.Kind == k {
			return t.Video
		}
	}
	return false
}
