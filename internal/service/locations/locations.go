package locations

import (
	"context"
	"slices"
	"strings"
	"time"

	"onset/internal/clinic"
	"onset/internal/service"
)

// clinicName is a clinic's (location's) name.
var clinicName = clinic.Text{Name: "the clinic's name", Max: 100}

// Location is one clinic of the organization, with its size.
type Location struct {
	clinic.Clinic
	Patients int
	Staff    int
}

// StaffMember is a staff account of the organization and the clinics it
// works at.
type StaffMember struct {
	clinic.User
	Clinics []int64
}

// Organization is what the organization page shows.
type Organization struct {
	Clinics []Location
	Staff   []StaffMember
}

// organizationOf is the organization the actor administers: their own
// clinic's (the CLI acts for the clinic it names).
func (s *Service) organizationOf(ctx context.Context, a service.Actor) (int64, error) {
	if a.OrganizationID != 0 {
		return a.OrganizationID, nil
	}
	c, err := s.store.Read().Clinic(ctx, a.ClinicID)
	return c.OrganizationID, err
}

// Organization lists the organization's clinics with their sizes, and its
// staff with the clinics each works at.
func (s *Service) Organization(ctx context.Context, a service.Actor) (Organization, error) {
	if err := service.AuthorizeOrg(a); err != nil {
		return Organization{}, err
	}
	var o Organization
	r := s.store.Read()
	org, err := s.organizationOf(ctx, a)
	if err != nil {
		return o, clinic.Wrap(err, "Could not load the organization.")
	}
	clinics, err := r.SiblingClinics(ctx, a.ClinicID)
	if err != nil {
		return o, clinic.Wrap(err, "Could not load the organization's clinics.")
	}
	for _, c := range clinics {
		l := Location{Clinic: c}
		if l.Patients, l.Staff, err = r.ClinicCounts(ctx, c.ID); err != nil {
			return o, clinic.Wrap(err, "Could not count the clinic's patients.")
		}
		o.Clinics = append(o.Clinics, l)
	}
	users, member, err := r.OrganizationStaff(ctx, org)
	if err != nil {
		return o, clinic.Wrap(err, "Could not load the organization's staff.")
	}
	for _, u := range users {
		o.Staff = append(o.Staff, StaffMember{User: u, Clinics: member[u.ID]})
	}
	e := s.Entry(a, service.ActOrgManage, 0)
	e.RecordType = "organization"
	return o, s.AuditRead(ctx, e)
}

// AllClinics lists every clinic of the deployment (`onset clinic list`).
func (s *Service) AllClinics(ctx context.Context, a service.Actor) ([]Location, error) {
	if a.Role != service.RoleSystem {
		return nil, clinic.Errorf(clinic.Forbidden, "Only the operator lists every clinic.")
	}
	r := s.store.Read()
	clinics, err := r.AllClinics(ctx)
	if err != nil {
		return nil, clinic.Wrap(err, "Could not list the clinics.")
	}
	out := make([]Location, 0, len(clinics))
	for _, c := range clinics {
		l := Location{Clinic: c}
		if l.Patients, l.Staff, err = r.ClinicCounts(ctx, c.ID); err != nil {
			return nil, clinic.Wrap(err, "Could not count the clinic's patients.")
		}
		out = append(out, l)
	}
	return out, nil
}

