package clinic

import "testing"

func TestE164(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"+1 555 010 0123", "+15550100123", true},
		{"(555) 010-0123", "+15550100123", true},
		{"1-555-010-0123", "+15550100123", true},
		{"555.010.0123", "+15550100123", true},
		{"+44 20 7946 0958", "+442079460958", true},
		{"+15550100", "+15550100", true},
		{"010 0123", "", false},        // too short, no country
		{"0555 010 0123", "", false},   // a national prefix: which country?
		{"+0 555 010 0123", "", false}, // no country code starts with 0
		{"+1 555 010 0123 ext 4", "", false},
		{"+1234567890123456", "", false}, // 16 digits
		{"", "", false},
		{"+", "", false},
		{"5550100123\x00", "", false},
	} {
		got, ok := E164(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("E164(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
