package page

import (
	"html/template"
	"regexp"
	"strings"
)

// phoneNumber finds what reads as a phone number in a clinic's text: an
// emergency or crisis short code of 3 digits (911, 988, 112, 999), a
// helpline of 6 (the EU's 116 123) or a number of 7 to 15 digits, with
// spaces, dashes, dots or brackets between them and an optional leading
// +. Years (4 digits) and times are left alone.
var phoneNumber = regexp.MustCompile(`\+?\(?\d[\d\s().-]*\d`)

// telLinks writes text as HTML with each phone number in it a tap-to-call
// link, so a patient on a phone reaches a crisis line with one tap.
func telLinks(text string) template.HTML {
	var b strings.Builder
	last := 0
	for _, m := range phoneNumber.FindAllStringIndex(text, -1) {
		number := strings.TrimRight(text[m[0]:m[1]], " .-")
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, number)
		if n := len(digits); n != 3 && (n < 6 || n > 15) {
			continue
		}
		if strings.HasPrefix(number, "+") {
			digits = "+" + digits
		}
		b.WriteString(template.HTMLEscapeString(text[last:m[0]]))
		b.WriteString(`<a href="tel:` + digits + `" class="tel">` + template.HTMLEscapeString(number) + `</a>`)
		last = m[0] + len(number)
	}
	b.WriteString(template.HTMLEscapeString(text[last:]))
	return template.HTML(b.String())
}
