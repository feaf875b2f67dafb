package accounts

import (
	"context"
	"errors"
	"strconv"
	"time"

	"onset/internal/auth"
	"onset/internal/clinic"
)

// Every check of a secret a person types — a password at sign-in or for a
// ledger witness, a two-step code — goes through reserve first: it records
// the attempt under each of its keys and counts them in one transaction
// that the store serializes per key, so of a burst of concurrent guesses
// exactly the limit's number are checked. A check that succeeds forgives its
// attempt; one that fails leaves it to count. Password hashes then run
// behind the service's gate, outside any write transaction.

// attemptWindow is how long a failed check counts against its keys.
const attemptWindow = 15 * time.Minute

// limit is a budget of failed checks under one key within attemptWindow.
type limit struct {
	key string // stored only as its SHA-256
	max int
}

// 5 wrong passwords lock an account; an address gets more room because a
// clinic's staff may share one public address; a user who asks for
// witnesses gets room for honest typos across several colleagues.
const (
	accountMax   = 5
	addressMax   = 30
	requesterMax = 10
	codeMax      = 5
)

func accountLimit(email string) limit   { return limit{"acct:" + email, accountMax} }
func addressLimit(address string) limit { return limit{"addr:" + address, addressMax} }
func requesterLimit(userID int64) limit { return limit{idKey("witness-by:", userID), requesterMax} }
func codeLimit(userID int64) limit      { return limit{idKey("code:", userID), codeMax} }

// witnessIDLimit keys a witness who may not witness by ID, so naming them
// locks nobody's sign-in.
func witnessIDLimit(userID int64) limit { return limit{idKey("witness:", userID), accountMax} }

func idKey(prefix string, id int64) string { return prefix + strconv.FormatInt(id, 10) }

// throttled says a limit is used up, and until when.
type throttled struct{ until time.Time }

func (t throttled) Error() string {
	return "too many failed attempts until " + t.until.Format(time.RFC3339)
}

// lockedUntil reports whether err is a used-up limit.
func lockedUntil(err error) (time.Time, bool) {
	var t throttled
	if errors.As(err, &t) {
		return t.until, true
	}
	return time.Time{}, false
}

// attempt is a reserved check: until forgiven it counts as a failure.
type attempt struct{ ids []int64 }

// reserve records an attempt under every limit's key, or returns a
// throttled error when any limit is used up (then nothing is recorded).
func (s *Service) reserve(ctx context.Context, now time.Time, limits ...limit) (attempt, error) {
	since := now.Add(-attemptWindow)
	keys := make([]string, len(limits))
	for i, l := range limits {
		keys[i] = auth.HashToken(l.key)
	}
	// A key that is already locked is refused without a write, so a
	// sustained attack costs reads only.
	if err := s.overLimit(ctx, s.store.Read(), limits, keys, since, 0); err != nil {
		return attempt{}, err
	}
	var a attempt
	err := s.sideTx(ctx, func(tx Tx) error {
		var err error
		if a.ids, err = tx.ReserveAuthAttempts(ctx, keys, now, since); err != nil {
			return err
		}
		// Counted in the reserving transaction, which the store serializes
		// per key: the k-th attempt sees exactly k, so exactly max get
		// through whatever the timing, and a refused one leaves no row.
		return s.overLimit(ctx, tx, limits, keys, since, 1)
	})
	if err != nil {
		return attempt{}, err
	}
	return a, nil
}

// overLimit is a throttled error when a key holds more than max-slack
// attempts besides the caller's own slack.
func (s *Service) overLimit(ctx context.Context, q Queries, limits []limit, keys []string, since time.Time, own int) error {
	for i, l := range limits {
		n, oldest, err := q.CountAuthAttempts(ctx, keys[i], since)
		if err != nil {
			return err
		}
		if n-own >= l.max {
			return throttled{until: oldest.Add(attemptWindow)}
		}
	}
	return nil
}

// forgive deletes a check's attempt (it succeeded, or it was refused
// before it ran) and clears the keys of limits passed (a sign-in resets
// its account). Errors are ignored: a leftover row only counts one
// failure too many, which the window ends.
func (s *Service) forgive(ctx context.Context, a attempt, clear ...limit) {
	s.sideTx(ctx, func(tx Tx) error {
		if err := tx.DeleteAuthAttempts(ctx, a.ids); err != nil {
			return err
		}
		for _, l := range clear {
			if err := tx.ClearAuthAttempts(ctx, auth.HashToken(l.key)); err != nil {
				return err
			}
		}
		return nil
	})
}

// checkPassword verifies pw against hash behind the gate; with hash ""
// (no such account, or one that may not pass) it spends the same time
// and fails.
func (s *Service) checkPassword(ctx context.Context, hash, pw string) (bool, error) {
	if hash == "" {
		return false, s.Hashes().Dummy(ctx, s.Config().Passwords)
	}
	return s.Hashes().Verify(ctx, hash, pw)
}

// useTOTP accepts code for u once: the code must match a time step later
// than the last one accepted, which it then becomes.
func (s *Service) useTOTP(ctx context.Context, tx Tx, u clinic.User, code string, now time.Time) (bool, error) {
	step, ok := auth.MatchTOTP(u.TOTPSecret, code, now)
	if !ok {
		return false, nil
	}
	return tx.UseTOTPStep(ctx, u.ID, step)
}
