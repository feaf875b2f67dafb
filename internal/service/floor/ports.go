package floor

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Queries are the reads of the clinic-floor use cases.
type Queries interface {
	service.CalendarReader
	service.SessionRulesReader
	Patient(ctx context.Context, clinicID, id int64) (clinic.Patient, error)
	ClinicIDs(ctx context.Context) ([]int64, error)
	// OpenRoomProblems lists held sessions, unacknowledged vitals alerts
	// and unoverridden exclusions since since, newest first (room.go).
	OpenRoomProblems(ctx context.Context, clinicID int64, since time.Time) ([]record.RoomProblem, error)
	// ClinicSessionRecordsSince lists the sessions checked in since since
	// with their dose, vital signs and alerts (what the Today board and the
	// overdue vital signs read), in a few queries.
	ClinicSessionRecordsSince(ctx context.Context, clinicID int64, since time.Time) ([]record.SessionRecord, error)
	// SessionPatientsSince names those sessions' patients, by patient ID.
	SessionPatientsSince(ctx context.Context, clinicID int64, since time.Time) (map[int64]string, error)
	Appointments(ctx context.Context, clinicID int64, from, to time.Time) ([]record.Appointment, error)
}

// Tx is a write transaction of the clinic-floor use cases: its reads and writes commit or roll back together.
type Tx interface {
	Queries
	Appointment(ctx context.Context, clinicID, id int64) (record.Appointment, error)
	MarkArrived(ctx context.Context, clinicID, id int64, at time.Time) (bool, error)
	AppendAudit(ctx context.Context, e clinic.AuditEntry) error
	// UseFormToken records a sent form's token (forms.go); a token already
	// used is clinic.Conflict.
	UseFormToken(ctx context.Context, token string, clinicID, userID int64, now time.Time) error
}

// Store opens reads and write transactions.
type Store = service.Storage[Queries, Tx]
