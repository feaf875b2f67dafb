package accounts

import (
	"context"
	"strings"
	"time"

	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Setting a password by email: "forgot your password?" for anyone with an
// account, and a portal invitation staff send a patient. Either sends a
// single-use, expiring link (only its hash is stored); setting the
// password through it ends every session, API token and other link.

const (
	resetLifetime  = time.Hour          // a reset is used at once or asked for again
	inviteLifetime = 7 * 24 * time.Hour // an invitation waits for a patient to find the email
)

// errTokenUnusable answers every link that cannot set a password, so the
// page tells nothing about which tokens exist.
var errTokenUnusable = clinic.Errorf(clinic.Invalid, "This link cannot set a password: it is not valid, has been used or has expired. Ask for a new one on the sign-in page.")

// RequestPasswordReset sends a reset link to an account's email address.
// It answers the same whether or not the address has an account (no
// enumeration), and is throttled per address and per account like a
// sign-in, so it cannot flood an inbox.
func (s *Service) RequestPasswordReset(ctx context.Context, email, address, requestID string) error {
	email = strings.ToLower(strings.TrimSpace(email))
	if clean, err := clinic.EmailText.Clean(email); err != nil || clean == "" || !strings.Contains(clean, "@") {
		return clinic.Errorf(clinic.Invalid, "Enter the email address you sign in with.")
	}
	now := s.Now()
	if _, err := s.reserve(ctx, now, accountLimit(email), addressLimit(address)); err != nil {
		if _, ok := lockedUntil(err); ok {
			return clinic.Errorf(clinic.Conflict, "Too many requests from here: try again in an hour.")
		}
		return clinic.Wrap(err, "Could not send the link.")
	}
	u, err := userByEmail(ctx, s.store.Read(), email)
	if err != nil || u.Disabled {
		return nil // the same answer: nothing says whether the account exists
	}
	a := service.Actor{UserID: u.ID, ClinicID: u.ClinicID, PatientID: u.PatientID, Role: u.Role, Address: address, RequestID: requestID}
	return s.sendPasswordLink(ctx, a, u, record.PasswordReset, resetLifetime, "password.reset-request")
}

// InviteToPortal gives a patient with an email address a portal account
// (if they have none) and sends them a link to set its password.
func (s *Service) InviteToPortal(ctx context.Context, a service.Actor, patientID int64) error {
	if err := service.AuthorizePatient(a, service.ActPortalInvite, patientID); err != nil {
		return err
	}
	q := s.store.Read()
	p, err := q.Patient(ctx, a.ClinicID, patientID)
	if err != nil {
		return clinic.Wrap(err, "Could not load the patient.")
	}
	email := strings.ToLower(strings.TrimSpace(p.Email))
	if email == "" {
		return clinic.Errorf(clinic.Invalid, "The patient has no email address: add one to their record first.")
	}
	u, err := q.UserByEmail(ctx, email)
	switch {
	case err == nil && u.PatientID != patientID:
		return clinic.Errorf(clinic.Conflict, "Another account already uses %s.", email)
	case err == nil && u.Disabled:
		return clinic.Errorf(clinic.Conflict, "The patient's account is disabled: an administrator must enable it first.")
	case clinic.ErrorCode(err) == clinic.NotFound:
		// An account whose password nobody knows until the patient sets it.
		hash, err := s.Hashes().Hash(ctx, auth.NewToken(), s.Config().Passwords)
		if err != nil {
			return clinic.Wrap(err, "Could not create the account.")
		}
		u = clinic.User{ClinicID: a.ClinicID, Email: email, Name: p.Name(), Role: clinic.RolePatient, PasswordHash: hash,
			PatientID: patientID, CreatedAt: s.Now()}
		err = s.store.WithTx(ctx, func(tx Tx) error {
			if u.ID, err = tx.CreateUser(ctx, u); err != nil {
				return err
			}
			e := s.Entry(a, "user.create", patientID)
			e.RecordType, e.RecordID = "user", u.ID
			return tx.AppendAudit(ctx, e)
		})
		if err != nil {
			return clinic.Wrap(err, "Could not create the account.")
		}
	case err != nil:
		return clinic.Wrap(err, "Could not look the account up.")
	}
	return s.sendPasswordLink(ctx, a, u, record.PortalInvite, inviteLifetime, "portal.invite")
}

// sendPasswordLink stores a token for u and queues the email that carries it.
func (s *Service) sendPasswordLink(ctx context.Context, a service.Actor, u clinic.User, purpose string, lifetime time.Duration, action service.Action) error {
	token := auth.NewToken()
	now := s.Now()
	err := s.store.WithTx(ctx, func(tx Tx) error {
		id, err := tx.CreatePasswordToken(ctx, record.PasswordToken{ClinicID: u.ClinicID, UserID: u.ID, Purpose: purpose,
			TokenHash: auth.HashToken(token), CreatedAt: now, ExpiresAt: now.Add(lifetime)})
		if err != nil {
			return err
		}
		if _, err := tx.CreateAccountMessage(ctx, record.AccountMessage{ClinicID: u.ClinicID, UserID: u.ID, Kind: purpose,
			Channel: clinic.ChannelEmail, Recipient: u.Email, Token: token, DueAt: now, ExpiresAt: now.Add(lifetime), CreatedAt: now}); err != nil {
			return err
		}
		e := s.Entry(a, action, u.PatientID)
		e.RecordType, e.RecordID = "password_token", id
		return tx.AppendAudit(ctx, e)
	})
	return clinic.Wrap(err, "Could not send the link.")
}

// SetPasswordWithToken sets a password through an emailed link. Every
// link that cannot (unknown, used, expired, a disabled account) gets the
// same answer. The password is hashed before the transaction; setting it
// ends the account's sessions, API tokens and other links.
func (s *Service) SetPasswordWithToken(ctx context.Context, token, password, address, requestID string) error {
	token = strings.TrimSpace(token)
	if token == "" || len(token) > 100 {
		return errTokenUnusable
	}
	if err := auth.CheckPasswordPolicy(password); err != nil {
		return clinic.Errorf(clinic.Invalid, "The %s.", err.Error())
	}
	hash, err := s.Hashes().Hash(ctx, password, s.Config().Passwords)
	if err != nil {
		return clinic.Wrap(err, "Could not set the password.")
	}
	now := s.Now()
	return s.store.WithTx(ctx, func(tx Tx) error {
		t, err := tx.PasswordTokenByHash(ctx, auth.HashToken(token))
		if err != nil || !t.UsedAt.IsZero() || !now.Before(t.ExpiresAt) {
			return errTokenUnusable
		}
		u, err := tx.User(ctx, t.UserID)
		if err != nil || u.Disabled {
			return errTokenUnusable
		}
		if ok, err := tx.UsePasswordTokens(ctx, u.ID, t.ID, now); err != nil || !ok {
			return errTokenUnusable
		}
		if err := tx.SetPassword(ctx, u.ID, hash); err != nil {
			return err
		}
		if err := tx.EndUserCredentials(ctx, u.ID, now); err != nil {
			return err
		}
		a := service.Actor{UserID: u.ID, ClinicID: u.ClinicID, PatientID: u.PatientID, Role: u.Role, Address: address, RequestID: requestID}
		e := s.Entry(a, "user.password", u.PatientID)
		e.RecordType, e.RecordID = "user", u.ID
		return tx.AppendAudit(ctx, e)
	})
}
