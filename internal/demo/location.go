package demo

import (
	"strings"

	"onset/internal/clinic"
)

// LocationName is the demo organization's second clinic, which `onset
// demo` lives through after the first with a staff and patients of its
// own (Options.Location).
const LocationName = "Onset Demo Eastside"

// asLocation makes a generated clinic a second location of the demo
// organization: its own staff, and patients whose portal emails cannot be
// any first-clinic patient's (an account's email is unique everywhere).
func asLocation(c Clinic, name string) Clinic {
	slug := strings.ToLower(name[strings.LastIndex(name, " ")+1:])
	c.Staff = []Staff{
		{slug + ".admin@example.org", "Rosa Lindqvist", clinic.RoleAdmin},
		{slug + ".clinician@example.org", "Felix Amari", clinic.RoleClinician},
		{slug + ".nurse@example.org", "Hana Sato", clinic.RoleNurse},
		{slug + ".nurse2@example.org", "Marco Bellini", clinic.RoleNurse},
		{slug + ".desk@example.org", "June Okafor", clinic.RoleFrontDesk},
		{slug + ".therapist@example.org", "Ines Varga", clinic.RoleTherapist},
	}
	for i := range c.Patients {
		if c.Patients[i].Email != "" {
			c.Patients[i].Email = slug + "." + c.Patients[i].Email
		}
	}
	return c
}
