package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"time"

	"onset/internal/auth"
)

// browser is one person's signed-in web session.
type browser struct {
	http *http.Client
	base string
	csrf string
	rec  *recorder
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func newBrowser(base string, rec *recorder) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{base: base, rec: rec, http: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		// A form's redirect is its answer: the page it leads to is the
		// browser's next request, not part of this one.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// signIn signs in with the password and, for a TOTP secret, the code of
// now; the session's form token is kept for the forms to come.
func (b *browser) signIn(email, totp string) error {
	res, err := b.http.PostForm(b.base+"/login", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		return err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("sign-in of %s: status %d", email, res.StatusCode)
	}
	if loc := res.Header.Get("Location"); loc == "/login/mfa" {
		page, err := b.page("/login/mfa")
		if err != nil {
			return err
		}
		code, err := auth.TOTPCode(totp, time.Now())
		if err != nil {
			return err
		}
		res, err := b.http.PostForm(b.base+"/login/mfa", url.Values{"code": {code}, "csrf": {csrfOf(page)}})
		if err != nil {
			return err
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			return fmt.Errorf("two-step sign-in of %s: status %d", email, res.StatusCode)
		}
	} else if loc != "/" {
		return fmt.Errorf("sign-in of %s led to %s", email, loc)
	}
	page, err := b.page("/account")
	if err != nil {
		return err
	}
	if b.csrf = csrfOf(page); b.csrf == "" {
		return fmt.Errorf("%s: no form token on the account page", email)
	}
	return nil
}

func csrfOf(page string) string {
	if m := csrfField.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	return ""
}

// page GETs path outside the measurement.
func (b *browser) page(path string) (string, error) {
	res, err := b.http.Get(b.base + path)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err == nil && res.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %d", path, res.StatusCode)
	}
	return string(body), err
}

// get is a measured GET of path, as kind.
func (b *browser) get(kind, path string) (string, bool) {
	req, _ := http.NewRequest(http.MethodGet, b.base+path, nil)
	return b.do(kind, req, nil)
}

// post is a measured form POST; ok, when given, judges the answer (a form
// answers a refusal with a redirect too).
func (b *browser) post(kind, path string, form url.Values, ok func(*http.Response) bool) (string, bool) {
	if b.csrf != "" {
		form.Set("csrf", b.csrf)
	}
	req, _ := http.NewRequest(http.MethodPost, b.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(kind, req, ok)
}

func (b *browser) do(kind string, req *http.Request, ok func(*http.Response) bool) (string, bool) {
	t0 := time.Now()
	res, err := b.http.Do(req)
	var body []byte
	if err == nil {
		body, err = io.ReadAll(res.Body)
		res.Body.Close()
	}
	d := time.Since(t0)
	switch {
	case err != nil:
		b.rec.add(kind, d, err.Error())
		return "", false
	case res.StatusCode >= 400:
		b.rec.add(kind, d, fmt.Sprintf("%d %s", res.StatusCode, brief(body)))
		return "", false
	case ok != nil && !ok(res):
		b.rec.add(kind, d, fmt.Sprintf("%d refused, to %s", res.StatusCode, res.Header.Get("Location")))
		return "", false
	}
	b.rec.add(kind, d, "")
	return string(body), true
}

var (
	tags   = regexp.MustCompile(`(?s)<head>.*?</head>|<[^>]*>`)
	spaces = regexp.MustCompile(`\s+`)
)

// brief is an error page's text, shortened.
func brief(body []byte) string {
	s := strings.TrimSpace(spaces.ReplaceAllString(tags.ReplaceAllString(string(body), " "), " "))
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}
