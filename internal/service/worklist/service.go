// Package worklist gathers what each member of staff has to do, most
// urgent first, each item one click from being done: open safety alerts,
// discharged sessions and plan drafts waiting for the prescriber's
// signature, intakes whose screen excluded treatment and wait for a
// prescriber's review, their own draft notes, messages that could not be
// delivered, REMS forms due, questionnaires overdue in a course, waitlist
// offers to make, lots near expiry and ledger counts due. It only reads:
// the item's link leads to the capability that does it.
package worklist

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/ledger"
	"onset/internal/record"
	"onset/internal/service"
)

// Service runs the worklist.
type Service struct {
	*service.Core
	store  Store
	counts *countCache
}

// New returns the worklist over st.
func New(core *service.Core, st Store) *Service {
	return &Service{Core: core, store: st, counts: newCountCache()}
}

// Queries are the worklist's reads.
type Queries interface {
	OpenSafetyAlerts(ctx context.Context, clinicID int64, limit int) ([]record.SafetyAlert, error)
	UnsignedSessions(ctx context.Context, clinicID int64, since time.Time, limit int) ([]record.WorkRow, error)
	DraftNotesBy(ctx context.Context, clinicID, authorID int64) ([]record.ClinicalNote, error)
	OutboxMessages(ctx context.Context, clinicID int64, limit int) ([]record.OutboxMessage, error)
	DraftPlans(ctx context.Context, clinicID int64, limit int) ([]record.Plan, error)
	IntakesAwaitingOverride(ctx context.Context, clinicID int64, limit int) ([]record.Intake, error)
	Patient(ctx context.Context, clinicID, id int64) (clinic.Patient, error)
	// The sections of the day around the sessions (sections.go).
	service.CalendarReader
	Clinic(ctx context.Context, id int64) (clinic.Clinic, error)
	UnsignedREMSForms(ctx context.Context, clinicID int64, since time.Time, limit int) ([]record.WorkRow, error)
	OverdueLinks(ctx context.Context, clinicID int64, from, before, activeSince time.Time, limit int) ([]record.WorkRow, error)
	Waitlist(ctx context.Context, clinicID int64) ([]record.WaitlistEntry, error)
	Appointments(ctx context.Context, clinicID int64, from, to time.Time) ([]record.Appointment, error)
	LiveLedgerEntries(ctx context.Context, clinicID int64, after time.Time) ([]ledger.Entry, error)
}

// Tx: the worklist writes nothing but its audit row (AuditRead).
type Tx interface {
	Queries
	AppendAudit(ctx context.Context, e clinic.AuditEntry) error
}

// Store opens reads and write transactions.
type Store = service.Storage[Queries, Tx]
