package record

import (
	"fmt"
	"net/mail"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/scales"
)

// ClinicSettings are what a clinic's administrator sets about the clinic
// itself: how patients see it (name, address, phone), its time zone, how
// its email is signed, the crisis text patients see, and the quiet hours
// in which no message leaves. Versioned: each save is a new version.
type ClinicSettings struct {
	Name       string `json:"name"`
	Address    string `json:"address,omitempty"`
	Phone      string `json:"phone,omitempty"`
	Timezone   string `json:"timezone"`              // IANA, e.g. America/Los_Angeles
	SenderName string `json:"sender_name,omitempty"` // email From name; the clinic's name when empty
	ReplyTo    string `json:"reply_to,omitempty"`    // where a patient's email reply goes
	// SenderEmail and SMSFrom are the clinic's own senders; empty for the
	// ones in --smtp-url and --sms-url (the relay must accept them).
	SenderEmail string `json:"sender_email,omitempty"`
	SMSFrom     string `json:"sms_from,omitempty"`    // E.164
	CrisisText  string `json:"crisis_text,omitempty"` // shown to patients after a questionnaire; paragraphs by blank lines
	QuietFrom   string `json:"quiet_from,omitempty"`  // HH:MM local: no message from here…
	QuietUntil  string `json:"quiet_until,omitempty"` // …to here; both empty for none
	// ReminderHours is how long before a visit its reminder goes out (it
	// is queued once the visit is this close, and sent at once); 0 is the
	// default, DefaultReminderHours.
	ReminderHours int `json:"reminder_hours,omitempty"`
	// The questionnaire cadence (scales.Cadence); 0 takes the default.
	PreSessionHours  int `json:"pre_session_hours,omitempty"`  // a session's questionnaire opens this long before it
	PostSessionHours int `json:"post_session_hours,omitempty"` // and one goes this long after it
	InductionDays    int `json:"induction_days,omitempty"`     // check-ins during the first four weeks
	MaintenanceDays  int `json:"maintenance_days,omitempty"`   // and after them
	// What patients are told before a visit, one instruction per line;
	// empty for the defaults (VisitInstructions).
	TreatmentInstructions    string `json:"treatment_instructions,omitempty"` // IV and IM
	EsketamineInstructions   string `json:"esketamine_instructions,omitempty"`
	ConsultationInstructions string `json:"consultation_instructions,omitempty"`
	// MinBaselines lowers an instrument's minimum baseline for outcome
	// analytics (instrument ID → total; clinic_settings_outcomes.go).
	MinBaselines map[string]int `json:"min_baselines,omitempty"`

	SavedBy     int64     `json:"saved_by,omitempty"`
	SavedByName string    `json:"saved_by_name,omitempty"`
	SavedAt     time.Time `json:"saved_at,omitzero"`
}

// DefaultReminderHours is how far ahead a visit's reminder goes when the
// clinic has set nothing: 48 hours, so it arrives a day or two before and
// there is time to arrange the ride home the instructions ask for.
const DefaultReminderHours = 48

// ReminderAhead is how far ahead of a visit its reminder goes.
func (s ClinicSettings) ReminderAhead() time.Duration {
	if s.ReminderHours <= 0 {
		return DefaultReminderHours * time.Hour
	}
	return time.Duration(s.ReminderHours) * time.Hour
}

// Cadence is when the clinic's questionnaires fall due.
func (s ClinicSettings) Cadence() scales.Cadence {
	return scales.Cadence{PreAhead: time.Duration(s.PreSessionHours) * time.Hour,
		PostAfter: time.Duration(s.PostSessionHours) * time.Hour, Induction: time.Duration(s.InductionDays) * 24 * time.Hour,
		Maintenance: time.Duration(s.MaintenanceDays) * 24 * time.Hour}.OrDefault()
}

// cadenceLimits bound the cadence a clinic may set: a post-session
// questionnaire between 4 and 72 hours keeps it inside the days of a
// session's effect (the 24-hour peak; clinical-reference.md §1), and a
// check-in at least every 90 days keeps a course measured.
var cadenceLimits = []struct {
	v        func(*ClinicSettings) int
	min, max int
	what     string
}{
	{func(s *ClinicSettings) int { return s.PreSessionHours }, 12, 96, "A session's questionnaire opens 12 to 96 hours before it"},
	{func(s *ClinicSettings) int { return s.PostSessionHours }, 4, 72, "The questionnaire after a session goes 4 to 72 hours after it"},
	{func(s *ClinicSettings) int { return s.InductionDays }, 3, 14, "Check-ins during the first four weeks go every 3 to 14 days"},
	{func(s *ClinicSettings) int { return s.MaintenanceDays }, 7, 90, "Check-ins after the first four weeks go every 7 to 90 days"},
}

// What each text setting may be (clinic.Text: printable UTF-8, bounded).
var (
	settingName    = clinic.Text{Name: "the clinic's name", Max: 100, Required: true}
	settingAddress = clinic.Text{Name: "the address", Max: 300, Lines: true}
	settingSender  = clinic.Text{Name: "the sender's name", Max: 100}
	settingCrisis  = clinic.Text{Name: "the crisis text", Max: 2000, Lines: true}
	settingVisit   = func(which string) clinic.Text {
		return clinic.Text{Name: "the instructions before " + which, Max: 1500, Lines: true}
	}
)

