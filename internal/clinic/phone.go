package clinic

import "strings"

// E164 writes a phone number as E.164 (+ and 8 to 15 digits), the form
// text-message providers take and send replies from. Spaces, dashes, dots
// and brackets are dropped; a 10-digit number, or 11 digits starting with
// 1, is taken as North American (+1), the only national form Onset
// guesses. Anything else without a leading + is not a number it can text.
func E164(phone string) (string, bool) {
	phone = strings.TrimSpace(phone)
	plus := strings.HasPrefix(phone, "+")
	var digits strings.Builder
	for i, r := range phone {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == '+' && i == 0, r == ' ', r == '-', r == '.', r == '(', r == ')':
		default:
			return "", false
		}
	}
	d := digits.String()
	switch {
	case plus:
	case len(d) == 10 && d[0] >= '2':
		d = "1" + d
	case len(d) == 11 && d[0] == '1':
	default:
		return "", false
	}
	if len(d) < 8 || len(d) > 15 || d[0] == '0' {
		return "", false
	}
	return "+" + d, true
}
