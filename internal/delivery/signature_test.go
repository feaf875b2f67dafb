package delivery

import (
	"net/url"
	"testing"
)

// Twilio's worked example (token 12345). RSOYDt4T1cUTdK1PDd93/VVr8B8= is
// often quoted for it with Caller and From +12349013030, but that is the
// signature of the older example, whose Caller and From are +14158675309
// (twilio-python's validation test); with +12349013030 the signature is
// 0/KCTR6DLpKmkAf8muzZqo1nDgQ=, as the current docs say. Both were
// recomputed independently of this code; each matches only its own params.
const (
	exampleToken = "12345"
	exampleURL   = "https://mycompany.com/myapp.php?foo=1&bar=2"
)

func exampleParams(caller string) url.Values {
	return url.Values{
		"CallSid": {"CA1234567890ABCDE"},
		"Caller":  {caller},
		"Digits":  {"1234"},
		"From":    {caller},
		"To":      {"+18005551212"},
	}
}

func TestTwilioSignatureKnownVectors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ caller, want string }{
		{"+12349013030", "0/KCTR6DLpKmkAf8muzZqo1nDgQ="}, // the current docs
		{"+14158675309", "RSOYDt4T1cUTdK1PDd93/VVr8B8="}, // the older docs and libraries
	} {
		p := exampleParams(c.caller)
		if got := TwilioSignature(exampleToken, exampleURL, p); got != c.want {
			t.Errorf("caller %s: signature %q, want %q", c.caller, got, c.want)
		}
		if !VerifyTwilioSignature(exampleToken, exampleURL, p, c.want) {
			t.Errorf("caller %s: the documented signature does not verify", c.caller)
		}
	}
}

func TestVerifyTwilioSignatureRefusesForgeries(t *testing.T) {
	t.Parallel()
	good := "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
	changed := exampleParams("+12349013030")
	changed.Set("Digits", "9999")
	extra := exampleParams("+12349013030")
	extra.Add("Body", "STOP")
	for _, c := range []struct {
		name, token, url string
		params           url.Values
		header           string
	}{
		{"wrong token", "54321", exampleURL, exampleParams("+12349013030"), good},
		{"changed param", exampleToken, exampleURL, changed, good},
		{"added param", exampleToken, exampleURL, extra, good},
		{"changed URL", exampleToken, "https://mycompany.com/myapp.php?foo=1&bar=3", exampleParams("+12349013030"), good},
		{"other host", exampleToken, "https://evil.example/myapp.php?foo=1&bar=2", exampleParams("+12349013030"), good},
		{"empty header", exampleToken, exampleURL, exampleParams("+12349013030"), ""},
		{"truncated header", exampleToken, exampleURL, exampleParams("+12349013030"), good[:len(good)-1]},
		{"empty token", "", exampleURL, exampleParams("+12349013030"), TwilioSignature("", exampleURL, exampleParams("+12349013030"))},
	} {
		if VerifyTwilioSignature(c.token, c.url, c.params, c.header) {
			t.Errorf("%s: verified", c.name)
		}
	}
}

// A repeated name contributes its values in the order received.
func TestTwilioSignatureRepeatedNames(t *testing.T) {
	t.Parallel()
	u := "https://clinic.example/sms/inbound"
	ab := TwilioSignature("tok", u, url.Values{"x": {"a", "b"}})
	if want := TwilioSignature("tok", u+"xaxb", nil); ab != want {
		t.Errorf("repeated values: %q, want the signature of url+xaxb %q", ab, want)
	}
	if ab == TwilioSignature("tok", u, url.Values{"x": {"b", "a"}}) {
		t.Error("the order of a repeated name's values made no difference")
	}
}
