package consent

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Queries are the reads of the consent use cases.
type Queries interface {
	service.ContactReader
	Clinic(ctx context.Context, id int64) (clinic.Clinic, error)
	Patient(ctx context.Context, clinicID, id int64) (clinic.Patient, error)
	PatientsByPhone(ctx context.Context, phone string) ([]clinic.Patient, error)
	SMSOptedOut(ctx context.Context, phone string) (bool, error)
	PatientOutboxMessages(ctx context.Context, clinicID, patientID int64, limit int) ([]record.OutboxMessage, error)
	PatientAppointmentReminders(ctx context.Context, clinicID, patientID int64) ([]record.AppointmentReminder, error)
	PatientAppointmentNotices(ctx context.Context, clinicID, patientID int64, limit int) ([]record.AppointmentNotice, error)
}

// Tx is a write transaction of the consent use cases.
type Tx interface {
	Queries
	service.FormTx
	SetSMSOptOut(ctx context.Context, phone string, out bool, source string, at time.Time) error
	CreateContactPreference(ctx context.Context, c record.ContactPreference) (int64, error)
	AppendAudit(ctx context.Context, e clinic.AuditEntry) error
}

// Store opens reads and write transactions.
type Store = service.Storage[Queries, Tx]
