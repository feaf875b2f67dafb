package export

import (
	"slices"
	"strings"
	"testing"
)

func TestGuard(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"Smith", "Smith"},
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"+15555550100", "'+15555550100"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"a=1", "a=1"},
		{"O'Brien, \"Jo\"\nSmith", "O'Brien, \"Jo\"\nSmith"},
		{"bad \xff byte", "bad \uFFFD byte"},
	} {
		if got := Guard(c.in); got != c.want {
			t.Errorf("Guard(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// The dictionary is the files' own: every column named once per file,
// with a type and a meaning; times in two columns, UTC and the clinic's.
func TestDictionary(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, f := range files {
		if seen[f.name()] || !strings.HasSuffix(f.name(), ".csv") || f.describe() == "" {
			t.Errorf("file %q: repeated, misnamed or undescribed", f.name())
		}
		seen[f.name()] = true
		var names []string
		for _, e := range f.dictionary() {
			if slices.Contains(names, e.column) || e.typ == "" || e.meaning == "" {
				t.Errorf("%s %s: repeated, or no type or meaning", f.name(), e.column)
			}
			if strings.HasPrefix(e.typ, "time") != (strings.HasSuffix(e.column, "_utc") || strings.HasSuffix(e.column, "_local")) {
				t.Errorf("%s %s: a time's column is NAME_utc or NAME_local, and only a time's", f.name(), e.column)
			}
			names = append(names, e.column)
		}
	}
	if got := FileNames(); got[0] != "README.txt" || got[1] != "data_dictionary.csv" || len(got) != len(files)+2 {
		t.Errorf("FileNames() = %v", got)
	}
}
