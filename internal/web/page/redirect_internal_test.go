package page

import (
	"net/url"
	"strings"
	"testing"
)

func TestIsLocalPath(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		target string
		want   bool
	}{
		{"/", true},
		{"/patients?q=Pat", true},
		{"/patients/7#notes", true},
		{"/patients?q=M%C3%BCller&page=2", true},
		{"/patients?q=a%2F%2Fb", true}, // encoded slashes in a query are data
		{"", false},
		{"patients", false},
		{"https://evil.example", false},
		{"javascript:alert(1)", false},
		{"//evil.example", false},
		{"///evil.example", false},
		{"/\\evil.example", false},
		{"\\\\evil.example", false},
		{"/\t/evil.example", false},
		{"/\n/evil.example", false},
		{"/\r\n/evil.example", false},
		{" /evil", false},
		{"/\x00", false},
		{"/\x7f", false},
		{"/é", false},
		{"/%2F%2Fevil.example", false},
		{"/%2f/evil.example", false},
		{"/%5Cevil.example", false},
		{"/%09/evil.example", false},
		{"/%0d%0a/evil.example", false},
		{"/%252F%252Fevil.example", false},
		{"/" + strings.Repeat("%25", 6) + "2F/evil", false},
		{"/%2", false},
		{"/.//evil.example", false},
		{"/a/..//evil.example", false},
		{"/%2e%2e//evil.example", false},
		{"/" + strings.Repeat("a", 2048), false},
	} {
		if got := isLocalPath(tc.target); got != tc.want {
			t.Errorf("isLocalPath(%q) = %v, want %v", tc.target, got, tc.want)
		}
	}
}

// FuzzIsLocalPath: whatever it accepts, a browser resolves on this site.
func FuzzIsLocalPath(f *testing.F) {
	for _, s := range []string{"/", "/patients?q=x", "//evil", "/\t/evil", "/%2F%2Fevil", "/\\evil"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://clinic.example/patients/1")
	f.Fuzz(func(t *testing.T, target string) {
		if !isLocalPath(target) {
			return
		}
		// What a browser does first: drop tabs and newlines, read "\" as "/".
		cleaned := strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(target)
		u, err := base.Parse(cleaned)
		if err != nil || u.Host != "clinic.example" || u.Scheme != "https" {
			t.Fatalf("%q resolves to %v (%v)", target, u, err)
		}
		if p, err := url.PathUnescape(u.EscapedPath()); err != nil || strings.HasPrefix(p, "//") {
			t.Fatalf("%q has the path %q", target, p)
		}
	})
}
