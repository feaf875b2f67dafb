package scales

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"onset/internal/clinic"
)

func TestScaleParseAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []int
		msg  string
	}{
		{"0,1,2,3", []int{0, 1, 2, 3}, ""},
		{" 1 , 2,3 ", []int{1, 2, 3}, ""},
		{"10", []int{10}, ""},
		{"007", []int{7}, ""},
		{"0,0,-,-,-,1", []int{0, 0, S, S, S, 1}, ""},
		{"", nil, "no answers given"},
		{"  ", nil, "no answers given"},
		{"1,,2", nil, "item 2: answer is empty"},
		{"1,2,", nil, "item 3: answer is empty"},
		{"1,x,2", nil, `item 2: "x" is not an answer (want a whole number, or "-" for a skipped item)`},
		{"-1", nil, `item 1: "-1" is not an answer (want a whole number, or "-" for a skipped item)`},
		{"+1", nil, `item 1: "+1" is not an answer (want a whole number, or "-" for a skipped item)`},
		{"1.5", nil, `item 1: "1.5" is not an answer (want a whole number, or "-" for a skipped item)`},
		{"1 2", nil, `item 1: "1 2" is not an answer (want a whole number, or "-" for a skipped item)`},
		{"1234", nil, `item 1: "1234" is not an answer (want a whole number, or "-" for a skipped item)`},
		{"0,１", nil, `item 2: "１" is not an answer (want a whole number, or "-" for a skipped item)`},
		{strings.Repeat("0,", 64) + "0", nil, "too many answers (65; no instrument has more than 64 items)"},
	}
	for _, tt := range tests {
		got, err := ParseAnswers(tt.in)
		if msg := clinic.ErrorMessage(err); err != nil && msg != tt.msg || err == nil && tt.msg != "" {
			t.Errorf("ParseAnswers(%q) error %v, want %q", tt.in, err, tt.msg)
			continue
		}
		if err != nil && clinic.ErrorCode(err) != clinic.Invalid {
			t.Errorf("ParseAnswers(%q) code %s", tt.in, clinic.ErrorCode(err))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("ParseAnswers(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// FuzzScaleParseAnswers: the parser takes outside input, so it must never panic,
// must return either answers or a one-line Invalid error, and what it returns
// must survive a round trip through its own text form.
func FuzzScaleParseAnswers(f *testing.F) {
	for _, s := range []string{"0,1,2,3", "0,0,-,-,-,1", "", ",", "-", "-1", "99,100", " 3 ,\t2", "１", "\xff", strings.Repeat("1,", 70)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseAnswers(s)
		if err != nil {
			msg := clinic.ErrorMessage(err)
			if clinic.ErrorCode(err) != clinic.Invalid || strings.ContainsAny(msg, "\r\n") || !utf8.ValidString(msg) || len(msg) > 200 {
				t.Fatalf("ParseAnswers(%q): bad error %q", s, msg)
			}
			return
		}
		if len(got) == 0 || len(got) > maxAnswers {
			t.Fatalf("ParseAnswers(%q) = %d answers", s, len(got))
		}
		parts := make([]string, len(got))
		for i, a := range got {
			if a < Skipped || a > 999 {
				t.Fatalf("ParseAnswers(%q) gave %d", s, a)
			}
			parts[i] = "-"
			if a != Skipped {
				parts[i] = strconv.Itoa(a)
			}
		}
		again, err := ParseAnswers(strings.Join(parts, ","))
		if err != nil || !slices.Equal(again, got) {
			t.Fatalf("round trip of %q: %v, %v", s, again, err)
		}
		// Scoring any parsed list must not panic either.
		for _, id := range IDs() {
			_, _ = Score(id, got)
		}
	})
}
