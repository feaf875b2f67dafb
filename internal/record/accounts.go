package record

import "time"

// Purposes of a password token.
const (
	PasswordReset = "reset"  // the person asked: "forgot your password?"
	PortalInvite  = "invite" // staff invited a patient to set their portal password
)

// PasswordToken is a single-use, expiring right to set a user's password,
// stored as the SHA-256 of the token that was sent.
type PasswordToken struct {
	ID, ClinicID, UserID int64
	Purpose              string
	TokenHash            string
	CreatedAt, ExpiresAt time.Time
	UsedAt               time.Time // zero until used
}

// AccountMessage is an email about an account (a reset link, a portal
// invitation) waiting for the outbox run, or sent.
type AccountMessage struct {
	ID, ClinicID, UserID int64
	Kind                 string // PasswordReset or PortalInvite
	Channel, Recipient   string
	Token                string // the raw token, until sent
	DueAt, ExpiresAt     time.Time
	Status               string // the outbox's statuses
	Attempts             int
	LastError            string
	SentAt, CreatedAt    time.Time
}
