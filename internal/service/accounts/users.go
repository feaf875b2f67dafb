package accounts

import (
	"context"

	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// CreateUser adds an account to the actor's clinic.
func (s *Service) CreateUser(ctx context.Context, a service.Actor, n record.NewUser) (clinic.User, error) {
	if err := service.Authorize(a, service.ActUserManage); err != nil {
		return clinic.User{}, err
	}
	if err := n.Validate(); err != nil {
		return clinic.User{}, err
	}
	hash, err := s.Hashes().Hash(ctx, n.Password, s.Config().Passwords)
	if err != nil {
		return clinic.User{}, clinic.Wrap(err, "Could not create the account.")
	}
	u := clinic.User{ClinicID: a.ClinicID, Email: n.Email, Name: n.Name, Role: n.Role,
		PasswordHash: hash, PatientID: n.PatientID, CreatedAt: s.Now()}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if _, err := tx.Clinic(ctx, a.ClinicID); err != nil {
			return err // --clinic names no clinic
		}
		// The organization's first administrator, made by the operator
		// (onset user add), administers the organization; every other
		// admin administers their clinic.
		if a.Role == service.RoleSystem && n.Role == clinic.RoleAdmin {
			has, err := tx.HasOrgAdmin(ctx, a.ClinicID)
			if err != nil {
				return err
			}
			u.OrgAdmin = !has
		}
		if n.PatientID != 0 {
			if _, err := tx.Patient(ctx, a.ClinicID, n.PatientID); err != nil {
				return err
			}
		}
		id, err := tx.CreateUser(ctx, u)
		if err != nil {
			return err
		}
		u.ID = id
		e := s.Entry(a, "user.create", n.PatientID)
		e.RecordType, e.RecordID = "user", id
		return tx.AppendAudit(ctx, e)
	})
	return u, clinic.Wrap(err, "Could not create the account.")
}

// Users lists the actor's clinic's accounts.
func (s *Service) Users(ctx context.Context, a service.Actor) ([]clinic.User, error) {
	if err := service.Authorize(a, service.ActUserManage); err != nil {
		return nil, err
	}
	us, err := s.store.Read().Users(ctx, a.ClinicID)
	return us, clinic.Wrap(err, "Could not list accounts.")
}

// userInClinic loads a user of the actor's clinic; others are not found.
func userInClinic(ctx context.Context, q Queries, a service.Actor, userID int64) (clinic.User, error) {
	u, err := q.User(ctx, userID)
	if err == nil && u.ClinicID != a.ClinicID && a.Role != service.RoleSystem {
		err = clinic.Errorf(clinic.NotFound, "user not found")
	}
	return u, err
}

// SetUserDisabled turns an account off (ending its sessions and API
// tokens, which stay ended if it is turned on again) or on.
func (s *Service) SetUserDisabled(ctx context.Context, a service.Actor, userID int64, disabled bool) error {
	if err := service.Authorize(a, service.ActUserManage); err != nil {
		return err
	}
	if userID == a.UserID && disabled {
		return clinic.Errorf(clinic.Invalid, "You cannot disable your own account.")
	}
	return clinic.Wrap(s.store.WithTx(ctx, func(tx Tx) error {
		if _, err := userInClinic(ctx, tx, a, userID); err != nil {
			return err
		}
		if err := tx.SetDisabled(ctx, userID, disabled); err != nil {
			return err
		}
		if disabled {
			if err := tx.EndUserCredentials(ctx, userID, s.Now()); err != nil {
				return err
			}
		}
		e := s.Entry(a, "user.disable", 0)
		if !disabled {
			e.Action = "user.enable"
		}
		e.RecordType, e.RecordID = "user", userID
		return tx.AppendAudit(ctx, e)
	}), "Could not change the account.")
}

// SetPassword sets a user's password (admins for their clinic, the CLI
// for anyone) and ends the user's sessions and API tokens: whoever knew
// the old password may have made either.
func (s *Service) SetPassword(ctx context.Context, a service.Actor, email, password string) error {
	if err := service.Authorize(a, service.ActUserManage); err != nil {
		return err
	}
	if err := auth.CheckPasswordPolicy(password); err != nil {
		return clinic.Errorf(clinic.Invalid, "The %s.", err.Error())
	}
	hash, err := s.Hashes().Hash(ctx, password, s.Config().Passwords)
	if err != nil {
		return clinic.Wrap(err, "Could not set the password.")
	}
	return clinic.Wrap(s.store.WithTx(ctx, func(tx Tx) error {
		u, err := userByEmail(ctx, tx, email)
		if err != nil {
			return err
		}
		if _, err := userInClinic(ctx, tx, a, u.ID); err != nil {
			return err
		}
		if err := tx.SetPassword(ctx, u.ID, hash); err != nil {
			return err
		}
		if err := tx.EndUserCredentials(ctx, u.ID, s.Now()); err != nil {
			return err
		}
		e := s.Entry(a, "user.password", u.PatientID)
		e.ClinicID, e.RecordType, e.RecordID = u.ClinicID, "user", u.ID
		return tx.AppendAudit(ctx, e)
	}), "Could not set the password.")
}
