package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"
)

// NewToken returns a random 256-bit token, URL- and cookie-safe.
func NewToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return strings.TrimRight(base32.StdEncoding.EncodeToString(b), "=")
}

// APITokenPrefix marks Onset API tokens, so leaked ones are easy to spot.
const APITokenPrefix = "onset_"

// NewAPIToken returns a token to show once to its owner.
func NewAPIToken() string { return APITokenPrefix + strings.ToLower(NewToken()) }

// HashToken is how tokens are stored: a SHA-256 (tokens are random and
// long, so a fast hash is enough; passwords use argon2id).
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
