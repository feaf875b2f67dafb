// Package service holds Onset's use cases: each one authorizes the actor,
// validates input, runs its reads and writes in one transaction and writes
// the audit trail. It declares the storage it needs; package store
// implements it, and only the composition root (cli) wires the two.
package service

import (
	"context"
	"time"

	"onset/internal/clinic"
	"onset/internal/ledger"
	"onset/internal/outcomes"
	"onset/internal/record"
)

// Queries are the reads the use cases need.
type Queries interface {
	Clinic(ctx context.Context, id int64) (clinic.Clinic, error)
	FirstClinic(ctx context.Context) (clinic.Clinic, error)
	UserByEmail(ctx context.Context, email string) (clinic.User, error)
	User(ctx context.Context, id int64) (clinic.User, error)
	Users(ctx context.Context, clinicID int64) ([]clinic.User, error)
	WebSession(ctx context.Context, tokenHash string) (clinic.WebSession, error)
	APITokenByHash(ctx context.Context, hash string) (clinic.APIToken, error)
	APITokens(ctx context.Context, userID int64) ([]clinic.APIToken, error)
	// Checks of typed secrets (credentials.go): attempts in a window.
	CountAuthAttempts(ctx context.Context, key string, since time.Time) (int, time.Time, error)
	Audit(ctx context.Context, f clinic.AuditFilter) ([]clinic.AuditEntry, error)
	Patient(ctx context.Context, clinicID, id int64) (clinic.Patient, error)
	SearchPatients(ctx context.Context, clinicID int64, query string, limit, offset int) (clinic.PatientPage, error)
	Courses(ctx context.Context, clinicID, patientID int64) ([]clinic.Course, error)
	Administrations(ctx context.Context, clinicID, patientID int64) ([]clinic.Administration, error)
	Assessments(ctx context.Context, clinicID, patientID int64) ([]clinic.Assessment, error)
	// Measurement-based care (assessments.go, links.go, alerts.go, outbox.go).
	Assessment(ctx context.Context, clinicID, id int64) (clinic.Assessment, error)
	IdempotencyKey(ctx context.Context, userID int64, key string) (record.IdempotencyKey, error)
	LinkByTokenHash(ctx context.Context, hash string) (record.QuestionnaireLink, error)
	Link(ctx context.Context, clinicID, id int64) (record.QuestionnaireLink, error)
	PatientLinks(ctx context.Context, clinicID, patientID int64) ([]record.QuestionnaireLink, error)
	SafetyAlert(ctx context.Context, clinicID, id int64) (record.SafetyAlert, error)
	PatientSafetyAlerts(ctx context.Context, clinicID, patientID int64) ([]record.SafetyAlert, error)
	OpenSafetyAlerts(ctx context.Context, clinicID int64, limit int) ([]record.SafetyAlert, error)
	DueOutboxMessages(ctx context.Context, now time.Time, limit int) ([]record.OutboxMessage, error)
	OutboxMessages(ctx context.Context, clinicID int64, limit int) ([]record.OutboxMessage, error)
	ClinicIDs(ctx context.Context) ([]int64, error)
	ClinicCourses(ctx context.Context, clinicID int64) ([]clinic.Course, error)
	// Treatment plans (plans.go).
	Plan(ctx context.Context, clinicID, id int64) (record.Plan, error)
	Plans(ctx context.Context, clinicID, patientID int64) ([]record.Plan, error)
	// Outcome analytics and import of historical data (outcomes.go, import.go).
	CohortHistories(ctx context.Context, clinicID int64, instrument string, fn func(outcomes.History) error) error
	ImportKeys(ctx context.Context, clinicID int64, kind string) (map[string]int64, error)
	PatientIDsByMRN(ctx context.Context, clinicID int64) (map[string]int64, error)
	FirstConditions(ctx context.Context, clinicID int64) (map[int64]clinic.Condition, error)
	LastAdministrations(ctx context.Context, clinicID int64) (map[int64]clinic.Administration, error)
	// Treatment sessions (sessions.go).
	TreatmentSession(ctx context.Context, clinicID, id int64) (record.TreatmentSession, error)
	PatientTreatmentSessions(ctx context.Context, clinicID, patientID int64) ([]record.TreatmentSession, error)
	PatientDoseLinks(ctx context.Context, clinicID, patientID int64) ([]record.DoseLink, error)
	// OpenRoomProblems lists held sessions, unacknowledged vitals alerts
	// and unoverridden exclusions since since, newest first (room.go).
	OpenRoomProblems(ctx context.Context, clinicID int64, since time.Time) ([]record.RoomProblem, error)
	// OpenTreatmentSessions lists sessions checked in since since and not
	// yet discharged or cancelled (room_overdue.go).
	OpenTreatmentSessions(ctx context.Context, clinicID int64, since time.Time) ([]record.TreatmentSession, error)
	// ClinicSessionsSince lists every session checked in since since (today.go).
	ClinicSessionsSince(ctx context.Context, clinicID int64, since time.Time) ([]record.TreatmentSession, error)
	EsketamineSessionsSince(ctx context.Context, clinicID int64, since time.Time) ([]record.TreatmentSession, error)
	SessionVitals(ctx context.Context, clinicID, sessionID int64) ([]record.VitalsEntry, error)
	SessionAlerts(ctx context.Context, clinicID, sessionID int64) ([]record.VitalsAlert, error)
	SessionRecord(ctx context.Context, clinicID, id int64) (record.SessionRecord, error)
	REMSAnswers(ctx context.Context, clinicID, sessionID int64) (record.REMSAnswers, error)
	// Session sign-off, addenda and REMS enrolment (sessions_signoff.go).
	SessionAddenda(ctx context.Context, clinicID, sessionID int64) ([]record.Addendum, error)
	REMSEnrolments(ctx context.Context, clinicID, patientID int64) ([]record.REMSEnrolment, error)
	// Booking (booking.go).
	BookingSettings(ctx context.Context, clinicID int64) (record.BookingSettings, error)
	BookingResources(ctx context.Context, clinicID int64) ([]record.BookingResource, error)
	BookingProviders(ctx context.Context, clinicID int64) ([]record.BookingProvider, error)
	Appointment(ctx context.Context, clinicID, id int64) (record.Appointment, error)
	ClinicTemplates(ctx context.Context, clinicID int64) ([]record.ClinicTemplate, error)
	SessionSettings(ctx context.Context, clinicID int64) (record.SessionSettings, bool, error)
	Appointments(ctx context.Context, clinicID int64, from, to time.Time) ([]record.Appointment, error)
	PatientAppointments(ctx context.Context, clinicID, patientID int64) ([]record.Appointment, error)
	Waitlist(ctx context.Context, clinicID int64) ([]record.WaitlistEntry, error)
	// Intake and eligibility screening (intake.go). LatestIntake and
	// IntakeOverride are clinic.NotFound when there is none.
	LatestIntake(ctx context.Context, clinicID, patientID int64) (record.Intake, error)
	Intakes(ctx context.Context, clinicID, patientID int64) ([]record.Intake, error)
	IntakeOverride(ctx context.Context, clinicID, intakeID int64) (record.ScreeningOverride, error)
	ScreeningOverrides(ctx context.Context, clinicID, patientID int64) ([]record.ScreeningOverride, error)
	// Appointment reminders (reminders.go).
	DueAppointmentReminders(ctx context.Context, now time.Time, limit int) ([]record.AppointmentReminder, error)
	PatientAppointmentReminders(ctx context.Context, clinicID, patientID int64) ([]record.AppointmentReminder, error)
	// Controlled-substance ledger (ledger.go).
	LedgerEntries(ctx context.Context, clinicID int64) ([]ledger.Entry, error)
	LedgerContainerEntries(ctx context.Context, clinicID, containerID int64) ([]ledger.Entry, error)
}

