package demo

import (
	"fmt"
	"time"

	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/accounts"
)

// portalPatients is how many of the first patients have a portal account.
const portalPatients = 3

// clinicAddress is where staff sign in from: an address of the
// documentation range (RFC 5737), since the clinic is invented.
const clinicAddress = "192.0.2.10"

// setUp is the Saturday the clinic moved to Onset: the staff's accounts,
// the calendar, the patients, the records until then (imported) and the
// controlled substances on the shelf.
func (s *sim) setUp() error {
	cl, err := s.svc.EnsureClinic(s.ctx, ClinicName)
	if err != nil {
		return err
	}
	if s.location != "" { // the organization's operator opens the second location
		if cl, err = s.svc.AddClinic(s.ctx, service.System(cl.ID), s.location, ""); err != nil {
			return err
		}
	}
	s.res.ClinicID = cl.ID
	steps := []struct {
		what string
		do   func() error
	}{
		{"staff accounts", s.staffAccounts},
		{"calendar", s.calendar},
		{"patients", s.register},
		{"portal accounts", s.portalAccounts},
		{"history", s.importHistory},
		{"opening stock", s.openingStock},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			return fmt.Errorf("%s: %w", st.what, err)
		}
		s.tick(5 * time.Minute)
	}
	return nil
}

// tick moves the clock on by d during the set-up.
func (s *sim) tick(d time.Duration) { s.clock.set(s.clock.Now().Add(d)) }

// staffAccounts creates the staff's accounts — the first administrator
// with the system's `onset user add`, everyone else by that
// administrator — and signs each in once; administrators and clinicians
// set up two-step sign-in there, as the product requires of them.
func (s *sim) staffAccounts() error {
	if len(s.c.Staff) == 0 || s.c.Staff[0].Role != clinic.RoleAdmin {
		return fmt.Errorf("the first demo staff member must be an administrator")
	}
	by := service.System(s.res.ClinicID)
	for _, st := range s.c.Staff {
		if _, err := s.svc.CreateUser(s.ctx, by, record.NewUser{Email: st.Email, Name: st.Name, Role: st.Role,
			Password: Password}); err != nil {
			return err
		}
		actor, secret, err := s.signIn(st.Email)
		if err != nil {
			return fmt.Errorf("%s signs in: %w", st.Email, err)
		}
		s.res.Accounts = append(s.res.Accounts, Account{Email: st.Email, Role: st.Role, Password: Password, TOTPSecret: secret})
		switch st.Role {
		case clinic.RoleAdmin:
			if s.admin.UserID == 0 {
				s.admin, by = actor, actor
			}
		case clinic.RoleClinician:
			s.clinicians = append(s.clinicians, actor)
		case clinic.RoleNurse:
			s.nurses = append(s.nurses, actor)
		case clinic.RoleFrontDesk:
			s.desk = append(s.desk, actor)
		case clinic.RoleTherapist:
			s.therapists = append(s.therapists, actor)
		}
		s.tick(time.Minute)
	}
	if len(s.clinicians) == 0 || len(s.nurses) < 2 || len(s.desk) == 0 {
		return fmt.Errorf("the demo staff need clinicians, two nurses and the front desk")
	}
	return nil
}

// signIn signs a staff member in with the demo password and, when the
// product asks for it, sets up two-step sign-in with a code their
// authenticator would show now. It returns who they act as and their
// TOTP secret ("" without two-step sign-in).
func (s *sim) signIn(email string) (service.Actor, string, error) {
	res, err := s.svc.SignIn(s.ctx, email, Password, clinicAddress)
	if err != nil {
		return service.Actor{}, "", err
	}
	p, err := s.svc.Authenticate(s.ctx, res.Token, clinicAddress, "")
	if err != nil {
		return service.Actor{}, "", err
	}
	if res.Step != accounts.StepEnrolMFA {
		return p.Actor, "", nil
	}
	setup, err := s.svc.BeginMFAEnrolment(s.ctx, p)
	if err != nil {
		return service.Actor{}, "", err
	}
	code, err := auth.TOTPCode(setup.Secret, s.clock.Now())
	if err != nil {
		return service.Actor{}, "", err
	}
	if _, _, err := s.svc.ConfirmMFAEnrolment(s.ctx, p, code); err != nil {
		return service.Actor{}, "", err
	}
	return p.Actor, setup.Secret, nil
}

// portalAccounts gives the first patients with an email address an
// account for the patient portal, made by the administrator.
func (s *sim) portalAccounts() error {
	for _, p := range s.patients[:min(portalPatients, len(s.patients))] {
		if p.Email == "" {
			continue
		}
		if _, err := s.svc.CreateUser(s.ctx, s.admin, record.NewUser{Email: p.Email, Name: p.Name(),
			Role: clinic.RolePatient, Password: Password, PatientID: p.id}); err != nil {
			return err
		}
		s.res.Accounts = append(s.res.Accounts, Account{Email: p.Email, Role: clinic.RolePatient, Password: Password})
	}
	return nil
}
