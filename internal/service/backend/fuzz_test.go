package backend

import (
	"testing"

	"onset/internal/clinic"
)

// FuzzParseKeySet: any key set an admin pastes is read without a panic;
// what it refuses is Invalid with a message, and what it takes holds only
// public keys.
func FuzzParseKeySet(f *testing.F) {
	f.Add(`{"keys":[{"kty":"EC","crv":"P-384","x":"AAAA","y":"AAAA"}]}`)
	f.Add(`{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB","d":"AQAB"}]}`)
	f.Add(`{"keys":[]}`)
	f.Add("\xff")
	f.Fuzz(func(t *testing.T, jwks string) {
		set, err := ParseKeySet(jwks)
		if err != nil {
			if clinic.ErrorCode(err) != clinic.Invalid || clinic.ErrorMessage(err) == "" {
				t.Fatalf("refusal %v is not Invalid with a message", err)
			}
			return
		}
		for _, k := range set.Keys {
			if !k.IsPublic() {
				t.Fatal("a private key was accepted")
			}
		}
	})
}

// FuzzParseScope: a requested scope is granted only as system reads.
func FuzzParseScope(f *testing.F) {
	f.Add("system/*.read")
	f.Add("system/Patient.rs user/*.write")
	f.Add("system/../*.read")
	f.Fuzz(func(t *testing.T, scope string) {
		got, err := ParseScope(scope)
		if err != nil {
			return
		}
		for _, typ := range append([]string{"*"}, ScopeTypes...) {
			_ = Covers(got, typ)
		}
		if Covers(got, "Basic") && !Covers(got, "*") {
			t.Fatalf("scope %q covers a type Onset does not serve", got)
		}
	})
}
