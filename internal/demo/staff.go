package demo

import "onset/internal/clinic"

// staff lists the demo staff accounts, at least one per staff role.
func staff() []Staff {
	return []Staff{
		{"morgan.hale@example.org", "Morgan Hale", clinic.RoleAdmin},
		{"imogen.castellan@example.org", "Imogen Castellan", clinic.RoleClinician},
		{"ravi.thornbury@example.org", "Ravi Thornbury", clinic.RoleClinician},
		{"lena.okonjo@example.org", "Lena Okonjo", clinic.RoleClinician},
		{"priya.ashcombe@example.org", "Priya Ashcombe", clinic.RoleNurse},
		{"tomas.wexford@example.org", "Tomas Wexford", clinic.RoleNurse},
		{"greta.halvorsen@example.org", "Greta Halvorsen", clinic.RoleNurse},
		{"desmond.pryor@example.org", "Desmond Pryor", clinic.RoleNurse},
		{"yara.kestrel@example.org", "Yara Kestrel", clinic.RoleFrontDesk},
		{"owen.marchbank@example.org", "Owen Marchbank", clinic.RoleFrontDesk},
		{"noor.ellison@example.org", "Noor Ellison", clinic.RoleTherapist},
	}
}
