package accounts

import (
	"context"
	"strings"
	"time"

	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/service"
)

// SignInStep says what a new session still needs before it is complete.
type SignInStep string

const (
	StepDone     SignInStep = "done"
	StepMFA      SignInStep = "mfa"       // enter a TOTP or recovery code
	StepEnrolMFA SignInStep = "enrol-mfa" // this role must set up TOTP first
)

// SignInResult carries the new session's token (for the cookie).
type SignInResult struct {
	Token string
	Step  SignInStep
	CSRF  string
}

var errBadCredentials = clinic.Errorf(clinic.Unauthenticated, "Wrong email or password.")

// userByEmail finds an account by its email address; text that is no
// address an account could have (control characters, bytes that are not
// UTF-8) is simply not found, never sent to the database.
func userByEmail(ctx context.Context, q Queries, email string) (clinic.User, error) {
	if clean, err := clinic.EmailText.Clean(email); err != nil || clean != email {
		return clinic.User{}, clinic.Errorf(clinic.NotFound, "user not found")
	}
	return q.UserByEmail(ctx, email)
}

// SignIn checks a password and opens a session. The same message answers
// an unknown email, a disabled account and a wrong password, and all cost
// the same time. The attempt is reserved (credentials.go) before the
// password is checked, per account and per address.
func (s *Service) SignIn(ctx context.Context, email, password, address string) (SignInResult, error) {
	now := s.Now()
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" || password == "" {
		return SignInResult{}, clinic.Errorf(clinic.Invalid, "Enter your email and password.")
	}
	att, err := s.reserve(ctx, now, accountLimit(email), addressLimit(address))
	if until, ok := lockedUntil(err); ok {
		return SignInResult{}, clinic.Errorf(clinic.Forbidden,
			"Too many failed sign-ins. Try again after %s UTC.", until.Format("15:04"))
	}
	if err != nil {
		return SignInResult{}, clinic.Wrap(err, "Sign-in failed.")
	}
	u, err := userByEmail(ctx, s.store.Read(), email)
	if err != nil && clinic.ErrorCode(err) != clinic.NotFound {
		return SignInResult{}, clinic.Wrap(err, "Sign-in failed.")
	}
	hash := u.PasswordHash
	if err != nil || u.Disabled {
		hash = ""
	}
	ok, err := s.checkPassword(ctx, hash, password)
	if err != nil {
		return SignInResult{}, clinic.Wrap(err, "Sign-in failed.")
	}
	if !ok {
		if u.ID != 0 {
			e := clinic.AuditEntry{ClinicID: u.ClinicID, At: now, UserID: u.ID, Role: u.Role,
				Action: "auth.signin_failed", Address: address}
			if aerr := s.store.WithTx(ctx, func(tx Tx) error { return tx.AppendAudit(ctx, e) }); aerr != nil {
				return SignInResult{}, clinic.Wrap(aerr, "Sign-in failed.")
			}
		}
		return SignInResult{}, errBadCredentials
	}
	s.forgive(ctx, att, accountLimit(email))
	step := StepDone
	switch {
	case u.TOTPEnabled:
		step = StepMFA
	case service.MFARequired(u.Role):
		step = StepEnrolMFA
	}
	var res SignInResult
	err = s.store.WithTx(ctx, func(tx Tx) error {
		var err error
		res, err = s.openSession(ctx, tx, u, step == StepDone, now)
		if err != nil {
			return err
		}
		res.Step = step
		return tx.AppendAudit(ctx, clinic.AuditEntry{ClinicID: u.ClinicID, At: now, UserID: u.ID,
			Role: u.Role, Action: "auth.signin", Address: address})
	})
	return res, clinic.Wrap(err, "Sign-in failed.")
}

// openSession stores a fresh session; callers delete the one it replaces,
// so every step up in trust gets a new token (no session fixation).
func (s *Service) openSession(ctx context.Context, tx Tx, u clinic.User, mfaPassed bool, now time.Time) (SignInResult, error) {
	token := auth.NewToken()
	ws := clinic.WebSession{TokenHash: auth.HashToken(token), UserID: u.ID, CSRFToken: auth.NewToken(),
		MFAPassed: mfaPassed, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.Config().SessionMax)}
	if err := tx.DeleteExpiredWebSessions(ctx, now); err != nil {
		return SignInResult{}, err
	}
	if err := tx.CreateWebSession(ctx, ws); err != nil {
		return SignInResult{}, err
	}
	return SignInResult{Token: token, Step: StepDone, CSRF: ws.CSRFToken}, nil
}

// Principal is an authenticated caller: the actor, and for browser
// sessions the session's state.
type Principal struct {
	service.Actor
	SessionHash string
	CSRF        string
	MFAPassed   bool
	MFAEnabled  bool
}

// ErrSessionExpired answers a sign-in that was idle or open too long.
var ErrSessionExpired = clinic.Errorf(clinic.Unauthenticated, "Your session has expired. Please sign in again.")

// Authenticate resolves a session cookie's token for a request the
// person made, which counts as activity. Expired sessions (idle or
// absolute) are deleted and answer Unauthenticated.
func (s *Service) Authenticate(ctx context.Context, token, address, requestID string) (Principal, error) {
	return s.authenticate(ctx, token, address, requestID, true)
}

