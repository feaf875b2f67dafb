package booking

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Queries are the reads of the booking use cases.
type Queries interface {
	service.CalendarReader
	service.PlanReader
	service.REMSReader
	service.ScreeningReader
	service.SettingsReader
	FirstClinic(ctx context.Context) (clinic.Clinic, error)
	UserByEmail(ctx context.Context, email string) (clinic.User, error)
	User(ctx context.Context, id int64) (clinic.User, error)
	Patient(ctx context.Context, clinicID, id int64) (clinic.Patient, error)
	service.TransferReader // a patient who moved clinic gets no new care here
	Plan(ctx context.Context, clinicID, id int64) (record.Plan, error)
	PatientIDsByMRN(ctx context.Context, clinicID int64) (map[string]int64, error)
	Appointment(ctx context.Context, clinicID, id int64) (record.Appointment, error)
	Appointments(ctx context.Context, clinicID int64, from, to time.Time) ([]record.Appointment, error)
	PatientAppointments(ctx context.Context, clinicID, patientID int64) ([]record.Appointment, error)
	Waitlist(ctx context.Context, clinicID int64) ([]record.WaitlistEntry, error)
}

// Tx is a write transaction of the booking use cases: its reads and writes commit or roll back together.
type Tx interface {
	Queries
	CreateUser(ctx context.Context, u clinic.User) (int64, error)
	AppendAudit(ctx context.Context, e clinic.AuditEntry) error
	CreatePatient(ctx context.Context, p clinic.Patient) (int64, error)
	// Booking (booking.go). LockBooking serializes a clinic's bookings.
	LockBooking(ctx context.Context, clinicID int64) error
	SaveBookingSettings(ctx context.Context, s record.BookingSettings) error
	CreateBookingResource(ctx context.Context, r record.BookingResource) (int64, error)
	CreateBookingProvider(ctx context.Context, p record.BookingProvider) (int64, error)
	CreateAppointment(ctx context.Context, a record.Appointment) (int64, error)
	UpdateAppointment(ctx context.Context, a record.Appointment) error
	CreateWaitlistEntry(ctx context.Context, w record.WaitlistEntry) (int64, error)
	SetWaitlistStatus(ctx context.Context, clinicID, id int64, status string) error
	// UseFormToken records a sent form's token (forms.go); a token already
	// used is clinic.Conflict.
	UseFormToken(ctx context.Context, token string, clinicID, userID int64, now time.Time) error
}

// Store opens reads and write transactions.
type Store = service.Storage[Queries, Tx]
