package service

import (
	"context"
	"onset/internal/clinic"
	"onset/internal/ledger"
	"onset/internal/record"
	"time"
)

// LedgerWitness is a second licensed person who confirms an entry by
// entering their own password in the same form, and their current
// two-step code when they use two-step sign-in.
type LedgerWitness struct {
	UserID   int64
	Password string
	Code     string // TOTP; required only of witnesses who have it on
}

// What one capability asks of another goes through these interfaces: the
// capability that answers implements it, and app wires the two together,
// so no capability imports another.

// Witnesses confirms the witness of a controlled-substance entry
// (accounts implements it; the ledger and the dose ask).
type Witnesses interface {
	ConfirmWitness(ctx context.Context, a Actor, w LedgerWitness) (ledger.Person, error)
}

// DoseStock is where a dose was drawn from in the controlled-substance
// ledger, and the optional witnessed waste of the rest of a single-use
// vial.
type DoseStock struct {
	ContainerID int64   // 0: found by the lot number, when the clinic keeps its ledger in Onset
	WasteMg     float64 // the rest of the vial wasted after the draw, 0 for none
	Witness     LedgerWitness
}

// DoseWaste is the dose form's waste of the rest of the vial, its
// witness confirmed.
type DoseWaste struct {
	Mg      float64
	Witness ledger.Person
}

// DoseLedger is the controlled-substance ledger's part in recording a
// dose (inventory implements it; treatment asks). The container and the
// witnessed waste are settled before the dose's transaction opens; the
// draw happens inside it, so a draw the container cannot cover rolls the
// whole dose back.
type DoseLedger interface {
	// DoseContainer finds the container a dose is drawn from, with its lot
	// and expiry; ContainerID 0 when the clinic does not keep the drug's
	// ledger in Onset.
	DoseContainer(ctx context.Context, a Actor, sessionDrug string, stock DoseStock, lot, expiry string) (DoseSource, error)
	ConfirmDoseWaste(ctx context.Context, a Actor, containerID int64, stock DoseStock) (DoseWaste, error)
	DrawForDose(ctx context.Context, tx LedgerTx, a Actor, ts record.TreatmentSession, d record.Dose, containerID int64, waste DoseWaste) error
}

// DoseSource is the container a dose comes from, as the ledger knows it.
type DoseSource struct {
	ContainerID int64
	Lot, Expiry string // the label's expiry date, YYYY-MM-DD
}

// LedgerTx is what a transaction needs to append to the ledger.
// LockLedgerContainer holds the container until commit (PostgreSQL FOR
// UPDATE; SQLite's one writer).
type LedgerTx interface {
	LockLedgerContainer(ctx context.Context, clinicID, id int64) error
	LedgerContainerEntries(ctx context.Context, clinicID, containerID int64) ([]ledger.Entry, error)
	CreateLedgerEntry(ctx context.Context, clinicID int64, e ledger.Entry, now time.Time) (int64, error)
	AppendAudit(ctx context.Context, e clinic.AuditEntry) error
}

// ClinicResponse is what this clinic's own courses say about how soon
// people first respond, among courses like the patient's: the same route
// and condition, measured on the condition's questionnaire.
type ClinicResponse struct {
	Instrument string // the questionnaire's name, e.g. "PHQ-9"
	Route      clinic.Route
	Condition  clinic.Condition
	Courses    int          // comparable courses with a baseline and a follow-up
	Enough     bool         // at least MinComparableCourses: figures are shown
	Responded  []ResponseAt // cumulative share who had responded, by day
	MedianDays float64      // half had responded by this day; NaN when fewer than half did
}

// ResponseAt is the share of courses that had responded by a day after T0,
// read with the day's visit window (outcomes.Readouts, design.md §3).
type ResponseAt struct {
	Day    int
	Pct    int
	Window string // the visit window added, e.g. "4 h" for day 1 (read at 28 h)
}

// MinComparableCourses is how many comparable courses the clinic needs
// before its figures are shown to a patient: fewer would mislead.
const MinComparableCourses = 10

// ResponseFigures tells how soon this clinic's own courses like a
// patient's first responded (cohort implements it; "what to expect" asks).
type ResponseFigures interface {
	ResponseFigures(ctx context.Context, clinicID int64, route clinic.Route, cond clinic.Condition) (*ClinicResponse, error)
}

// PatientRecords reads a patient's record, audited (patients implements
// it; a patient's trajectory asks).
type PatientRecords interface {
	Patient(ctx context.Context, a Actor, patientID int64) (record.PatientRecord, error)
}

// SignedPlans gives the plan in force for a patient, audited (plans
// implements it; check-in and discharge ask).
type SignedPlans interface {
	SignedPlan(ctx context.Context, a Actor, patientID int64) (record.Plan, error)
}

// LinkScheduler makes the questionnaire links that have fallen due
// (measurement implements it; the outbox asks before it delivers).
type LinkScheduler interface {
	ScheduleLinks(ctx context.Context, a Actor) (int, error)
}

// AppointmentNotices tells a patient an appointment was booked, moved or
// cancelled (outreach implements it; booking asks, once its transaction
// has committed: a notice is about a booking that stands).
type AppointmentNotices interface {
	NotifyAppointment(ctx context.Context, ap record.Appointment, kind string) error
}