// AuthenticateBackground resolves a session cookie's token for a page's
// own background refresh: it does not count as activity, so a page left
// open still signs out after the idle time.
func (s *Service) AuthenticateBackground(ctx context.Context, token, address, requestID string) (Principal, error) {
	return s.authenticate(ctx, token, address, requestID, false)
}

func (s *Service) authenticate(ctx context.Context, token, address, requestID string, activity bool) (Principal, error) {
	now := s.Now()
	hash := auth.HashToken(token)
	r := s.store.Read()
	ws, err := r.WebSession(ctx, hash)
	if err != nil {
		return Principal{}, errSignedOut(err)
	}
	if now.After(ws.ExpiresAt) || now.Sub(ws.LastSeenAt) > s.Config().SessionIdle {
		s.store.WithTx(ctx, func(tx Tx) error { return tx.DeleteWebSession(ctx, hash) })
		return Principal{}, ErrSessionExpired
	}
	u, err := r.User(ctx, ws.UserID)
	if err != nil || u.Disabled {
		return Principal{}, errSignedOut(err)
	}
	// Record activity at most once a minute: a write per request would
	// queue every page behind SQLite's single writer.
	if activity && now.Sub(ws.LastSeenAt) > time.Minute {
		if err := s.store.WithTx(ctx, func(tx Tx) error { return tx.TouchWebSession(ctx, hash, now) }); err != nil {
			return Principal{}, clinic.Wrap(err, "Could not check your session.")
		}
	}
	a, err := s.actorIn(ctx, u, ws.ClinicID, address, requestID)
	if err != nil {
		return Principal{}, err
	}
	return Principal{Actor: a, SessionHash: hash, CSRF: ws.CSRFToken, MFAPassed: ws.MFAPassed, MFAEnabled: u.TOTPEnabled}, nil
}

func errSignedOut(err error) error {
	if err == nil || clinic.ErrorCode(err) == clinic.NotFound {
		return clinic.Errorf(clinic.Unauthenticated, "Please sign in.")
	}
	return clinic.Wrap(err, "Could not check your session.")
}

// actorOf is the user acting in this request, in their own clinic.
func (s *Service) actorOf(ctx context.Context, u clinic.User, address, requestID string) (service.Actor, error) {
	return s.actorIn(ctx, u, 0, address, requestID)
}

// actorIn is the user acting in this request in the clinic chosen for
// the session (0, or one they no longer work at: their own). The clinics
// they may work in are read with it, and a therapist's caseload there, so
// the policy's object-level checks need no other read.
func (s *Service) actorIn(ctx context.Context, u clinic.User, chosen int64, address, requestID string) (service.Actor, error) {
	a := service.Actor{UserID: u.ID, ClinicID: u.ClinicID, PatientID: u.PatientID, Role: u.Role,
		Name: u.Name, Email: u.Email, Address: address, RequestID: requestID, OrgAdmin: u.OrgAdmin}
	r := s.store.Read()
	var err error
	switch {
	case u.PatientID != 0: // a patient belongs to one clinic
	case u.OrgAdmin:
		a.Locations, err = r.SiblingClinics(ctx, u.ClinicID)
	default:
		a.Locations, err = r.StaffClinics(ctx, u.ID)
	}
	if err != nil {
		return a, clinic.Wrap(err, "Could not read your clinics.")
	}
	for _, c := range a.Locations {
		if c.ID == chosen {
			a.ClinicID = c.ID
		}
	}
	for _, c := range a.Locations {
		if c.ID == a.ClinicID {
			a.OrganizationID = c.OrganizationID
		}
	}
	if u.Role == clinic.RoleTherapist {
		if a.Caseload, err = r.Caseload(ctx, a.ClinicID, u.ID); err != nil {
			return a, clinic.Wrap(err, "Could not read your caseload.")
		}
	}
	return a, nil
}

// AuthenticateAPIToken resolves a bearer token.
func (s *Service) AuthenticateAPIToken(ctx context.Context, token, address, requestID string) (Principal, error) {
	r := s.store.Read()
	t, err := r.APITokenByHash(ctx, auth.HashToken(token))
	if err != nil || !t.RevokedAt.IsZero() {
		return Principal{}, clinic.Errorf(clinic.Unauthenticated, "Invalid or revoked API token.")
	}
	u, err := r.User(ctx, t.UserID)
	if err != nil || u.Disabled {
		return Principal{}, clinic.Errorf(clinic.Unauthenticated, "Invalid or revoked API token.")
	}
	now := s.Now()
	if now.Sub(t.LastUsedAt) > time.Minute {
		if err := s.store.WithTx(ctx, func(tx Tx) error { return tx.TouchAPIToken(ctx, t.ID, now) }); err != nil {
			return Principal{}, clinic.Wrap(err, "Could not check the API token.")
		}
	}
	// A token stands in for a completed sign-in, MFA included: only a fully
	// signed-in user can create one.
	a, err := s.actorOf(ctx, u, address, requestID)
	if err != nil {
		return Principal{}, err
	}
	return Principal{Actor: a, MFAPassed: true, MFAEnabled: u.TOTPEnabled}, nil
}

// SignOut ends the session.
func (s *Service) SignOut(ctx context.Context, p Principal) error {
	return clinic.Wrap(s.store.WithTx(ctx, func(tx Tx) error {
		if err := tx.DeleteWebSession(ctx, p.SessionHash); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.Entry(p.Actor, "auth.signout", 0))
	}), "Sign-out failed.")
}
