package messaging

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Queries are the reads of the messaging use cases.
type Queries interface {
	service.ContactReader
	Patient(ctx context.Context, clinicID, id int64) (clinic.Patient, error)
	User(ctx context.Context, id int64) (clinic.User, error)
	Users(ctx context.Context, clinicID int64) ([]clinic.User, error)
	Thread(ctx context.Context, clinicID, id int64) (record.Thread, error)
	ThreadsOfClinic(ctx context.Context, clinicID int64, which string, userID int64, limit int) ([]record.Thread, error)
	PatientThreads(ctx context.Context, clinicID, patientID int64) ([]record.Thread, error)
	ThreadMessages(ctx context.Context, clinicID, threadID int64) ([]record.Message, error)
	UnreadThreadCount(ctx context.Context, clinicID int64) (int, error)
	// A therapist's: the conversations of the patients on their caseload.
	CaseloadThreads(ctx context.Context, clinicID int64, which string, therapistID int64, limit int) ([]record.Thread, error)
	UnreadCaseloadThreadCount(ctx context.Context, clinicID, therapistID int64) (int, error)
	Caseload(ctx context.Context, clinicID, therapistID int64) ([]int64, error)
	MessageNoticePending(ctx context.Context, clinicID, patientID int64, channel string) (bool, error)
}

// Tx is a write transaction of the messaging use cases: its reads and
// writes commit or roll back together.
type Tx interface {
	Queries
	service.FormTx
	AppendAudit(ctx context.Context, e clinic.AuditEntry) error
	CreateThread(ctx context.Context, t record.Thread) (int64, error)
	AssignThread(ctx context.Context, clinicID, id, userID int64) error
	CreateMessage(ctx context.Context, m record.Message) (int64, error)
	MarkMessagesRead(ctx context.Context, clinicID, threadID int64, sender string, userID int64, now time.Time) (int64, error)
	// A patient's message with self-harm wording raises a safety alert in
	// the same transaction, as a questionnaire's suicide item does.
	CreateSafetyAlert(ctx context.Context, a record.SafetyAlert) (int64, error)
	// The patient's notice that a message waits (delivered by outreach).
	CreateMessageNotice(ctx context.Context, n record.MessageNotice) (int64, error)
}

// Store opens reads and write transactions.
type Store = service.Storage[Queries, Tx]
