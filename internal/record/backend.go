package record

import "time"

// BackendClient is a system a clinic's admin registered for SMART Backend
// Services: it signs its token requests with a private key whose public
// half is in JWKS, and reads the clinic's records in bulk.
type BackendClient struct {
	ID, ClinicID int64
	ClientID     string // what the client names itself by (iss and sub of its assertions)
	Name         string
	JWKS         string // the public keys, a JSON Web Key Set
	CreatedBy    int64
	CreatedAt    time.Time
	RevokedAt    time.Time
}

// BackendToken is an access token issued to a client; only its hash is
// kept.
type BackendToken struct {
	Hash      string
	Client    int64 // BackendClient.ID
	Scope     string
	IssuedAt  time.Time
	ExpiresAt time.Time
}
