package clinic

import (
	"math"
	"strings"
	"testing"
)

func TestParseNumber(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"72.5", 72.5, true}, {" 70 ", 70, true}, {"-3", -3, true}, {"+4", 4, true}, {".5", 0.5, true}, {"4.", 4, true},
		{"0", 0, true}, {"-0", math.Copysign(0, -1), true},
		{"", 0, false}, {"NaN", 0, false}, {"nan", 0, false}, {"Inf", 0, false}, {"+Inf", 0, false}, {"-infinity", 0, false},
		{"1e308", 0, false}, {"1E3", 0, false}, {"0x1p4", 0, false}, {"1_000", 0, false}, {"1,5", 0, false}, {"1.2.3", 0, false},
		{".", 0, false}, {"-", 0, false}, {"--1", 0, false}, {strings.Repeat("9", 25), 0, false}, {"7\x00", 0, false},
	} {
		got, err := ParseNumber("the weight", tc.in)
		if (err == nil) != tc.ok || (tc.ok && (got != tc.want || math.Signbit(got) != math.Signbit(tc.want))) {
			t.Errorf("ParseNumber(%q) = %v, %v", tc.in, got, err)
		}
		if err != nil && (ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), "the weight")) {
			t.Errorf("ParseNumber(%q): error %v does not name the field", tc.in, err)
		}
	}
}

func TestParseInt(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"12", 12, true}, {"-3", -3, true}, {"0", 0, true}, {"-0", 0, false}, {"-00", 0, false}, {"999999999999999", 999999999999999, true},
		{"9999999999999999", 0, false}, {"9223372036854775807", 0, false}, {"1.0", 0, false}, {"1e3", 0, false}, {"", 0, false}, {"0x10", 0, false},
	} {
		got, err := ParseInt("the count", tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseInt(%q) = %v, %v", tc.in, got, err)
		}
	}
}

// FuzzParseNumber: whatever is typed, the result is a finite number or an
// Invalid error; never a panic, NaN or an infinity.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"72.5", "-0", "NaN", "1e308", "0x1p4", "99999999999999999999999", ".5", "1_0", "+Inf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		x, err := ParseNumber("x", s)
		if err != nil {
			if ErrorCode(err) != Invalid {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 1e24 {
			t.Fatalf("%q parsed to %v", s, x)
		}
		if n, err := ParseInt("x", s); err == nil && (n > 1e15 || n < -1e15) {
			t.Fatalf("%q parsed to the integer %d", s, n)
		}
	})
}
