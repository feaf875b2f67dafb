package record

import (
	"time"

	"onset/internal/schedule"
)

// AppointmentStatus is where an appointment stands.
type AppointmentStatus string

const (
	AppointmentBooked    AppointmentStatus = "booked"
	AppointmentCancelled AppointmentStatus = "cancelled"
	AppointmentAttended  AppointmentStatus = "attended"
)

// BookingSettings are a clinic's scheduling set-up: its time zone, opening
// hours and cancellation policy. A clinic that has saved none gets the
// defaults (its clinics.timezone, Monday to Friday 08:00–18:00, and
// schedule.DefaultPolicy).
type BookingSettings struct {
	ClinicID int64
	Timezone string            // IANA name; "" means the clinic's own time zone
	Hours    []schedule.Window // empty means the default hours
	Policy   schedule.Policy
}

// DefaultHours are Monday to Friday 08:00–18:00, a clinic default.
func DefaultHours() []schedule.Window {
	var out []schedule.Window
	for d := time.Monday; d <= time.Friday; d++ {
		out = append(out, schedule.Window{Day: d, From: schedule.At(8, 0), To: schedule.At(18, 0)})
	}
	return out
}

// BookingResource is a treatment chair or consulting room.
type BookingResource struct {
	ID       int64
	ClinicID int64
	Name     string
	Kind     schedule.ResourceKind
	Hosts    []schedule.Kind // empty: every kind that uses its resource kind
}

// BookingProvider is a staff member (clinician or nurse) who sees patients,
// with their weekly availability.
type BookingProvider struct {
	ID       int64
	ClinicID int64
	UserID   int64
	Name     string
	Kinds    []schedule.Kind   // empty: all kinds
	Hours    []schedule.Window // empty: the clinic's hours
}

// Appointment is a booked slot for a patient.
type Appointment struct {
	ID           int64
	ClinicID     int64
	PatientID    int64
	PatientName  string // filled by reads for display
	Kind         schedule.Kind
	Start, End   time.Time // UTC; the chair or room is held until End
	ProviderEnd  time.Time
	ResourceID   int64  // 0 for a video visit
	ResourceName string // "Video" for a video visit
	ProviderID   int64
	ProviderName string
	Status       AppointmentStatus
	PlanID       int64 // 0 unless booked from a plan
	PlanSession  int   // the plan's session number; 0 unless booked from a plan
	Reschedules  int
	LateChange   bool
	Note         string
	CreatedBy    int64
	CreatedAt    time.Time
	CancelledAt  time.Time
	ArrivedAt    time.Time // the front desk saw the patient arrive; zero until then
	// Video: held by video, with no chair or room; JoinLink is the link
	// the patient and provider join by, or a note of how ("" until given).
	Video    bool
	JoinLink string
}

// Slot returns the appointment as a schedule slot.
func (a Appointment) Slot() schedule.Slot {
	return schedule.Slot{Kind: a.Kind, Start: a.Start, End: a.End, ProviderEnd: a.ProviderEnd,
		ResourceID: a.ResourceID, ProviderID: a.ProviderID, Video: a.Video}
}

// WaitlistEntry is a patient waiting for an earlier appointment.
type WaitlistEntry struct {
	ID          int64
	ClinicID    int64
	PatientID   int64
	PatientName string
	Kind        schedule.Kind
	AddedAt     time.Time
	Priority    int
	Earliest    time.Time
	Latest      time.Time
	Days        []time.Weekday
	After       schedule.Clock
	Before      schedule.Clock
	ProviderID  int64
	Note        string
	Status      string // waiting, booked, removed
}

func (w WaitlistEntry) Schedule() schedule.WaitlistEntry {
	return schedule.WaitlistEntry{ID: w.ID, PatientID: w.PatientID, Kind: w.Kind, AddedAt: w.AddedAt, Priority: w.Priority,
		Earliest: w.Earliest, Latest: w.Latest, Days: w.Days, After: w.After, Before: w.Before, ProviderID: w.ProviderID}
}

// AppointmentReminder is one queued reminder of an appointment.
type AppointmentReminder struct {
	ID               int64
	ClinicID         int64
	PatientID        int64
	AppointmentID    int64
	AppointmentStart time.Time // the start it was queued for
	Channel          string    // "email" or "sms"
	Recipient        string
	DueAt            time.Time
	Status           string // OutboxPending, OutboxSent, OutboxCancelled, OutboxExpired
	Attempts         int
	LastError        string
	SentAt           time.Time
	CreatedAt        time.Time
}

// Upcoming keeps the booked appointments that end after now.
func Upcoming(appts []Appointment, now time.Time) []Appointment {
	var out []Appointment
	for _, a := range appts {
		if a.Status == AppointmentBooked && a.End.After(now) {
			out = append(out, a)
		}
	}
	return out
}

// Kinds of appointment notice.
const (
	NoticeBooked    = "booked"
	NoticeMoved     = "moved"
	NoticeCancelled = "cancelled"
)

// AppointmentNotice tells a patient an appointment was booked, moved or
// cancelled. Its text is written when it is sent.
type AppointmentNotice struct {
	ID, ClinicID, PatientID, AppointmentID int64
	Kind                                   string
	AppointmentStart                       time.Time // the start the notice is about
	Channel, Recipient                     string
	DueAt                                  time.Time
	Status                                 string
	Attempts                               int
	LastError                              string
	SentAt, CreatedAt                      time.Time
}
