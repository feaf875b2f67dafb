package web_test

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"mime/quotedprintable"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/delivery"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/outreach"
	"onset/internal/store"
)

var setLink = regexp.MustCompile(`https?://[^\s"<>]+/password/set\?token=[A-Za-z0-9_=-]+`)

// Forgotten passwords and portal invitations: the link arrives by email
// over SMTP, works once, ends every session, and the pages never say
// whether an address has an account.
func TestPasswordByEmail(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	ctx := t.Context()
	mail, err := delivery.StartSink(delivery.SinkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer mail.Close()
	email, err := delivery.ParseSMTPURL(fmt.Sprintf("smtp://127.0.0.1:%d?from=clinic@test.example&tls=none", mail.Port()))
	if err != nil {
		t.Fatal(err)
	}
	deliver := func() string { // runs the outbox and returns the newest link that arrived
		if _, err := f.svc.RunOutbox(ctx, outreach.OutboxOptions{BaseURL: f.srv.URL, Sender: delivery.Router{Email: email}}); err != nil {
			t.Fatal(err)
		}
		got := mail.Messages()
		if len(got) == 0 {
			return ""
		}
		// The parts are quoted-printable: decode before reading the link.
		decoded, _ := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(got[len(got)-1].Data)))
		return html.UnescapeString(setLink.FindString(string(decoded)))
	}
	anon := f.anonymous()
	forgot := func(addr string) string {
		res := anon.post("/password/forgot", url.Values{"email": {addr}})
		return body(res)
	}

	// Known and unknown addresses get the same page; only the known one mail.
	known, unknown := forgot("nurse@example.org"), forgot("nobody@example.org")
	if !strings.Contains(known, `id="reset-sent"`) || stripTokens(known) != stripTokens(unknown) {
		t.Errorf("the page differs for an unknown address")
	}
	link := deliver()
	if len(mail.Messages()) != 1 || link == "" {
		t.Fatalf("%d emails, link %q", len(mail.Messages()), link)
	}
	nurse := f.signIn(clinic.RoleNurse) // a session the reset must end
	u, _ := url.Parse(link)
	if page := anon.getBody(u.RequestURI(), 200); !strings.Contains(page, `name="token"`) {
		t.Fatal("the set-password page has no form")
	}
	set := func(token, password string) (int, string) {
		res := anon.post("/password/set", url.Values{"token": {token}, "password": {password}})
		return res.StatusCode, res.Header.Get("Location")
	}
	token := u.Query().Get("token")
	if code, _ := set(token, "short"); code != 400 {
		t.Errorf("a short password: %d", code)
	}
	if code, loc := set(token, "a brand new passphrase"); code != 303 || loc != "/login?notice=password-set" {
		t.Fatalf("set: %d %q", code, loc)
	}
	if code, _ := set(token, "another new passphrase"); code != 400 {
		t.Errorf("the link worked twice: %d", code)
	}
	if res := nurse.get("/account"); res.StatusCode != 303 {
		t.Errorf("the nurse's session outlived the reset: %d", res.StatusCode)
	}
	if res := f.anonymous().post("/login", url.Values{"email": {"nurse@example.org"}, "password": {"a brand new passphrase"}}); res.StatusCode != 303 || res.Header.Get("Location") != "/" {
		t.Errorf("sign-in with the new password: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res := f.anonymous().post("/login", url.Values{"email": {"nurse@example.org"}, "password": {testPassword}}); res.Header.Get("Location") == "/" {
		t.Error("the old password still works")
	}

	// A portal invitation for a patient without an account.
	p, err := f.svc.CreatePatient(ctx, service.System(f.clinicID), record.NewPatient{MRN: "I-1", GivenName: "Ida",
		FamilyName: "Vale", Sex: "female", BirthDate: "1992-03-04", Email: "ida@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	front := f.signIn(clinic.RoleFrontDesk)
	if res := front.post(fmt.Sprintf("/patients/%d/invite", p.ID), url.Values{}); res.StatusCode != 303 {
		t.Fatalf("invite: %d %s", res.StatusCode, body(res))
	}
	invite := deliver()
	got := mail.Messages()
	if last := got[len(got)-1]; last.To[0] != "ida@example.org" || !strings.Contains(last.Subject(), "invites you") || invite == "" {
		t.Fatalf("invitation: to %v, subject %q, link %q", last.To, last.Subject(), invite)
	}
	iu, _ := url.Parse(invite)
	if code, _ := set(iu.Query().Get("token"), "ida's own passphrase"); code != 303 {
		t.Fatalf("accept the invitation: %d", code)
	}
	res := f.anonymous().post("/login", url.Values{"email": {"ida@example.org"}, "password": {"ida's own passphrase"}})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/" {
		t.Errorf("the invited patient cannot sign in: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if n := f.auditCount("portal.invite", p.ID); n != 1 {
		t.Errorf("%d invitations audited", n)
	}
}

var anyFormToken = regexp.MustCompile(`name="form_token" value="[^"]*"`)

func stripTokens(page string) string { return anyFormToken.ReplaceAllString(page, "") }
