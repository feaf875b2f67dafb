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
	"onset/internal/service"
)

// Queries are the reads of the locations use cases.
type Queries interface {
	Clinic(ctx context.Context, id int64) (clinic.Clinic, error)
	AllClinics(ctx context.Context) ([]clinic.Clinic, error)
	SiblingClinics(ctx context.Context, clinicID int64) ([]clinic.Clinic, error)
	OrganizationStaff(ctx context.Context, orgID int64) ([]clinic.User, map[int64][]int64, error)
	ClinicCounts(ctx context.Context, clinicID int64) (patients, staff int, err error)
}

// Tx is a write transaction of the locations use cases.
type Tx interface {
	Queries
	service.FormTx
	CreateClinic(ctx context.Context, c clinic.Clinic, now time.Time) (int64, error)
	RenameClinic(ctx context.Context, clinicID int64, name string) error
	SetStaffClinic(ctx context.Context, userID, clinicID int64, member bool) error
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