// Clean checks every setting and returns them cleaned; the first problem
// found is a clinic.Invalid error that names the field.
func (s ClinicSettings) Clean() (ClinicSettings, error) {
	var err error
	for _, f := range []struct {
		v *string
		t clinic.Text
	}{{&s.Name, settingName}, {&s.Address, settingAddress}, {&s.Phone, clinic.PhoneText}, {&s.SenderName, settingSender},
		{&s.CrisisText, settingCrisis}, {&s.TreatmentInstructions, settingVisit("a treatment session")},
		{&s.EsketamineInstructions, settingVisit("a nasal-spray session")},
		{&s.ConsultationInstructions, settingVisit("a consultation")}} {
		if *f.v, err = f.t.Clean(*f.v); err != nil {
			return s, err
		}
	}
	s.Timezone = strings.TrimSpace(s.Timezone)
	if _, err := s.Location(); err != nil || s.Timezone == "" || s.Timezone == "Local" {
		return s, clinic.Errorf(clinic.Invalid, "%q is not a time zone: use an IANA name such as America/Los_Angeles or Europe/Berlin.", s.Timezone)
	}
	for _, v := range []*string{&s.ReplyTo, &s.SenderEmail} {
		if *v = strings.TrimSpace(*v); *v != "" {
			if a, err := mail.ParseAddress(*v); err != nil || a.Address != *v || len(*v) > 254 {
				return s, clinic.Errorf(clinic.Invalid, "%q is not an email address.", *v)
			}
		}
	}
	if s.SMSFrom = strings.TrimSpace(s.SMSFrom); s.SMSFrom != "" {
		n, ok := clinic.E164(s.SMSFrom)
		if !ok {
			return s, clinic.Errorf(clinic.Invalid, "The number texts come from, %q, is not a phone number: write it as +15551234567.", s.SMSFrom)
		}
		s.SMSFrom = n
	}
	s.QuietFrom, s.QuietUntil = strings.TrimSpace(s.QuietFrom), strings.TrimSpace(s.QuietUntil)
	if (s.QuietFrom == "") != (s.QuietUntil == "") {
		return s, clinic.Errorf(clinic.Invalid, "Give both ends of the quiet hours, or neither.")
	}
	for _, v := range []string{s.QuietFrom, s.QuietUntil} {
		if _, ok := clockMinutes(v); v != "" && !ok {
			return s, clinic.Errorf(clinic.Invalid, "The quiet hours %q must be a time of day such as 21:00.", v)
		}
	}
	if s.QuietFrom != "" && s.QuietFrom == s.QuietUntil {
		return s, clinic.Errorf(clinic.Invalid, "The quiet hours must start and end at different times.")
	}
	if s.ReminderHours != 0 && (s.ReminderHours < 2 || s.ReminderHours > 168) {
		return s, clinic.Errorf(clinic.Invalid, "Reminders go from 2 to 168 hours (a week) before a visit (got %d).", s.ReminderHours)
	}
	if err := s.checkMinBaselines(); err != nil {
		return s, err
	}
	for _, l := range cadenceLimits {
		if n := l.v(&s); n != 0 && (n < l.min || n > l.max) {
			return s, clinic.Errorf(clinic.Invalid, "%s (got %d).", l.what, n)
		}
	}
	return s, nil
}

// Location is the clinic's time zone.
func (s ClinicSettings) Location() (*time.Location, error) { return time.LoadLocation(s.Timezone) }

// clockMinutes reads HH:MM as minutes after midnight.
func clockMinutes(v string) (int, bool) {
	var h, m int
	if len(v) != 5 || v[2] != ':' {
		return 0, false
	}
	if _, err := fmt.Sscanf(v, "%02d:%02d", &h, &m); err != nil || h > 23 || m > 59 {
		return 0, false
	}
	return h*60 + m, true
}

// QuietEnd says whether now falls in the clinic's quiet hours and, if
// so, when they end, in loc (the clinic's zone). Quiet hours may cross
// midnight (21:00 to 08:00). The end is a wall-clock time on the right
// day, so a change to or from daylight saving time moves it with the
// clocks.
func (s ClinicSettings) QuietEnd(now time.Time, loc *time.Location) (time.Time, bool) {
	from, ok1 := clockMinutes(s.QuietFrom)
	until, ok2 := clockMinutes(s.QuietUntil)
	if !ok1 || !ok2 || from == until {
		return time.Time{}, false
	}
	local := now.In(loc)
	min := local.Hour()*60 + local.Minute()
	endOn := func(day time.Time) time.Time {
		return time.Date(day.Year(), day.Month(), day.Day(), until/60, until%60, 0, 0, loc)
	}
	switch {
	case from < until && min >= from && min < until: // e.g. 12:00–14:00
		return endOn(local), true
	case from > until && min >= from: // e.g. 21:00–08:00, evening
		return endOn(local.AddDate(0, 0, 1)), true
	case from > until && min < until: // 21:00–08:00, early morning
		return endOn(local), true
	}
	return time.Time{}, false
}
