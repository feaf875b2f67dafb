package export

import (
	"context"

	"onset/internal/auditchain"
	"onset/internal/clinic"
	"onset/internal/ledger"
	"onset/internal/record"
	"onset/internal/service"
)

// Queries are the export's reads: the clinic's settings (for its time
// zone), the rows of each file counted, and each table of one clinic
// streamed a row at a time in ID order.
type Queries interface {
	service.SettingsReader
	ExportRowCounts(ctx context.Context, clinicID int64) (map[string]int64, error)
	EachUser(ctx context.Context, clinicID int64, fn func(clinic.User) error) error
	EachPatient(ctx context.Context, clinicID int64, fn func(clinic.Patient) error) error
	EachCourse(ctx context.Context, clinicID int64, fn func(clinic.Course) error) error
	EachPlan(ctx context.Context, clinicID int64, fn func(record.Plan) error) error
	EachPlannedSession(ctx context.Context, clinicID int64, fn func(planID, patientID int64, s record.PlannedSession) error) error
	EachTreatmentSession(ctx context.Context, clinicID int64, fn func(record.TreatmentSession) error) error
	EachDose(ctx context.Context, clinicID int64, fn func(a clinic.Administration, d record.Dose) error) error
	EachVitals(ctx context.Context, clinicID int64, fn func(patientID int64, v record.VitalsEntry) error) error
	EachVitalsAlert(ctx context.Context, clinicID int64, fn func(patientID int64, a record.VitalsAlert) error) error
	EachSideEffect(ctx context.Context, clinicID int64, fn func(patientID int64, e record.SideEffect) error) error
	EachSessionAddendum(ctx context.Context, clinicID int64, fn func(patientID int64, a record.Addendum) error) error
	EachAssessment(ctx context.Context, clinicID int64, fn func(clinic.Assessment) error) error
	EachSafetyAlert(ctx context.Context, clinicID int64, fn func(record.SafetyAlert) error) error
	EachAppointment(ctx context.Context, clinicID int64, fn func(record.Appointment) error) error
	EachLedgerEntry(ctx context.Context, clinicID int64, fn func(c ledger.Container, e ledger.Entry) error) error
	EachNote(ctx context.Context, clinicID int64, fn func(record.ClinicalNote) error) error
	EachNoteAddendum(ctx context.Context, clinicID int64, fn func(patientID int64, a record.NoteAddendum) error) error
	EachMessage(ctx context.Context, clinicID int64, fn func(t record.Thread, m record.Message) error) error
	AuditChain(ctx context.Context, clinicID int64, fn func(auditchain.Row) error) error
	EachIntake(ctx context.Context, clinicID int64, fn func(record.Intake) error) error
	EachREMSForm(ctx context.Context, clinicID int64, fn func(patientID int64, f record.REMSAnswers) error) error
	EachContactPreference(ctx context.Context, clinicID int64, fn func(record.ContactPreference) error) error
	EachWaitlistEntry(ctx context.Context, clinicID int64, fn func(record.WaitlistEntry) error) error
	EachClinicSettings(ctx context.Context, clinicID int64, fn func(record.ClinicSettings) error) error
	ClinicExports(ctx context.Context, clinicID int64, limit int) ([]record.ClinicExport, error)
}

// Tx is the export's one write: the record of the export and its audit row.
type Tx interface {
	Queries
	AppendAudit(ctx context.Context, e clinic.AuditEntry) error
	CreateClinicExport(ctx context.Context, e record.ClinicExport) (int64, error)
}

// Store opens reads, write transactions and snapshots: one consistent,
// read-only view of the database that an export reads every file from
// while the clinic goes on writing. A snapshot is taken on the read
// replica when one is configured and current (service.Analytical), so it
// may be a few seconds behind the primary; the export's own record is
// written to the primary.
type Store interface {
	service.Storage[Queries, Tx]
	Snapshot(ctx context.Context, fn func(Queries) error) error
}
