package clinic

import "time"

// What a person's details may be, wherever they are entered: a patient
// registered by staff or online, imported from a spreadsheet, or a user
// account (Text: printable UTF-8, bounded).
var (
	MRNText   = Text{Name: "the medical record number", Max: 40}
	NameText  = Text{Name: "the name", Max: 100}
	EmailText = Text{Name: "the email address", Max: 254}
	PhoneText = Text{Name: "the phone number", Max: 40}
)

// Sexes are the values a patient's sex may take.
var Sexes = map[string]bool{"female": true, "male": true, "other": true, "unknown": true}

// AgeAt is the age in whole years on day; 0 when the birth date is unknown.
func AgeAt(birth, day time.Time) int {
	if birth.IsZero() {
		return 0
	}
	age := day.Year() - birth.Year()
	if day.Month() < birth.Month() || (day.Month() == birth.Month() && day.Day() < birth.Day()) {
		age--
	}
	return age
}
