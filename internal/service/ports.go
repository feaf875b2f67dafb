// Package service holds Onset's use cases: each one authorizes the actor,
// validates input, runs its reads and writes in one transaction and writes
// the audit trail. It declares the storage it needs; package store
// implements it, and only the composition root (cli) wires the two.
package service

import (
	"context"
	"time"

	"onset/internal/clinic"
)

// Queries are the reads the use cases need.
type Queries interface {
	Clinic(ctx context.Context, id int64) (clinic.Clinic, error)
	FirstClinic(ctx context.Context) (clinic.Clinic, error)
	UserByEmail(ctx context.Context, email string) (clinic.User, error)
	User(ctx context.Context, id int64) (clinic.User, error)
	Users(ctx context.Context, clinicID int64) ([]clinic.User, error)
	WebSession(ctx context.Context, tokenHash string) (clinic.WebSession, error)
	APITokenByHash(ctx context.Context, hash string) (clinic.APIToken, error)
	APITokens(ctx context.Context, userID int64) ([]clinic.APIToken, error)
	Audit(ctx context.Context, f clinic.AuditFilter) ([]clinic.AuditEntry, error)
	Patient(ctx context.Context, clinicID, id int64) (clinic.Patient, error)
	SearchPatients(ctx context.Context, clinicID int64, query string, limit, offset int) (clinic.PatientPage, error)
	Courses(ctx context.Context, clinicID, patientID int64) ([]clinic.Course, error)
	Administrations(ctx context.Context, clinicID, patientID int64) ([]clinic.Administration, error)
	Assessments(ctx context.Context, clinicID, patientID int64) ([]clinic.Assessment, error)
}

// Tx is a write transaction: reads and writes that commit or roll back together.
type Tx interface {
	Queries
	CreateClinic(ctx context.Context, c clinic.Clinic, now time.Time) (int64, error)
	CreateUser(ctx context.Context, u clinic.User) (int64, error)
	SetPassword(ctx context.Context, userID int64, hash string) error
	SetTOTP(ctx context.Context, userID int64, secret string, enabled bool) error
	SetDisabled(ctx context.Context, userID int64, disabled bool) error
	ReplaceRecoveryCodes(ctx context.Context, userID int64, hashes []string) error
	UseRecoveryCode(ctx context.Context, userID int64, hash string, now time.Time) (bool, error)
	CreateWebSession(ctx context.Context, s clinic.WebSession) error
	TouchWebSession(ctx context.Context, tokenHash string, now time.Time) error
	DeleteWebSession(ctx context.Context, tokenHash string) error
	DeleteUserWebSessions(ctx context.Context, userID int64) error
	DeleteExpiredWebSessions(ctx context.Context, now time.Time) error
	CreateAPIToken(ctx context.Context, t clinic.APIToken) (int64, error)
	RevokeAPIToken(ctx context.Context, userID, tokenID int64, now time.Time) error
	TouchAPIToken(ctx context.Context, id int64, now time.Time) error
	AppendAudit(ctx context.Context, e clinic.AuditEntry) error
	CreatePatient(ctx context.Context, p clinic.Patient) (int64, error)
	CreateCourse(ctx context.Context, c clinic.Course) (int64, error)
	CreateAdministration(ctx context.Context, a clinic.Administration) (int64, error)
	CreateAssessment(ctx context.Context, a clinic.Assessment, now time.Time) (int64, error)
}

// Store opens reads and write transactions.
type Store interface {
	Read() Queries
	WithTx(ctx context.Context, fn func(Tx) error) error
	Ping(ctx context.Context) error
}