// Tx is a write transaction: reads and writes that commit or roll back together.
type Tx interface {
	Queries
	CreateClinic(ctx context.Context, c clinic.Clinic, now time.Time) (int64, error)
	CreateUser(ctx context.Context, u clinic.User) (int64, error)
	SetPassword(ctx context.Context, userID int64, hash string) error
	SetTOTP(ctx context.Context, userID int64, secret string, enabled bool) error
	SetDisabled(ctx context.Context, userID int64, disabled bool) error
	ReplaceRecoveryCodes(ctx context.Context, userID int64, hashes []string) error
	UseRecoveryCode(ctx context.Context, userID int64, hash string, now time.Time) (bool, error)
	UseTOTPStep(ctx context.Context, userID, step int64) (bool, error) // false: not later than the last used
	ReserveAuthAttempts(ctx context.Context, keys []string, now, since time.Time) ([]int64, error)
	DeleteAuthAttempts(ctx context.Context, ids []int64) error
	ClearAuthAttempts(ctx context.Context, key string) error
	CreateWebSession(ctx context.Context, s clinic.WebSession) error
	TouchWebSession(ctx context.Context, tokenHash string, now time.Time) error
	DeleteWebSession(ctx context.Context, tokenHash string) error
	EndUserCredentials(ctx context.Context, userID int64, now time.Time) error // sessions and API tokens
	DeleteExpiredWebSessions(ctx context.Context, now time.Time) error
	CreateAPIToken(ctx context.Context, t clinic.APIToken) (int64, error)
	RevokeAPIToken(ctx context.Context, userID, tokenID int64, now time.Time) error
	TouchAPIToken(ctx context.Context, id int64, now time.Time) error
	AppendAudit(ctx context.Context, e clinic.AuditEntry) error
	CreatePatient(ctx context.Context, p clinic.Patient) (int64, error)
	CreateCourse(ctx context.Context, c clinic.Course) (int64, error)
	CreateAdministration(ctx context.Context, a clinic.Administration) (int64, error)
	CreateAssessment(ctx context.Context, a clinic.Assessment, now time.Time) (int64, error)
	// Measurement-based care (assessments.go, links.go, alerts.go, outbox.go).
	CreateIdempotencyKey(ctx context.Context, k record.IdempotencyKey) error
	CreateLink(ctx context.Context, l record.QuestionnaireLink) (int64, error)
	UseLink(ctx context.Context, id, assessmentID int64, now time.Time) (bool, error)
	CreateSafetyAlert(ctx context.Context, a record.SafetyAlert) (int64, error)
	AcknowledgeSafetyAlert(ctx context.Context, clinicID, id, userID int64, note string, now time.Time) (bool, error)
	CreateOutboxMessage(ctx context.Context, m record.OutboxMessage) (int64, error)
	MarkOutboxSent(ctx context.Context, id int64, now time.Time) error
	MarkOutboxFailed(ctx context.Context, id int64, reason string, retryAt time.Time) error
	CloseLinkOutbox(ctx context.Context, linkID int64, status string) error
	ExpireOutbox(ctx context.Context, clinicID int64, now time.Time) (int64, error)
	// Treatment plans (plans.go).
	CreatePlan(ctx context.Context, p record.Plan) (int64, error)
	UpdateDraftPlan(ctx context.Context, p record.Plan) error
	SignPlan(ctx context.Context, clinicID, planID, userID int64, name string, at time.Time) error
	SupersedePlans(ctx context.Context, clinicID, rootID, exceptID int64) error
	// Import of historical data (import.go).
	PutImportKey(ctx context.Context, clinicID int64, kind, externalID string, recordID int64) error
	ImportPatients(ctx context.Context, ps []clinic.Patient, keys []string) ([]int64, error)
	ImportAdministrations(ctx context.Context, as []clinic.Administration, keys []string) error
	ImportAssessments(ctx context.Context, as []clinic.Assessment, keys []string, now time.Time) error
	// Treatment sessions (sessions.go).
	CreateTreatmentSession(ctx context.Context, s record.TreatmentSession) (int64, error)
	DecideSessionHold(ctx context.Context, s record.TreatmentSession) error
	CreateSessionDose(ctx context.Context, d record.Dose) (int64, error)
	CreateSessionVitals(ctx context.Context, v record.VitalsEntry) (int64, error)
	CreateVitalsAlert(ctx context.Context, a record.VitalsAlert) (int64, error)
	AcknowledgeVitalsAlert(ctx context.Context, a record.VitalsAlert) error
	CreateSideEffect(ctx context.Context, e record.SideEffect) (int64, error)
	DischargeSession(ctx context.Context, s record.TreatmentSession) error
	SaveREMSAnswers(ctx context.Context, r record.REMSAnswers) error
	SignREMSForm(ctx context.Context, clinicID, sessionID, userID int64, name string, at time.Time) error
	// Session sign-off, addenda and REMS enrolment (sessions_signoff.go).
	LockTreatmentSession(ctx context.Context, clinicID, id int64) (record.TreatmentSession, error)
	SignTreatmentSession(ctx context.Context, clinicID, id, userID int64, name string, at time.Time) error
	CreateAddendum(ctx context.Context, a record.Addendum) (int64, error)
	CreateREMSEnrolment(ctx context.Context, e record.REMSEnrolment) (int64, error)
	// Booking (booking.go). LockBooking serializes a clinic's bookings.
	LockBooking(ctx context.Context, clinicID int64) error
	SaveBookingSettings(ctx context.Context, s record.BookingSettings) error
	CreateBookingResource(ctx context.Context, r record.BookingResource) (int64, error)
	CreateBookingProvider(ctx context.Context, p record.BookingProvider) (int64, error)
	CreateAppointment(ctx context.Context, a record.Appointment) (int64, error)
	CreateClinicTemplate(ctx context.Context, t record.ClinicTemplate) (int64, error)
	CreateSessionSettings(ctx context.Context, clinicID int64, st record.SessionSettings) error
	UpdateAppointment(ctx context.Context, a record.Appointment) error
	CreateWaitlistEntry(ctx context.Context, w record.WaitlistEntry) (int64, error)
	SetWaitlistStatus(ctx context.Context, clinicID, id int64, status string) error
	// Intake and eligibility screening (intake.go).
	CreateIntake(ctx context.Context, in record.Intake) (int64, error)
	SetPatientConditions(ctx context.Context, clinicID, patientID int64, cs []clinic.Condition) error
	CreateScreeningOverride(ctx context.Context, o record.ScreeningOverride) (int64, error)
	// Appointment reminders (reminders.go). CreateAppointmentReminder
	// returns 0 when the appointment already has one for its start.
	CreateAppointmentReminder(ctx context.Context, r record.AppointmentReminder) (int64, error)
	MarkReminderSent(ctx context.Context, id int64, now time.Time) error
	MarkReminderFailed(ctx context.Context, id int64, reason string, retryAt time.Time) error
	CloseReminder(ctx context.Context, id int64, status string) error
	// Controlled-substance ledger (ledger.go). LockLedgerContainer holds the
	// container until commit (PostgreSQL FOR UPDATE; SQLite's one writer).
	CreateLedgerContainer(ctx context.Context, clinicID int64, receipt ledger.Entry, now time.Time) (int64, error)
	LockLedgerContainer(ctx context.Context, clinicID, id int64) error
	CreateLedgerEntry(ctx context.Context, clinicID int64, e ledger.Entry, now time.Time) (int64, error)
	// UseFormToken records a sent form's token (forms.go); a token already
	// used is clinic.Conflict.
	UseFormToken(ctx context.Context, token string, clinicID, userID int64, now time.Time) error
}

// Storage opens reads (Q) and write transactions (T). Each capability
// names its own Q and T: only the storage it needs.
type Storage[Q, T any] interface {
	Read() Q
	WithTx(ctx context.Context, fn func(T) error) error
	Ping(ctx context.Context) error
}

// Store is the storage of the use cases not yet moved into a capability.
type Store = Storage[Queries, Tx]
