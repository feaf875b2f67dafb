package clinic

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTextClean(t *testing.T) {
	t.Parallel()
	name := Text{Name: "the given name", Max: 10, Required: true}
	note := Text{Name: "the note", Max: 20, Lines: true}
	for _, tc := range []struct {
		t    Text
		in   string
		want string
		says string // "" when accepted
	}{
		{name, "  Zoë ", "Zoë", ""},
		{name, "ن\u200cگ", "ن\u200cگ", ""},
		{name, "👩\u200d⚕️", "👩\u200d⚕️", ""},
		{name, "", "", "Write the given name."},
		{name, " \t ", "", "Write the given name."},
		{name, "abcdefghijk", "", "10 characters or fewer (it has 11)"},
		{name, "Zoëëëëëëëë", "Zoëëëëëëëë", ""}, // 10 characters, 19 bytes
		{name, "A\x00B", "", "U+0000"},
		{name, "A\aB", "", "U+0007"},
		{name, "A\x1bB", "", "U+001B"},
		{name, "A\x7fB", "", "U+007F"},
		{name, "A\u0085B", "", "U+0085"},
		{name, "A\u202eB", "", "U+202E"},
		{name, "A\u2066B", "", "U+2066"},
		{name, "A\u200bB", "", "U+200B"},
		{name, "\ufeffAB", "", "U+FEFF"},
		{name, "A\u2028B", "", "U+2028"},
		{name, "A\ufffeB", "", "U+FFFE"},
		{name, "A\nB", "", "U+000A"},
		{name, "A\tB", "", "U+0009"},
		{name, "A\xffB", "", "not UTF-8"},
		{name, "A\xc0\xafB", "", "not UTF-8"},
		{name, "A\xed\xa0\x80B", "", "not UTF-8"}, // a surrogate half
		{note, "line 1\r\nline 2\tend", "line 1\nline 2\tend", ""},
		{note, "", "", ""},
		{note, "bell\a", "", "U+0007"},
	} {
		got, err := tc.t.Clean(tc.in)
		switch {
		case tc.says == "" && (err != nil || got != tc.want):
			t.Errorf("Clean(%+q) = %+q, %v; want %+q", tc.in, got, err, tc.want)
		case tc.says != "" && (err == nil || ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), tc.says)):
			t.Errorf("Clean(%+q): %v, want an error saying %q", tc.in, err, tc.says)
		}
	}
	meds, err := Text{Name: "the medications", Max: 5}.CleanList([]string{" a ", "", "bb"}, 2)
	if err != nil || len(meds) != 2 || meds[0] != "a" {
		t.Errorf("CleanList: %q %v", meds, err)
	}
	if _, err := (Text{Name: "the medications"}).CleanList([]string{"a", "b", "c"}, 2); err == nil {
		t.Error("CleanList took more than its limit")
	}
}

// FuzzTextClean: what Clean accepts is valid UTF-8, trimmed, within its
// length and free of control and formatting characters; it never panics.
func FuzzTextClean(f *testing.F) {
	for _, s := range []string{"Zoë", "A\x00B", "A\u202eB", "\xff", "line\r\nline", strings.Repeat("é", 30), "\ufeff", " x "} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, lines bool) {
		out, err := Text{Name: "the text", Max: 20, Lines: lines}.Clean(s)
		if err != nil {
			if ErrorCode(err) != Invalid {
				t.Fatalf("%+q: %v", s, err)
			}
			return
		}
		if !utf8.ValidString(out) || utf8.RuneCountInString(out) > 20 || out != strings.TrimSpace(out) {
			t.Fatalf("%+q cleaned to %+q", s, out)
		}
		for _, r := range out {
			if !allowed(r, lines) {
				t.Fatalf("%+q cleaned to %+q, which holds %U", s, out, r)
			}
		}
	})
}

func TestExcerpt(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"Patient", 40, "Patient"},
		{"abcdef", 3, "abc"},
		{"aé", 2, "a"}, // never half a character
		{"a\xffb", 10, "a?b"},
		{"", 5, ""},
	} {
		if got := Excerpt(c.in, c.n); got != c.want {
			t.Errorf("Excerpt(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}
