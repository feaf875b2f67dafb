package record

import (
	"net/mail"
	"onset/internal/auth"
	"onset/internal/clinic"
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
		{&p.Email, n.Email, clinic.EmailText}, {&p.Phone, n.Phone, clinic.PhoneText}} {
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
}
