package outreach

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Queries are the reads of the outreach use cases.
type Queries interface {
	User(ctx context.Context, id int64) (clinic.User, error)
	service.ContactReader
	// Text-message consent by number (replies.go).
	SMSOptedOut(ctx context.Context, phone string) (bool, error)
	service.CalendarReader
	Clinic(ctx context.Context, id int64) (clinic.Clinic, error)
	Patient(ctx context.Context, clinicID, id int64) (clinic.Patient, error)
	Link(ctx context.Context, clinicID, id int64) (record.QuestionnaireLink, error)
	OutboxMessages(ctx context.Context, clinicID int64, limit int) ([]record.OutboxMessage, error)
	ClinicIDs(ctx context.Context) ([]int64, error)
	Appointment(ctx context.Context, clinicID, id int64) (record.Appointment, error)
	PatientAppointments(ctx context.Context, clinicID, patientID int64) ([]record.Appointment, error)
	Appointments(ctx context.Context, clinicID int64, from, to time.Time) ([]record.Appointment, error)
	PatientAppointmentReminders(ctx context.Context, clinicID, patientID int64) ([]record.AppointmentReminder, error)
	// PatientUnreadMessages counts the care team's secure messages the
	// patient has not read (message_notices.go).
	PatientUnreadMessages(ctx context.Context, clinicID, patientID int64) (int, error)
}

// Tx is a write transaction of the outreach use cases: its reads and writes commit or roll back together.
type Tx interface {
	Queries
	OutboxMessage(ctx context.Context, clinicID, id int64) (record.OutboxMessage, error)
	// Booked, moved and cancelled notices (notices.go).
	CreateAppointmentNotice(ctx context.Context, n record.AppointmentNotice) (int64, error)
	ClaimDueAppointmentNotices(ctx context.Context, now, until time.Time, limit int) ([]record.AppointmentNotice, error)
	MarkAppointmentNotice(ctx context.Context, id int64, at time.Time, reason string, retryAt time.Time) error
	// Notices that a secure message waits in the portal (message_notices.go).
	ClaimDueMessageNotices(ctx context.Context, now, until time.Time, limit int) ([]record.MessageNotice, error)
	MarkMessageNotice(ctx context.Context, id int64, at time.Time, reason string, retryAt time.Time) error
	CloseMessageNotice(ctx context.Context, id int64, status string) error
	// Password-reset links and portal invitations (account_messages.go).
	ClaimDueAccountMessages(ctx context.Context, now, until time.Time, limit int) ([]record.AccountMessage, error)
	MarkAccountMessage(ctx context.Context, id int64, sentAt time.Time, reason string, retryAt time.Time) error
	// ClaimDueOutboxMessages and ClaimDueAppointmentReminders take what is
	// due and hold it until a time, so two processes never send the same.
	ClaimDueOutboxMessages(ctx context.Context, now, until time.Time, limit int) ([]record.OutboxMessage, error)
	ClaimDueAppointmentReminders(ctx context.Context, now, until time.Time, limit int) ([]record.AppointmentReminder, error)
	AppendAudit(ctx context.Context, e clinic.AuditEntry) error
	MarkOutboxSent(ctx context.Context, id int64, now time.Time) error
	MarkOutboxFailed(ctx context.Context, id int64, reason string, retryAt time.Time) error
	ExpireOutbox(ctx context.Context, clinicID int64, now time.Time) (int64, error)
	// Appointment reminders (reminders.go). CreateAppointmentReminder
	// returns 0 when the appointment already has one for its start.
	CreateAppointmentReminder(ctx context.Context, r record.AppointmentReminder) (int64, error)
	MarkReminderSent(ctx context.Context, id int64, now time.Time) error
	MarkReminderFailed(ctx context.Context, id int64, reason string, retryAt time.Time) error
	CloseReminder(ctx context.Context, id int64, status string) error
	// UseFormToken records a sent form's token (forms.go); a token already
	// used is clinic.Conflict.
	UseFormToken(ctx context.Context, token string, clinicID, userID int64, now time.Time) error
}

// Store opens reads and write transactions.
type Store = service.Storage[Queries, Tx]
