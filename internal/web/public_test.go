package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var firstSlot = regexp.MustCompile(`name="slot" value="(\d+)"`)

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
	if res.StatusCode != http.StatusConflict || !strings.Contains(b, "just been taken") || !strings.Contains(b, `name="slot" value="`) ||
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

// The booking page offers days, then the chosen day's times.
func TestPublicBookDaysThenTimes(t *testing.T) {
	t.Parallel()
	f, _ := bookingFixture(t)
	c := f.anonymous()
	page := c.getBody("/book", http.StatusOK)
	days := regexp.MustCompile(`href="/book\?day=(\d{4}-\d\d-\d\d)" class="day-pill( current)?"`).FindAllStringSubmatch(page, -1)
	if len(days) < 3 || days[0][2] != " current" {
		t.Fatalf("days offered: %v", days)
	}
	first := firstSlot.FindAllStringSubmatch(page, -1)
	second := c.getBody("/book?day="+days[1][1], http.StatusOK)
	times := firstSlot.FindAllStringSubmatch(second, -1)
	if len(times) == 0 || times[0][1] == first[0][1] || !strings.Contains(second, `href="/book?day=`+days[1][1]+`" class="day-pill current" aria-current="date"`) {
		t.Fatalf("the second day's page shows the first day's times or marks no day")
	}
	if strings.Count(page, `name="slot"`) > 40 {
		t.Errorf("%d times on one page: a day's, not every free time", strings.Count(page, `name="slot"`))
	}
	// A day with nothing free, or not a day, shows the first day.
	for _, bad := range []string{"2020-01-01", "tomorrow", "%00"} {
		if b := c.getBody("/book?day="+bad, http.StatusOK); firstSlot.FindStringSubmatch(b)[1] != first[0][1] {
			t.Errorf("?day=%s did not fall back to the first day", bad)
		}
	}
}
