package delivery

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"maps"
	"net/url"
	"slices"
	"strings"
)

// TwilioSignature is the X-Twilio-Signature Twilio sends with a webhook
// (Twilio's "Webhooks security" docs): take the full URL Twilio called,
// query string included; for a form POST append each parameter's name
// followed by its value, names sorted ascending byte-wise, no separators;
// HMAC-SHA1 that with the auth token as key; base64 the digest (standard
// alphabet, padded).
//
// A name sent more than once contributes each of its values in the order
// received. Twilio's inbound-SMS and status webhooks do not repeat names,
// and its own libraries differ here (twilio-python sorts and dedupes the
// values, twilio-go keeps only the first), so nothing real depends on it.
func TwilioSignature(authToken, fullURL string, params url.Values) string {
	var b strings.Builder
	b.WriteString(fullURL)
	for _, name := range slices.Sorted(maps.Keys(params)) {
		for _, v := range params[name] {
			b.WriteString(name)
			b.WriteString(v)
		}
	}
	mac := hmac.New(sha1.New, []byte(authToken))
	mac.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// VerifyTwilioSignature reports whether header is the signature of this
// request. It compares in constant time, so a forger learns nothing from
// how long a wrong guess takes; an empty header or token never verifies.
func VerifyTwilioSignature(authToken, fullURL string, params url.Values, header string) bool {
	if authToken == "" || header == "" {
		return false
	}
	return hmac.Equal([]byte(TwilioSignature(authToken, fullURL, params)), []byte(header))
}
