package service

import "onset/internal/clinic"

// Action is something an actor may be allowed to do.
type Action string

const (
	ActHome          Action = "home.view"
	ActPatientList   Action = "patient.list"
	ActPatientRead   Action = "patient.read"
	ActPatientCreate Action = "patient.create"
	ActAuditRead     Action = "audit.read"
	ActUserManage    Action = "user.manage"
	ActOwnTokens     Action = "token.manage" // one's own API tokens
	ActOwnAccount    Action = "account.manage"
)

// roleSystem is the CLI and the demo loader acting on the clinic's behalf.
// It is not a Role a user account can have.
const roleSystem clinic.Role = "system"

// policy is the one role × action table. Object-level checks (a patient
// reaches only their own record; staff only their clinic's) are in
// authorizePatient.
var policy = map[Action][]clinic.Role{
	ActHome:          {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk, clinic.RolePatient},
	ActPatientList:   {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk},
	ActPatientRead:   {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk, clinic.RolePatient},
	ActPatientCreate: {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk},
	ActAuditRead:     {clinic.RoleAdmin},
	ActUserManage:    {clinic.RoleAdmin},
	ActOwnTokens:     {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk, clinic.RolePatient},
	ActOwnAccount:    {clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk, clinic.RolePatient},
}

// Allowed reports whether role may perform action (pages use it to decide
// which links to show; the use cases enforce it).
func Allowed(role clinic.Role, action Action) bool {
	if role == roleSystem {
		return true
	}
	for _, r := range policy[action] {
		if r == role {
			return true
		}
	}
	return false
}

// Known reports whether action is in the policy table.
func Known(action Action) bool { _, ok := policy[action]; return ok }

// MFARequired reports whether a role must use TOTP: prescribers and
// administrators reach everything, so a password alone is not enough.
func MFARequired(role clinic.Role) bool {
	return role == clinic.RoleAdmin || role == clinic.RoleClinician
}

func authorize(a Actor, action Action) error {
	if !Allowed(a.Role, action) {
		return clinic.Errorf(clinic.Forbidden, "You do not have permission to do that.")
	}
	return nil
}

// authorizePatient adds the object-level rule: a patient account reaches
// only its own record. Clinic isolation is enforced by every query taking
// the actor's clinic ID.
func authorizePatient(a Actor, action Action, patientID int64) error {
	if err := authorize(a, action); err != nil {
		return err
	}
	if a.Role == clinic.RolePatient && a.PatientID != patientID {
		return clinic.Errorf(clinic.Forbidden, "You can only see your own records.")
	}
	return nil
}
