package record

import "time"

// QuestionnaireLink is a single-use, expiring invitation to answer one
// questionnaire. Only the SHA-256 of its token is stored.
type QuestionnaireLink struct {
	ID           int64
	ClinicID     int64
	PatientID    int64
	CourseID     int64 // 0 when not tied to a course
	Instrument   string
	TokenHash    string
	Reason       string // why it was sent, e.g. "24 hours after a session"
	ScheduleKey  string // the schedule slot it was made for; "" when made by hand
	CreatedBy    int64  // 0 for the schedule
	CreatedAt    time.Time
	ExpiresAt    time.Time
	UsedAt       time.Time // zero until answered
	AssessmentID int64     // the assessment it produced
}

// Open reports whether the link may still be answered at now.
func (l QuestionnaireLink) Open(now time.Time) bool {
	return l.UsedAt.IsZero() && now.Before(l.ExpiresAt)
}

// SafetyAlert is raised by an answer that needs a clinician's attention
// (a positive suicide item, a high C-SSRS risk) or by a patient's message
// with self-harm wording. It is never deleted: acknowledging it records
// who, when and a note.
type SafetyAlert struct {
	ID             int64
	ClinicID       int64
	PatientID      int64
	AssessmentID   int64  // the questionnaire that raised it; 0 for a message
	MessageID      int64  // the message that raised it; 0 for a questionnaire
	Kind           string // AlertSuicidality, AlertCSSRSHigh or AlertMessageSelfHarm
	Detail         string // plain words for staff
	CreatedAt      time.Time
	AcknowledgedAt time.Time // zero while open
	AcknowledgedBy int64
	Note           string
	// Filled by list queries for display.
	PatientName      string
	AcknowledgerName string
	ThreadID         int64 // the message's thread, for a message's alert
}

// Open reports whether nobody has acknowledged the alert yet.
func (a SafetyAlert) Open() bool { return a.AcknowledgedAt.IsZero() }

// Alert kinds.
const (
	AlertSuicidality     = "suicidality"
	AlertCSSRSHigh       = "cssrs-high"
	AlertMessageSelfHarm = "message-self-harm" // a patient's message with self-harm wording (scales.SelfHarmWording)
)

// OutboxMessage is a message waiting for delivery (or delivered).
type OutboxMessage struct {
	ID        int64
	ClinicID  int64
	PatientID int64
	LinkID    int64
	Kind      string // "invite" or "reminder"
	Channel   string // "email" or "sms"
	Recipient string
	Token     string // the link token; blanked once sent, cancelled or expired
	DueAt     time.Time
	Status    string // OutboxPending, OutboxSent, OutboxCancelled, OutboxExpired
	Attempts  int
	LastError string
	SentAt    time.Time
	CreatedAt time.Time
}

// Outbox statuses.
const (
	OutboxPending   = "pending"
	OutboxSent      = "sent"
	OutboxCancelled = "cancelled"
	OutboxExpired   = "expired"
	OutboxFailed    = "failed" // given up: retrying cannot help (last_error says why)
)

// IdempotencyKey remembers an API submission so a retry returns its result.
type IdempotencyKey struct {
	ClinicID     int64
	UserID       int64
	Key          string
	Fingerprint  string // hash of the request, to refuse a key reused for another request
	AssessmentID int64
	CreatedAt    time.Time
}
