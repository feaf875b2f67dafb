package clinic

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text is a kind of text field — a name, a note, a lot number — and the
// rules its values keep. Every text that enters Onset (forms, the API,
// imports, flags) goes through Clean, so what is stored is the same on
// SQLite and PostgreSQL: valid UTF-8, no control characters (PostgreSQL
// refuses NUL; SQLite would keep it), no invisible formatting that changes
// how text reads (a right-to-left override makes "exe.txt" show as
// "txt.exe"), and no longer than the field allows.
type Text struct {
	Name     string // what the field is, in messages: "the note"
	Max      int    // the most characters (not bytes) it may hold; 0 means 200
	Lines    bool   // line breaks and tabs are allowed (notes, reasons, lists)
	Required bool   // empty (after trimming) is refused
}

const defaultTextMax = 200

// Clean returns s without surrounding white space (and with CR LF as LF
// where lines are allowed), or an Invalid error that says what is wrong.
func (t Text) Clean(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", Errorf(Invalid, "%s is not valid text: it holds bytes that are not UTF-8.", sentence(t.Name))
	}
	if t.Lines {
		s = strings.ReplaceAll(s, "\r\n", "\n")
	}
	s = strings.TrimSpace(s)
	if s == "" {
		if t.Required {
			return "", Errorf(Invalid, "Write %s.", t.Name)
		}
		return "", nil
	}
	max := t.Max
	if max <= 0 {
		max = defaultTextMax
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", Errorf(Invalid, "Keep %s to %d characters or fewer (it has %d).", t.Name, max, n)
	}
	for _, r := range s {
		if !allowed(r, t.Lines) {
			return "", Errorf(Invalid, "%s contains an invisible control or formatting character (%U); remove it.", sentence(t.Name), r)
		}
	}
	return s, nil
}

// Check is Clean's verdict on s, where only the verdict is needed.
func (t Text) Check(s string) error {
	_, err := t.Clean(s)
	return err
}

// allowed reports whether r may appear in text. Refused: control
// characters (C0, DEL, C1) except line breaks and tabs where lines are
// allowed; format characters (bidirectional overrides and isolates,
// zero-width spaces, the byte-order mark), except the zero-width
// non-joiner and joiner that Persian, Indic scripts and emoji need; line
// and paragraph separators; and Unicode noncharacters.
func allowed(r rune, lines bool) bool {
	switch {
	case r == '\n' || r == '\t':
		return lines
	case r == '\u200c' || r == '\u200d':
		return true
	case unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Zl, r), unicode.Is(unicode.Zp, r):
		return false
	case r >= 0xfdd0 && r <= 0xfdef, r&0xfffe == 0xfffe:
		return false
	}
	return true
}

// CleanList cleans each of items as t (a list such as medications, one per
// entry), dropping empty ones; at most max entries.
func (t Text) CleanList(items []string, max int) ([]string, error) {
	var out []string
	for _, it := range items {
		c, err := Text{Name: t.Name, Max: t.Max, Lines: t.Lines}.Clean(it)
		if err != nil {
			return nil, err
		}
		if c != "" {
			out = append(out, c)
		}
	}
	if len(out) > max {
		return nil, Errorf(Invalid, "List at most %d %s.", max, strings.TrimPrefix(t.Name, "the "))
	}
	if t.Required && len(out) == 0 {
		return nil, Errorf(Invalid, "Write %s.", t.Name)
	}
	return out, nil
}

// Quote writes s for a message: at most 40 characters, quoted, with
// anything unprintable escaped.
func Quote(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "…"
	}
	return fmt.Sprintf("%+q", s)
}

// Excerpt is at most n bytes of s, cut on a character boundary, with any
// invalid UTF-8 replaced: how a refusal quotes what it was given without
// echoing an unbounded or malformed input.
func Excerpt(s string, n int) string {
	s = strings.ToValidUTF8(s, "?")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
