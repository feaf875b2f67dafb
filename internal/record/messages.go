package record

import "time"

// Thread is a conversation between a patient (in the portal) and their
// care team. It belongs to the clinic, not to one person: any staff
// member who may read messages sees it, and it may be assigned to one of
// them to answer.
type Thread struct {
	ID, ClinicID, PatientID int64
	Subject                 string // optional
	AssignedTo              int64  // 0: nobody yet
	CreatedBy               int64  // the user who wrote its first message
	CreatedAt               time.Time
	LastMessageAt           time.Time
	// Filled by the reads for display.
	PatientName   string
	AssigneeName  string
	Messages      int // how many
	StaffUnread   int // the patient's messages staff have not read yet
	PatientUnread int // the care team's messages the patient has not read yet
}

// Who wrote a message.
const (
	SenderPatient = "patient"
	SenderStaff   = "staff"
)

// Message is one message of a thread. Its text never changes and it is
// never deleted (the database refuses both); only its read state is set,
// once, when the other side first reads it.
type Message struct {
	ID, ClinicID, ThreadID, PatientID int64
	Sender                            string // SenderPatient or SenderStaff
	AuthorID                          int64  // the user who wrote it
	Body                              string
	CreatedAt                         time.Time
	ReadAt                            time.Time // zero until the other side reads it
	ReadBy                            int64
	// Filled by the reads for display.
	AuthorName string
	Alerted    bool // its wording raised a safety alert
}

// MessageNotice tells a patient, by email or text, that a message from
// the clinic waits in the portal. It carries no word of the message.
type MessageNotice struct {
	ID, ClinicID, PatientID, ThreadID int64
	Channel, Recipient                string
	DueAt                             time.Time
	Status                            string // the outbox's statuses
	Attempts                          int
	LastError                         string
	SentAt, CreatedAt                 time.Time
}
