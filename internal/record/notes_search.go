package record

import (
	"strings"
	"unicode"
)

// MatchNotes keeps the notes that hold every word of query (any case, in
// any part of the note or its addenda, or its kind, session or author), in
// their order; an empty query keeps them all.
func MatchNotes(ns []ClinicalNote, query string) []ClinicalNote {
	words := strings.FieldsFunc(strings.ToLower(query), func(r rune) bool { return unicode.IsSpace(r) })
	if len(words) == 0 {
		return ns
	}
	var out []ClinicalNote
	for _, n := range ns {
		parts := []string{n.Kind, n.Session, n.Intentions, n.Themes, n.Observations, n.Plan, n.Body, n.AuthorName}
		for _, a := range n.Addenda {
			parts = append(parts, a.Body, a.AuthorName)
		}
		text := strings.ToLower(strings.Join(parts, "\n"))
		all := true
		for _, w := range words {
			if !strings.Contains(text, w) {
				all = false
				break
			}
		}
		if all {
			out = append(out, n)
		}
	}
	return out
}
