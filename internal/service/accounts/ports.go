package accounts

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Queries are the reads of the accounts use cases.
type Queries interface {
	UserByEmail(ctx context.Context, email string) (clinic.User, error)
	User(ctx context.Context, id int64) (clinic.User, error)
	Users(ctx context.Context, clinicID int64) ([]clinic.User, error)
	WebSession(ctx context.Context, tokenHash string) (clinic.WebSession, error)
	APITokenByHash(ctx context.Context, hash string) (clinic.APIToken, error)
	// Checks of typed secrets (credentials.go): attempts in a window.
	CountAuthAttempts(ctx context.Context, key string, since time.Time) (int, time.Time, error)
	Patient(ctx context.Context, clinicID, id int64) (clinic.Patient, error)
	Caseload(ctx context.Context, clinicID, therapistID int64) ([]int64, error) // a therapist's patients
	// Clinic groups (locations.go): where a user may work.
	Clinic(ctx context.Context, id int64) (clinic.Clinic, error)
	SiblingClinics(ctx context.Context, clinicID int64) ([]clinic.Clinic, error)
	StaffClinics(ctx context.Context, userID int64) ([]clinic.Clinic, error)
	HasOrgAdmin(ctx context.Context, clinicID int64) (bool, error)
}

// Tx is a write transaction of the accounts use cases: its reads and writes commit or roll back together.
type Tx interface {
	Queries
	// Setting a password by email (password_email.go).
	CreatePasswordToken(ctx context.Context, t record.PasswordToken) (int64, error)
	PasswordTokenByHash(ctx context.Context, hash string) (record.PasswordToken, error)
	UsePasswordTokens(ctx context.Context, userID, id int64, now time.Time) (bool, error)
	CreateAccountMessage(ctx context.Context, m record.AccountMessage) (int64, error)
	CreateUser(ctx context.Context, u clinic.User) (int64, error)
	SetPassword(ctx context.Context, userID int64, hash string) error
	SetTOTP(ctx context.Context, userID int64, secret string, enabled bool) error
	SetDisabled(ctx context.Context, userID int64, disabled bool) error
	ReplaceRecoveryCodes(ctx context.Context, userID int64, hashes []string) error
	UseRecoveryCode(ctx context.Context, userID int64, hash string, now time.Time) (bool, error)
	UseTOTPStep(ctx context.Context, userID, step int64) (bool, error) // false: not later than the last used
	ReserveAuthAttempts(ctx context.Context, keys []string, now, since time.Time) ([]int64, error)
	DeleteAuthAttempts(ctx context.Context, ids []int64) error
	ClearAuthAttempts(ctx context.Context, key string) error
	CreateWebSession(ctx context.Context, s clinic.WebSession) error
	TouchWebSession(ctx context.Context, tokenHash string, now time.Time) error
	SetWebSessionClinic(ctx context.Context, tokenHash string, clinicID int64) error
	DeleteWebSession(ctx context.Context, tokenHash string) error
	EndUserCredentials(ctx context.Context, userID int64, now time.Time) error // sessions and API tokens
	DeleteExpiredWebSessions(ctx context.Context, now time.Time) error
	TouchAPIToken(ctx context.Context, id int64, now time.Time) error
	AppendAudit(ctx context.Context, e clinic.AuditEntry) error
	// UseFormToken records a sent form's token (forms.go); a token already
	// used is clinic.Conflict.
	UseFormToken(ctx context.Context, token string, clinicID, userID int64, now time.Time) error
}

// Store opens reads and write transactions.
type Store = service.Storage[Queries, Tx]
