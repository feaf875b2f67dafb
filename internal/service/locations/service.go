// Package locations holds a clinic group's own administration: the
// organization's clinics (locations), adding and renaming them, and which
// clinics each staff member works at (issue 17). Working in a clinic —
// choosing it for a session — is the accounts capability's; pooled
// outcomes are the cohort capability's.
package locations

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
)

// Queries are the reads of the locations use cases.
type Queries interface {
	Clinic(ctx context.Context, id int64) (clinic.Clinic, error)
	AllClinics(ctx context.Context) ([]clinic.Clinic, error)
	SiblingClinics(ctx context.Context, clinicID int64) ([]clinic.Clinic, error)
	OrganizationStaff(ctx context.Context, orgID int64) ([]clinic.User, map[int64][]int64, error)
	ClinicCounts(ctx context.Context, clinicID int64) (patients, staff int, err error)
	// A patient's record, to transfer it (transfer.go).
	Patient(ctx context.Context, clinicID, id int64) (clinic.Patient, error)
	Courses(ctx context.Context, clinicID, patientID int64) ([]clinic.Course, error)
	Administrations(ctx context.Context, clinicID, patientID int64) ([]clinic.Administration, error)
	Assessments(ctx context.Context, clinicID, patientID int64) ([]clinic.Assessment, error)
	service.TransferReader
}

// Tx is a write transaction of the locations use cases.
type Tx interface {
	Queries
	service.FormTx
	CreateClinic(ctx context.Context, c clinic.Clinic, now time.Time) (int64, error)
	RenameClinic(ctx context.Context, clinicID int64, name string) error
	SetStaffClinic(ctx context.Context, userID, clinicID int64, member bool) error
	CreatePatient(ctx context.Context, p clinic.Patient) (int64, error)
	CreateCourse(ctx context.Context, c clinic.Course) (int64, error)
	CreateAdministration(ctx context.Context, a clinic.Administration) (int64, error)
	CreateAssessment(ctx context.Context, a clinic.Assessment, now time.Time) (int64, error)
	CreatePatientTransfer(ctx context.Context, t record.PatientTransfer) (int64, error)
	AppendAudit(ctx context.Context, e clinic.AuditEntry) error
}

// Store opens reads and write transactions.
type Store = service.Storage[Queries, Tx]

// Service runs the locations use cases.
type Service struct {
	*service.Core
	store Store
}

// New returns the locations use cases over st.
func New(core *service.Core, st Store) *Service {
	return &Service{Core: core, store: service.Once(core, st)}
}
