package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// totpOpts: RFC 6238 defaults as authenticator apps expect them (SHA-1,
// 6 digits, 30 s), accepting one step of clock skew either way.
var totpOpts = totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// NewTOTP creates a secret for account and returns it with the otpauth URL
// that authenticator apps read.
func NewTOTP(issuer, account string) (secret, url string, err error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account})
	if err != nil {
		return "", "", err
	}
	return key.Secret(), key.URL(), nil
}

// CheckTOTP reports whether code is valid for secret at t.
func CheckTOTP(secret, code string, t time.Time) bool {
	_, ok := MatchTOTP(secret, code, t)
	return ok
}

// MatchTOTP reports whether code is valid for secret at t, and for which
// time step (Unix time / 30 s). Callers store the step so that a code is
// accepted once: only a later step may follow (RFC 6238 §5.2).
func MatchTOTP(secret, code string, t time.Time) (step int64, ok bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != int(totpOpts.Digits) {
		return 0, false
	}
	period := int64(totpOpts.Period)
	now := t.Unix() / period
	for d := -int64(totpOpts.Skew); d <= int64(totpOpts.Skew); d++ {
		want, err := totp.GenerateCodeCustom(secret, time.Unix((now+d)*period, 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			step, ok = now+d, true
		}
	}
	return step, ok
}

// TOTPCode returns the current code (for the demo and tests).
func TOTPCode(secret string, t time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, t, totpOpts)
}

// NewRecoveryCodes returns n one-time codes like "k7f3-9qpx-2m4d".
func NewRecoveryCodes(n int) []string {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789" // no 0/o, 1/l/i
	codes := make([]string, n)
	for i := range codes {
		b := make([]byte, 12)
		rand.Read(b)
		var sb strings.Builder
		for j, c := range b {
			if j > 0 && j%4 == 0 {
				sb.WriteByte('-')
			}
			sb.WriteByte(alphabet[int(c)%len(alphabet)])
		}
		codes[i] = sb.String()
	}
	return codes
}

// NormalizeRecoveryCode makes typed codes comparable with stored ones.
func NormalizeRecoveryCode(s string) string {
	s = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	s = strings.ReplaceAll(s, "-", "")
	if len(s) != 12 {
		return s
	}
	return fmt.Sprintf("%s-%s-%s", s[:4], s[4:8], s[8:])
}
