package auth

import (
	"strings"
	"testing"
	"time"
)

func TestPasswordHashing(t *testing.T) {
	t.Parallel()
	h := HashPassword("correct horse battery", TestParams)
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("unexpected encoding %q", h)
	}
	if h2 := HashPassword("correct horse battery", TestParams); h2 == h {
		t.Error("two hashes of one password share a salt")
	}
	for _, tc := range []struct {
		hash, pw string
		want     bool
	}{
		{h, "correct horse battery", true},
		{h, "correct horse batterY", false},
		{h, "", false},
		{"$argon2i$v=19$m=64,t=1,p=1$AAAA$AAAA", "x", false},
		{"garbage", "x", false},
		{"$argon2id$v=19$m=64,t=1,p=1$!!$!!", "x", false},
	} {
		if got := VerifyPassword(tc.hash, tc.pw); got != tc.want {
			t.Errorf("VerifyPassword(%q, %q) = %v", tc.hash, tc.pw, got)
		}
	}
}

func TestPasswordPolicy(t *testing.T) {
	t.Parallel()
	if CheckPasswordPolicy("short") == nil {
		t.Error("short password accepted")
	}
	if err := CheckPasswordPolicy("long enough pass"); err != nil {
		t.Error(err)
	}
}

func TestTOTP(t *testing.T) {
	t.Parallel()
	secret, url, err := NewTOTP("Onset", "nurse@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(url, "otpauth://totp/Onset:nurse@example.org?") {
		t.Errorf("url %q", url)
	}
	at := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	code, err := TOTPCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		at   time.Time
		want bool
	}{
		{at, true},
		{at.Add(30 * time.Second), true}, // one step of skew
		{at.Add(-30 * time.Second), true},
		{at.Add(90 * time.Second), false},
	} {
		if got := CheckTOTP(secret, code, tc.at); got != tc.want {
			t.Errorf("code at %v: %v, want %v", tc.at.Sub(at), got, tc.want)
		}
	}
	if CheckTOTP(secret, "000000x", at) {
		t.Error("malformed code accepted")
	}
}

// RFC 6238 Appendix B: the SHA-1 test vector (secret "12345678901234567890",
// T = 59 s gives 94287082 with 8 digits, so 287082 with 6).
func TestTOTPMatchesRFC6238Vector(t *testing.T) {
	t.Parallel()
	const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" // base32 of "12345678901234567890"
	code, err := TOTPCode(secret, time.Unix(59, 0))
	if err != nil {
		t.Fatal(err)
	}
	if code != "287082" {
		t.Errorf("code %s, want 287082", code)
	}
}

func TestRecoveryCodes(t *testing.T) {
	t.Parallel()
	codes := NewRecoveryCodes(10)
	seen := map[string]bool{}
	for _, c := range codes {
		if len(c) != 14 || seen[c] {
			t.Errorf("bad or repeated code %q", c)
		}
		seen[c] = true
		if NormalizeRecoveryCode(strings.ToUpper(strings.ReplaceAll(c, "-", " "))) != c {
			t.Errorf("normalize %q", c)
		}
	}
}

func TestThrottle(t *testing.T) {
	t.Parallel()
	th := NewThrottle(3, time.Minute)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 3 {
		if b, _ := th.Blocked("k", t0); b {
			t.Fatalf("blocked after %d failures", i)
		}
		th.Fail("k", t0.Add(time.Duration(i)*time.Second))
	}
	b, until := th.Blocked("k", t0.Add(10*time.Second))
	if !b || !until.Equal(t0.Add(time.Minute)) {
		t.Errorf("blocked=%v until %v", b, until)
	}
	if b, _ := th.Blocked("other", t0); b {
		t.Error("keys are not independent")
	}
	if b, _ := th.Blocked("k", t0.Add(61*time.Second)); b {
		t.Error("window did not slide")
	}
	th.Fail("k", t0)
	th.Reset("k")
	if b, _ := th.Blocked("k", t0); b {
		t.Error("reset did not clear")
	}
}

func TestTokens(t *testing.T) {
	t.Parallel()
	a, b := NewAPIToken(), NewAPIToken()
	if a == b || !strings.HasPrefix(a, APITokenPrefix) || len(a) < 50 {
		t.Errorf("tokens %q %q", a, b)
	}
	if HashToken(a) == HashToken(b) || len(HashToken(a)) != 64 {
		t.Error("hashes")
	}
}
