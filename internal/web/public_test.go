package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var firstSlot = regexp.MustCompile(`<option value="(\d+)"`)

func publicValues(slot string) url.Values {
	return url.Values{"given_name": {"Nora"}, "family_name": {"Newcomer"}, "birth_date": {"1990-03-04"},
		"email": {"nora@example.org"}, "phone": {"+49 30 1234567"}, "slot": {slot}, "password": {"a long enough password"},
		"password2": {"a long enough password"}, "consent": {"yes"}}
}

func TestPublicBookPage(t *testing.T) {
	f, _ := bookingFixture(t)
	c := f.anonymous()
	page := c.getBody("/book", http.StatusOK)
	m := firstSlot.FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, `id="public-book-form"`) || !strings.Contains(page, "Europe/Berlin") {
		t.Fatalf("booking page without times:\n%s", page)
	}
	slot := m[1]
	// The login page links here.
	if login := c.getBody("/login", http.StatusOK); !strings.Contains(login, `href="/book"`) {
		t.Fatal("login page does not link to /book")
	}

	// Without the form's cookie (another browser): refused, nothing written.
	other := f.anonymous()
	form := publicValues(slot)
	form.Set("csrf", c.csrf)
	res := other.post("/book", form)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body(res), "expired") {
		t.Fatalf("cross-browser post: %d", res.StatusCode)
	}
	if n := f.auditCount("patient.register", 0); n != 0 {
		t.Fatalf("refused post wrote %d registrations", n)
	}
	// Mismatched passwords: the form again, keeping what was typed.
	bad := publicValues(slot)
	bad.Set("password2", "something else entirely")
	res = c.post("/book", bad)
	if b := body(res); res.StatusCode != http.StatusBadRequest || !strings.Contains(b, "do not match") || !strings.Contains(b, `value="Newcomer"`) {
		t.Fatalf("mismatched passwords: %d\n%s", res.StatusCode, b)
	}

	res = c.post("/book", publicValues(slot))
	b := body(res)
	if res.StatusCode != http.StatusCreated || !strings.Contains(b, "WEB-000001") || !strings.Contains(b, "list of all the medicines") {
		t.Fatalf("booking: %d\n%s", res.StatusCode, b)
	}
	if n := f.auditCount("patient.register", 0); n != 1 {
		t.Fatalf("registrations audited: %d", n)
	}

	// Another new patient tries the same time: it is taken, other times are offered.
	c2 := f.anonymous()
	c2.getBody("/book", http.StatusOK)
	form = publicValues(slot)
	form.Set("email", "someone@example.org")
	res = c2.post("/book", form)
	b = body(res)
	if res.StatusCode != http.StatusConflict || !strings.Contains(b, "just been taken") || !strings.Contains(b, `<option value="`) ||
		strings.Contains(b, `value="`+slot+`"`) {
		t.Fatalf("taken slot: %d\n%s", res.StatusCode, b)
	}
	// The same email again: sign in instead.
	next := firstSlot.FindStringSubmatch(b)[1]
	res = c2.post("/book", publicValues(next))
	b = body(res)
	if res.StatusCode != http.StatusConflict || !strings.Contains(b, "already exists") || !strings.Contains(b, `id="book-signin"`) {
		t.Fatalf("email registered: %d\n%s", res.StatusCode, b)
	}

	// The new patient signs in to the portal with the new account.
	p := f.anonymous()
	res = p.post("/login", url.Values{"email": {"nora@example.org"}, "password": {"a long enough password"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("portal sign-in: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
}
