package record

import (
	"strings"
	"time"

	"onset/internal/clinic"
)

// How a patient wants to be reached. ContactAuto, until anyone says
// otherwise, is email when they gave an address, else text.
const (
	ContactAuto  = ""
	ContactEmail = "email"
	ContactSMS   = "sms"
	ContactBoth  = "both"
	ContactNone  = "none"
)

// ContactPreferences are the choices, in the order a form offers them.
var ContactPreferences = []string{ContactAuto, ContactEmail, ContactSMS, ContactBoth, ContactNone}

// ContactPreference is one recorded choice of how a patient is reached.
// Choices are kept, newest in force: a choice that includes texts is the
// patient's consent to them, with when and how it was given.
type ContactPreference struct {
	ID, ClinicID, PatientID int64
	Preference              string
	Source                  string // "staff" (told in person or by phone) or "portal" (the patient)
	RecordedBy              int64
	RecordedByName          string
	RecordedAt              time.Time
}

// Contact is one way to send a patient a message.
type Contact struct{ Channel, Recipient string }

// Contacts lists how to reach p under preference pref: an email needs an
// address, a text a number that can take texts (clinic.E164).
func Contacts(p clinic.Patient, pref string) []Contact {
	email := strings.TrimSpace(p.Email)
	phone, textable := clinic.E164(p.Phone)
	var out []Contact
	switch pref {
	case ContactAuto:
		if ch, to, ok := p.Contact(); ok {
			out = append(out, Contact{ch, to})
		}
	case ContactEmail, ContactBoth:
		if email != "" {
			out = append(out, Contact{clinic.ChannelEmail, email})
		}
		if pref == ContactBoth && textable {
			out = append(out, Contact{clinic.ChannelSMS, phone})
		}
	case ContactSMS:
		if textable {
			out = append(out, Contact{clinic.ChannelSMS, phone})
		}
	}
	return out
}
