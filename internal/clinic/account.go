package clinic

import "time"

// Clinic is one licensed clinic; every clinical record carries its ID.
type Clinic struct {
	ID             int64
	Name           string
	Timezone       string
	OrganizationID int64 // the group the clinic is a location of
}

// User is a sign-in account. Patient accounts have PatientID set.
type User struct {
	ID           int64
	ClinicID     int64
	Email        string
	Name         string
	Role         Role
	PasswordHash string
	TOTPSecret   string
	TOTPEnabled  bool
	PatientID    int64
	Disabled     bool
	OrgAdmin     bool // an admin of the clinic's whole organization (every location)
	CreatedAt    time.Time
}

// WebSession is a signed-in browser session; the cookie holds a token whose
// SHA-256 is TokenHash, so a database leak does not leak live sessions.
type WebSession struct {
	TokenHash  string
	UserID     int64
	CSRFToken  string
	MFAPassed  bool
	ClinicID   int64 // the clinic chosen for this sign-in; 0 is the user's own
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // absolute expiry
}

// APIToken is a revocable bearer token for the JSON API, stored hashed.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	TokenHash  string
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
}

// AuditEntry is one append-only record of a read or write of patient data
// or of a security-relevant event.
type AuditEntry struct {
	ID         int64
	ClinicID   int64
	At         time.Time
	UserID     int64
	Role       Role
	Action     string
	PatientID  int64
	RecordType string
	RecordID   int64
	Address    string
	RequestID  string
}

// AuditFilter selects audit entries; zero fields match everything.
type AuditFilter struct {
	ClinicID  int64
	UserID    int64
	PatientID int64
	Action    string
	Since     time.Time
	Until     time.Time
	Limit     int
	BeforeID  int64 // for paging: entries with a smaller ID
}
