package record

import (
	"net/mail"
	"onset/internal/auth"
	"onset/internal/clinic"
	"slices"
	"strings"
	"time"
)

// NewPatient is the input for registering a patient.
type NewPatient struct {
	MRN        string
	GivenName  string
	FamilyName string
	Sex        string
	BirthDate  string // YYYY-MM-DD
	Email      string
	Phone      string
	Conditions []string
	// Details kept after registration (empty at registration is fine).
	Gender, EmergencyName, EmergencyPhone, Allergies string
	// NotADuplicate says staff looked at the possible duplicates the first
	// try found and this is a different person: register anyway.
	NotADuplicate bool
}

func (n NewPatient) ToPatient(clinicID int64, now time.Time) (clinic.Patient, error) {
	p := clinic.Patient{ClinicID: clinicID, Sex: strings.TrimSpace(n.Sex), CreatedAt: now}
	for _, f := range []struct {
		to   *string
		from string
		t    clinic.Text
	}{{&p.MRN, n.MRN, clinic.MRNText}, {&p.GivenName, n.GivenName, clinic.NameText}, {&p.FamilyName, n.FamilyName, clinic.NameText},
		{&p.Email, n.Email, clinic.EmailText}, {&p.Phone, n.Phone, clinic.PhoneText},
		{&p.Gender, n.Gender, genderText}, {&p.EmergencyName, n.EmergencyName, emergencyNameText},
		{&p.EmergencyPhone, n.EmergencyPhone, emergencyPhoneText}, {&p.Allergies, n.Allergies, allergiesText}} {
		var err error
		if *f.to, err = f.t.Clean(f.from); err != nil {
			return p, err
		}
	}
	switch {
	case p.MRN == "" || len(p.MRN) > 40:
		return p, clinic.Errorf(clinic.Invalid, "Enter the medical record number (up to 40 characters).")
	case p.GivenName == "" || p.FamilyName == "":
		return p, clinic.Errorf(clinic.Invalid, "Enter the patient's given and family names.")
	case len(p.GivenName) > 100 || len(p.FamilyName) > 100:
		return p, clinic.Errorf(clinic.Invalid, "Names are limited to 100 characters.")
	case !clinic.Sexes[p.Sex]:
		return p, clinic.Errorf(clinic.Invalid, "Sex must be female, male, other or unknown.")
	}
	bd, err := clinic.BirthDate.ParseDate(n.BirthDate, now)
	if err != nil {
		return p, err
	}
	p.BirthDate = bd
	seen := map[clinic.Condition]bool{}
	for _, c := range n.Conditions {
		cond := clinic.Condition(strings.TrimSpace(c))
		if !cond.Known() {
			return p, clinic.Errorf(clinic.Invalid, "Unknown condition %q.", c)
		}
		if !seen[cond] {
			seen[cond] = true
			p.Conditions = append(p.Conditions, cond)
		}
	}
	return p, nil
}

// The details' limits (clinic.Text: printable UTF-8, bounded).
var (
	genderText         = clinic.Text{Name: "the gender", Max: 60}
	emergencyNameText  = clinic.Text{Name: "the emergency contact's name", Max: 100}
	emergencyPhoneText = clinic.Text{Name: "the emergency contact's phone", Max: 40}
	allergiesText      = clinic.Text{Name: "the allergies", Max: 1000, Lines: true}
)

// PatientVersion is one edit of a patient's details: who made it, when,
// which fields changed, and the patient as the edit left them.
type PatientVersion struct {
	ID, ClinicID, PatientID int64
	Fields                  []string // "phone", "allergies", …
	Patient                 clinic.Patient
	ChangedBy               int64
	ChangedByName           string
	ChangedAt               time.Time
}

// ChangedFields names the details that differ between two versions of a
// patient, in the form's order.
func ChangedFields(before, after clinic.Patient) []string {
	var out []string
	for _, f := range []struct {
		name string
		a, b string
	}{{"MRN", before.MRN, after.MRN}, {"given name", before.GivenName, after.GivenName},
		{"family name", before.FamilyName, after.FamilyName}, {"sex", before.Sex, after.Sex}, {"gender", before.Gender, after.Gender},
		{"birth date", before.BirthDate.Format(time.DateOnly), after.BirthDate.Format(time.DateOnly)},
		{"email", before.Email, after.Email}, {"phone", before.Phone, after.Phone},
		{"emergency contact", before.EmergencyName + "\x00" + before.EmergencyPhone, after.EmergencyName + "\x00" + after.EmergencyPhone},
		{"allergies", before.Allergies, after.Allergies}, {"conditions", conditionSet(before.Conditions), conditionSet(after.Conditions)}} {
		if f.a != f.b {
			out = append(out, f.name)
		}
	}
	return out
}

// conditionSet writes conditions in a fixed order, to compare two lists.
func conditionSet(cs []clinic.Condition) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	slices.Sort(s)
	return strings.Join(s, ",")
}

// NewUser is the input for creating an account.
type NewUser struct {
	Email     string
	Name      string
	Role      clinic.Role
	Password  string
	PatientID int64 // required for patient accounts
}

func (n *NewUser) Validate() error {
	var err error
	if n.Email, err = clinic.EmailText.Clean(n.Email); err != nil {
		return err
	}
	if n.Name, err = clinic.NameText.Clean(n.Name); err != nil {
		return err
	}
	n.Email = strings.ToLower(n.Email)
	if a, err := mail.ParseAddress(n.Email); err != nil || a.Address != n.Email {
		return clinic.Errorf(clinic.Invalid, "%q is not an email address.", n.Email)
	}
	if !n.Role.Valid() {
		return clinic.Errorf(clinic.Invalid, "Unknown role %q: use one of admin, clinician, nurse, frontdesk, patient.", n.Role)
	}
	if n.Role == clinic.RolePatient && n.PatientID == 0 {
		return clinic.Errorf(clinic.Invalid, "A patient account must be linked to a patient record.")
	}
	if n.Role != clinic.RolePatient && n.PatientID != 0 {
		return clinic.Errorf(clinic.Invalid, "Only patient accounts are linked to a patient record.")
	}
	if err := auth.CheckPasswordPolicy(n.Password); err != nil {
		return clinic.Errorf(clinic.Invalid, "The %s.", err.Error())
	}
	if n.Name == "" {
		n.Name = n.Email
	}
	return nil
}

// PatientRecord is everything the patient page shows.
type PatientRecord struct {
	Patient         clinic.Patient
	Courses         []clinic.Course
	Administrations []clinic.Administration
	Assessments     []clinic.Assessment
	// Transfers between the organization's clinics: where the patient
	// went (their care goes on there) and where they came from.
	TransferredOut, TransferredIn *PatientTransfer
}

// CaseloadEntry is a patient on a therapist's caseload.
type CaseloadEntry struct {
	ClinicID, TherapistID, PatientID int64
	TherapistName                    string
	AssignedBy                       int64
	AssignedAt                       time.Time
}

// PatientTransfer is a patient's move to another clinic of the
// organization: the new record (ClinicID, PatientID) and the one it came
// from, which stays with the sending clinic.
type PatientTransfer struct {
	ID                          int64
	ClinicID, PatientID         int64 // the receiving clinic and its new record
	FromClinicID, FromPatientID int64
	ByUser                      int64
	At                          time.Time
	Reason                      string
	// Names, for the banner on both records.
	ClinicName, FromClinicName string
}
