package accounts

import (
	"context"
	"errors"

	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/service"
)

var errEnrolCode = clinic.Errorf(clinic.Invalid, "That code is not right. Enter the 6-digit code your app shows now.")

var errWrongCode = clinic.Errorf(clinic.Invalid, "That code is not right. Check your authenticator app and try again.")

// VerifyMFA completes a sign-in with a TOTP code or a recovery code, and
// replaces the session with a fully trusted one. Each TOTP code works
// once; wrong codes are throttled per account like passwords.
func (s *Service) VerifyMFA(ctx context.Context, p Principal, code string) (SignInResult, error) {
	now := s.Now()
	u, err := s.store.Read().User(ctx, p.UserID)
	if err != nil {
		return SignInResult{}, clinic.Wrap(err, "Could not check the code.")
	}
	if !u.TOTPEnabled {
		return SignInResult{}, clinic.Errorf(clinic.Invalid, "Two-step sign-in is not set up for this account.")
	}
	att, err := s.reserve(ctx, now, codeLimit(u.ID))
	if _, ok := lockedUntil(err); ok {
		return SignInResult{}, clinic.Errorf(clinic.Forbidden, "Too many wrong codes. Sign in again in 15 minutes.")
	}
	if err != nil {
		return SignInResult{}, clinic.Wrap(err, "Could not check the code.")
	}
	var res SignInResult
	err = s.store.WithTx(ctx, func(tx Tx) error {
		ok, err := s.useTOTP(ctx, tx, u, code, now)
		if err != nil {
			return err
		}
		action := "auth.mfa"
		if !ok {
			used, err := tx.UseRecoveryCode(ctx, u.ID, auth.HashToken(auth.NormalizeRecoveryCode(code)), now)
			if err != nil {
				return err
			}
			ok, action = used, "auth.mfa_recovery_code"
		}
		if !ok {
			return errWrongCode
		}
		if err := tx.DeleteWebSession(ctx, p.SessionHash); err != nil {
			return err
		}
		if res, err = s.openSession(ctx, tx, u, true, now); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.Entry(p.Actor, service.Action(action), 0))
	})
	if errors.Is(err, errWrongCode) {
		if aerr := s.store.WithTx(ctx, func(tx Tx) error {
			return tx.AppendAudit(ctx, s.Entry(p.Actor, "auth.mfa_failed", 0))
		}); aerr != nil {
			return SignInResult{}, clinic.Wrap(aerr, "Could not check the code.")
		}
		return SignInResult{}, errWrongCode
	}
	if err == nil {
		s.forgive(ctx, att)
	}
	return res, clinic.Wrap(err, "Could not check the code.")
}

// MFASetup is what enrolment shows: the secret and its otpauth URL.
type MFASetup struct {
	Secret string
	URL    string
}

// BeginMFAEnrolment creates (or re-creates) a pending TOTP secret.
func (s *Service) BeginMFAEnrolment(ctx context.Context, p Principal) (MFASetup, error) {
	if p.MFAEnabled {
		return MFASetup{}, clinic.Errorf(clinic.Conflict, "Two-step sign-in is already set up.")
	}
	secret, url, err := auth.NewTOTP(s.Config().Issuer, p.Email)
	if err != nil {
		return MFASetup{}, clinic.Wrap(err, "Could not start two-step sign-in setup.")
	}
	err = s.store.WithTx(ctx, func(tx Tx) error { return tx.SetTOTP(ctx, p.UserID, secret, false) })
	return MFASetup{Secret: secret, URL: url}, clinic.Wrap(err, "Could not start two-step sign-in setup.")
}

// PendingMFA returns the pending secret so the page can be shown again.
func (s *Service) PendingMFA(ctx context.Context, p Principal) (MFASetup, error) {
	u, err := s.store.Read().User(ctx, p.UserID)
	if err != nil {
		return MFASetup{}, clinic.Wrap(err, "Could not load the account.")
	}
	if u.TOTPSecret == "" || u.TOTPEnabled {
		return s.BeginMFAEnrolment(ctx, p)
	}
	return MFASetup{Secret: u.TOTPSecret, URL: "otpauth://totp/" + s.Config().Issuer + ":" + u.Email +
		"?secret=" + u.TOTPSecret + "&issuer=" + s.Config().Issuer}, nil
}

// ConfirmMFAEnrolment turns TOTP on once the user proves their app shows
// the right code, and returns ten recovery codes to show once.
func (s *Service) ConfirmMFAEnrolment(ctx context.Context, p Principal, code string) (SignInResult, []string, error) {
	now := s.Now()
	u, err := s.store.Read().User(ctx, p.UserID)
	if err != nil {
		return SignInResult{}, nil, clinic.Wrap(err, "Could not load the account.")
	}
	if u.TOTPSecret == "" || u.TOTPEnabled {
		return SignInResult{}, nil, clinic.Errorf(clinic.Conflict, "Start the setup again.")
	}
	if !auth.CheckTOTP(u.TOTPSecret, code, now) {
		return SignInResult{}, nil, errEnrolCode
	}
	codes := auth.NewRecoveryCodes(10)
	hashes := make([]string, len(codes))
	for i, c := range codes {
		hashes[i] = auth.HashToken(c)
	}
	var res SignInResult
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if err := tx.SetTOTP(ctx, u.ID, u.TOTPSecret, true); err != nil {
			return err
		}
		// The code that turns TOTP on is used: it cannot then sign in.
		if ok, err := s.useTOTP(ctx, tx, u, code, now); err != nil {
			return err
		} else if !ok {
			return errEnrolCode
		}
		if err := tx.ReplaceRecoveryCodes(ctx, u.ID, hashes); err != nil {
			return err
		}
		if err := tx.DeleteWebSession(ctx, p.SessionHash); err != nil {
			return err
		}
		u.TOTPEnabled = true
		if res, err = s.openSession(ctx, tx, u, true, now); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.Entry(p.Actor, "auth.mfa_enrolled", 0))
	})
	if err != nil {
		return SignInResult{}, nil, clinic.Wrap(err, "Could not turn on two-step sign-in.")
	}
	return res, codes, nil
}
