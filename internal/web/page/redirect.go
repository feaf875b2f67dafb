package page

import (
	"net/url"
	"slices"
	"strings"
)

// LocalTarget returns target when it is safe to send the browser to
// after a form or sign-in, and fallback otherwise. Every redirect whose
// target comes from the request (next=, back=) goes through it.
func LocalTarget(target, fallback string) string {
	if isLocalPath(target) {
		return target
	}
	return fallback
}

// isLocalPath accepts only an absolute path on this site. Browsers strip
// tabs and newlines from URLs and read "\" as "/", so "/\t/evil.example"
// and "/\evil.example" would leave the site as "//evil.example" does; the
// path (which may not hold "." or ".." segments, as none of ours do) is
// also checked once percent-decoded, until decoding changes
// nothing, so that no encoded form of those gets through either.
func isLocalPath(target string) bool {
	if len(target) > 2048 || !strings.HasPrefix(target, "/") {
		return false
	}
	for i := 0; i < len(target); i++ {
		if c := target[i]; c <= ' ' || c >= 0x7f || c == '\\' {
			return false
		}
	}
	path, _, _ := strings.Cut(target, "#")
	path, _, _ = strings.Cut(path, "?")
	for range 4 {
		if strings.HasPrefix(path, "//") || strings.ContainsFunc(path, func(r rune) bool { return r < ' ' || r == 0x7f || r == '\\' }) ||
			slices.ContainsFunc(strings.Split(path, "/"), func(seg string) bool { return seg == "." || seg == ".." }) {
			return false
		}
		decoded, err := url.PathUnescape(path)
		if err != nil {
			return false
		}
		if decoded == path {
			u, err := url.Parse(target)
			return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil && u.Opaque == ""
		}
		path = decoded
	}
	return false // still encoded after four rounds: nobody links like that
}
