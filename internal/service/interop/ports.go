package interop

import (
	"context"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Queries are the reads of the interoperability use cases.
type Queries interface {
	Patient(ctx context.Context, clinicID, id int64) (clinic.Patient, error)
	PatientVersions(ctx context.Context, clinicID, patientID int64) ([]record.PatientVersion, error)
	SearchPatients(ctx context.Context, clinicID int64, query string, limit, offset int) (clinic.PatientPage, error)
	SearchCaseloadPatients(ctx context.Context, clinicID, therapistID int64, query string, limit, offset int) (clinic.PatientPage, error)
	PossibleDuplicates(ctx context.Context, clinicID int64, p clinic.Patient) ([]clinic.Patient, error)
	// RecordPatient is the patient a record belongs to (kind: assessment,
	// treatment_session, session_dose, session_vitals, intake, plan,
	// appointment); NotFound when the clinic has no such record.
	RecordPatient(ctx context.Context, clinicID int64, kind string, id int64) (int64, error)
	Assessments(ctx context.Context, clinicID, patientID int64) ([]clinic.Assessment, error)
	PatientTreatmentSessions(ctx context.Context, clinicID, patientID int64) ([]record.TreatmentSession, error)
	SessionRecord(ctx context.Context, clinicID, id int64) (record.SessionRecord, error)
	Intakes(ctx context.Context, clinicID, patientID int64) ([]record.Intake, error)
	Plans(ctx context.Context, clinicID, patientID int64) ([]record.Plan, error)
	PatientAppointments(ctx context.Context, clinicID, patientID int64) ([]record.Appointment, error)
	ContactPreferences(ctx context.Context, clinicID, patientID int64) ([]record.ContactPreference, error)
	BookingProviders(ctx context.Context, clinicID int64) ([]record.BookingProvider, error)
	// The clinic's directory (directory.go).
	Clinic(ctx context.Context, id int64) (clinic.Clinic, error)
	ClinicSettings(ctx context.Context, clinicID int64) (record.ClinicSettings, bool, error)
	BookingSettings(ctx context.Context, clinicID int64) (record.BookingSettings, error)
	BookingResources(ctx context.Context, clinicID int64) ([]record.BookingResource, error)
	Users(ctx context.Context, clinicID int64) ([]clinic.User, error)
}

// Tx is a transaction of the interoperability use cases. They write
// nothing of their own: their reads are audited through the core
// (Core.AuditRead), and what other systems send is recorded by the
// capability that owns it.
type Tx interface {
	Queries
}

// Store opens reads and write transactions, and the reads of searches
// (Analytics: on a read replica when one is configured and current, so
// possibly a few seconds behind the primary; ChartRequest.MayLag).
type Store interface {
	service.Storage[Queries, Tx]
	service.Analytical[Queries]
}
