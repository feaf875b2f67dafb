package accounts

import (
	"context"

	"onset/internal/clinic"
	"onset/internal/ledger"
	"onset/internal/service"
)

// errWitness answers every witness check that fails, whatever the reason
// (unknown, other clinic, disabled, not a clinician or nurse, wrong
// password or code, too many failures), so the form tells nothing about
// accounts or passwords.
var errWitness = clinic.Errorf(clinic.Invalid,
	"The witness could not be confirmed. Check who is chosen; they type their own password, and their two-step code if they use one.")

// ConfirmWitness checks a witness before the entry's write transaction
// opens (the password hash is slow by design and must not hold the
// database's writer). It is throttled like sign-in: failures count
// against the witness's account — the same lock-out as signing in — and
// against the user who asks, and every failure is audited.
func (s *Service) ConfirmWitness(ctx context.Context, a service.Actor, w service.LedgerWitness) (ledger.Person, error) {
	if w.UserID == 0 {
		return ledger.Person{}, clinic.Errorf(clinic.Invalid, "Choose the witness.")
	}
	if w.UserID == a.UserID {
		return ledger.Person{}, clinic.Errorf(clinic.Invalid, "The witness must be a second person, not you.")
	}
	now := s.Now()
	u, err := s.store.Read().User(ctx, w.UserID)
	if err != nil && clinic.ErrorCode(err) != clinic.NotFound {
		return ledger.Person{}, clinic.Wrap(err, "Could not check the witness.")
	}
	eligible := err == nil && u.ClinicID == a.ClinicID && !u.Disabled &&
		(u.Role == clinic.RoleClinician || u.Role == clinic.RoleNurse)
	// Someone who may not witness still costs a full check.
	account, hash := witnessIDLimit(w.UserID), ""
	if eligible {
		account, hash = accountLimit(u.Email), u.PasswordHash
	}
	att, err := s.reserve(ctx, now, account, requesterLimit(a.UserID))
	if _, locked := lockedUntil(err); locked {
		return ledger.Person{}, s.witnessFailed(ctx, a, w.UserID)
	}
	if err != nil {
		return ledger.Person{}, clinic.Wrap(err, "Could not check the witness.")
	}
	ok, err := s.checkPassword(ctx, hash, w.Password)
	if err == nil && ok && u.TOTPEnabled {
		err = s.sideTx(ctx, func(tx Tx) error {
			ok, err = s.useTOTP(ctx, tx, u, w.Code, now)
			return err
		})
	}
	if err != nil {
		return ledger.Person{}, clinic.Wrap(err, "Could not check the witness.")
	}
	if !ok {
		return ledger.Person{}, s.witnessFailed(ctx, a, w.UserID)
	}
	s.forgive(ctx, att)
	return ledger.Person{ID: u.ID, Name: u.Name, Role: u.Role}, nil
}

// witnessFailed audits a failed witness check and returns its one answer.
func (s *Service) witnessFailed(ctx context.Context, a service.Actor, witnessID int64) error {
	e := s.Entry(a, "ledger.witness_failed", 0)
	e.RecordType, e.RecordID = "user", witnessID
	if err := s.sideTx(ctx, func(tx Tx) error { return tx.AppendAudit(ctx, e) }); err != nil {
		return clinic.Wrap(err, "Could not check the witness.")
	}
	return errWitness
}
