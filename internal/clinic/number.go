package clinic

import (
	"strconv"
	"strings"
)

// Numbers as people type them. A form field or a command-line flag holds
// text; ParseNumber and ParseInt are the one way that text becomes a
// number. They accept plain decimal notation only, so what strconv would
// also read — "NaN", "Inf", "1e308", "0x1p4", "1_000" — is refused with a
// message that names the field. Whether the number is plausible is its
// Quantity's check (quantity.go).

// maxNumberLen bounds the text of a number: more digits than any
// quantity needs are a typing slip or an attack.
const maxNumberLen = 24

// maxIntDigits keeps every whole number within ±10^15: no sum or product
// of a few of them can overflow an int64.
const maxIntDigits = 15

// ParseNumber reads a decimal number: an optional sign, digits and at most
// one decimal point ("72.5", "-3", ".5", "4."). field names it in the error.
func ParseNumber(field, s string) (float64, error) {
	s = strings.TrimSpace(s)
	if !decimal(s, true) || len(s) > maxNumberLen {
		return 0, Errorf(Invalid, "Enter %s as a number, for example 72.5.", field)
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, Errorf(Invalid, "Enter %s as a number, for example 72.5.", field)
	}
	return x, nil
}

// ParseInt reads a whole number: an optional sign and at most 15 digits.
func ParseInt(field, s string) (int, error) {
	s = strings.TrimSpace(s)
	if !decimal(s, false) || len(strings.TrimLeft(s, "+-")) > maxIntDigits {
		return 0, Errorf(Invalid, "Enter %s as a whole number.", field)
	}
	n, err := strconv.Atoi(s)
	if err != nil || (n == 0 && s[0] == '-') { // "-0" is no count anyone means
		return 0, Errorf(Invalid, "Enter %s as a whole number.", field)
	}
	return n, nil
}

// decimal reports whether s is [+-]digits, with one decimal point when
// point is true, and at least one digit.
func decimal(s string, point bool) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	digits, points := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && point:
			points++
		default:
			return false
		}
	}
	return digits > 0 && points <= 1
}