// AddClinic opens a new clinic (location) in the actor's organization,
// with its own calendar, ledger, settings and audit trail; its staff are
// added by an organization admin. The creation is audited in the new
// clinic's trail.
func (s *Service) AddClinic(ctx context.Context, a service.Actor, name, timezone string) (clinic.Clinic, error) {
	if err := service.AuthorizeOrg(a); err != nil {
		return clinic.Clinic{}, err
	}
	name, err := clinicName.Clean(name)
	if err != nil {
		return clinic.Clinic{}, err
	}
	if name == "" {
		return clinic.Clinic{}, clinic.Errorf(clinic.Invalid, "Give the clinic a name, e.g. \"Eastside\".")
	}
	timezone = strings.TrimSpace(timezone)
	if timezone == "" {
		timezone = "UTC"
	}
	if _, err := time.LoadLocation(timezone); err != nil || timezone == "Local" || len(timezone) > 64 {
		return clinic.Clinic{}, clinic.Errorf(clinic.Invalid, "%q is not a time zone: use an IANA name such as America/Los_Angeles.", timezone)
	}
	org, err := s.organizationOf(ctx, a)
	if err != nil {
		return clinic.Clinic{}, clinic.Wrap(err, "Could not load the organization.")
	}
	c := clinic.Clinic{Name: name, Timezone: timezone, OrganizationID: org}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		siblings, err := tx.SiblingClinics(ctx, a.ClinicID)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(siblings, func(o clinic.Clinic) bool { return strings.EqualFold(o.Name, name) }) {
			return clinic.Errorf(clinic.Conflict, "The organization already has a clinic named %q.", name)
		}
		if c.ID, err = tx.CreateClinic(ctx, c, s.Now()); err != nil {
			return err
		}
		e := s.Entry(a, "clinic.create", 0)
		e.ClinicID, e.RecordType, e.RecordID = c.ID, "clinic", c.ID
		return tx.AppendAudit(ctx, e)
	})
	return c, clinic.Wrap(err, "Could not add the clinic.")
}

// RenameClinic renames one of the organization's clinics.
func (s *Service) RenameClinic(ctx context.Context, a service.Actor, clinicID int64, name string) error {
	if err := service.AuthorizeOrg(a); err != nil {
		return err
	}
	name, err := clinicName.Clean(name)
	if err != nil {
		return err
	}
	if name == "" {
		return clinic.Errorf(clinic.Invalid, "Give the clinic a name.")
	}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if err := s.inOrganization(ctx, tx, a, clinicID); err != nil {
			return err
		}
		if err := tx.RenameClinic(ctx, clinicID, name); err != nil {
			return err
		}
		e := s.Entry(a, "clinic.rename", 0)
		e.ClinicID, e.RecordType, e.RecordID = clinicID, "clinic", clinicID
		return tx.AppendAudit(ctx, e)
	})
	return clinic.Wrap(err, "Could not rename the clinic.")
}

// inOrganization answers NotFound for a clinic outside the actor's
// organization (the operator's CLI reaches every clinic).
func (s *Service) inOrganization(ctx context.Context, q Queries, a service.Actor, clinicID int64) error {
	if a.Role == service.RoleSystem {
		_, err := q.Clinic(ctx, clinicID)
		return err
	}
	siblings, err := q.SiblingClinics(ctx, a.ClinicID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(siblings, func(c clinic.Clinic) bool { return c.ID == clinicID }) {
		return clinic.Errorf(clinic.NotFound, "That clinic is not one of this organization's.")
	}
	return nil
}

// SetStaffClinics sets the clinics a staff member of the organization
// works at; their own clinic (where their account was made) always stays.
// Each change is audited in the clinic it concerns.
func (s *Service) SetStaffClinics(ctx context.Context, a service.Actor, userID int64, clinicIDs []int64) error {
	if err := service.AuthorizeOrg(a); err != nil {
		return err
	}
	err := s.store.WithTx(ctx, func(tx Tx) error {
		org, err := s.organizationOf(ctx, a)
		if err != nil {
			return err
		}
		staff, member, err := tx.OrganizationStaff(ctx, org)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(staff, func(u clinic.User) bool { return u.ID == userID })
		if i < 0 {
			return clinic.Errorf(clinic.NotFound, "staff member not found")
		}
		want := map[int64]bool{staff[i].ClinicID: true}
		for _, id := range clinicIDs {
			if err := s.inOrganization(ctx, tx, a, id); err != nil {
				return err
			}
			want[id] = true
		}
		had := map[int64]bool{}
		for _, id := range member[userID] {
			had[id] = true
		}
		change := func(clinicID int64, in bool, action service.Action) error {
			if err := tx.SetStaffClinic(ctx, userID, clinicID, in); err != nil {
				return err
			}
			e := s.Entry(a, action, 0)
			e.ClinicID, e.RecordType, e.RecordID = clinicID, "user", userID
			return tx.AppendAudit(ctx, e)
		}
		for id := range want {
			if !had[id] {
				if err := change(id, true, "clinic.staff_add"); err != nil {
					return err
				}
			}
		}
		for id := range had {
			if !want[id] {
				if err := change(id, false, "clinic.staff_remove"); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return clinic.Wrap(err, "Could not change where the staff member works.")
}
