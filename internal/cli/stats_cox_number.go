package cli

import (
	"errors"
	"fmt"
	"strconv"
)

// trimBlanks drops spaces and tabs around a field.
func trimBlanks(f []byte) []byte {
	a, b := 0, len(f)
	for a < b && (f[a] == ' ' || f[a] == '\t') {
		a++
	}
	for b > a && (f[b-1] == ' ' || f[b-1] == '\t') {
		b--
	}
	return f[a:b]
}

// parseTimeField reads a time: a finite number ≥ 0.
func parseTimeField(f []byte) (float64, string) {
	t, ok := parseNumber(f)
	switch {
	case !ok:
		return 0, fmt.Sprintf("time must be a number, got %q", f)
	case t-t != 0: // ±Inf or NaN
		return 0, fmt.Sprintf("time must be a finite number, got %q", f)
	case t < 0:
		return 0, fmt.Sprintf("time must not be negative, got %q", f)
	}
	return t, ""
}

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseNumber reads a number as strconv.ParseFloat does, with the same
// result; ok is false for text that is not a number. Plain decimals of up
// to 15 digits ("12.34", "-7", "0.5") take a fast path that is exact: an
// integer below 2^53 divided by a power of ten that float64 holds exactly
// is rounded once, correctly. Anything else goes to strconv; a number too
// large for float64 is ±Inf.
func parseNumber(f []byte) (float64, bool) {
	i, neg := 0, false
	if len(f) > 0 && (f[0] == '-' || f[0] == '+') {
		neg = f[0] == '-'
		i++
	}
	var mant uint64
	digits, frac, dot := 0, 0, false
	for ; i < len(f) && digits <= 15; i++ {
		switch ch := f[i]; {
		case ch >= '0' && ch <= '9':
			mant = mant*10 + uint64(ch-'0')
			digits++
			if dot {
				frac++
			}
		case ch == '.' && !dot:
			dot = true
		default:
			digits = 99 // not a plain decimal
		}
	}
	if digits == 0 || digits > 15 {
		v, err := strconv.ParseFloat(string(f), 64)
		if err != nil && errors.Is(err, strconv.ErrRange) {
			return v, true
		}
		return v, err == nil
	}
	v := float64(mant) / pow10[frac]
	if neg {
		v = -v
	}
	return v, true
}
