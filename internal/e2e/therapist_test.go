package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"onset/internal/clinic"
	"onset/internal/record"
)

// A therapist signs in, sees only their caseload, writes an integration
// note and signs it; the ledger and plan signing stay closed to them.
func TestBrowserTherapistWritesAndSignsAnIntegrationNote(t *testing.T) {
	m := newMessageClinic(t)
	ctx := t.Context()
	th, err := m.svc.CreateUser(ctx, m.sys, record.NewUser{Email: "therapist@example.org", Name: "Tess Therapist",
		Role: clinic.RoleTherapist, Password: "a test password"})
	if err != nil {
		t.Fatal(err)
	}
	mine, err := m.svc.CreatePatient(ctx, m.sys, record.NewPatient{MRN: "TH-1", GivenName: "Mina", FamilyName: "Mine", Sex: "female",
		BirthDate: "1990-01-01", Conditions: []string{"depression"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.svc.CreatePatient(ctx, m.sys, record.NewPatient{MRN: "TH-2", GivenName: "Otto", FamilyName: "Other", Sex: "male",
		BirthDate: "1980-01-01"}); err != nil {
		t.Fatal(err)
	}
	if err := m.svc.AssignTherapist(ctx, m.sys, mine.ID, th.ID); err != nil {
		t.Fatal(err)
	}
	b := browser(t)
	if err := chromedp.Do(b,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(m.url+"/login"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), "therapist@example.org"),
		chromedp.SendKeys(chromedp.ID("password"), "a test password"),
		nextPage(chromedp.Submit(chromedp.ID("password"))),
		chromedp.Navigate(m.url+"/patients"),
		chromedp.WaitVisible(chromedp.CSS("main table")),
	); err != nil {
		t.Fatal(err)
	}
	if list := text(t, b, "main table"); !strings.Contains(list, "Mine") || strings.Contains(list, "Other") {
		t.Errorf("the therapist's list is not their caseload: %q", list)
	}
	// The note: written, saved as a draft, signed and locked.
	if err := chromedp.Do(b,
		chromedp.Navigate(m.url+"/patients/"+itoa64(mine.ID)),
		chromedp.WaitVisible(chromedp.ID("patient-notes-link")),
		nextPage(chromedp.Click(chromedp.ID("patient-notes-link"))),
		chromedp.WaitVisible(chromedp.ID("new-note")),
		chromedp.SetValue(chromedp.ID("note-session"), "integration"),
		chromedp.SendKeys(chromedp.CSS(`#new-note textarea[name="intentions"]`), "Reconnect with my sister"),
		chromedp.SendKeys(chromedp.CSS(`#new-note textarea[name="observations"]`), "Calm; spoke about the session's imagery"),
		chromedp.SendKeys(chromedp.CSS(`#new-note textarea[name="plan"]`), "Journal daily; next integration in a week"),
		nextPage(chromedp.Click(chromedp.ID("note-create"))),
		chromedp.WaitVisible(chromedp.ID("note-sign")),
		nextPage(chromedp.Click(chromedp.ID("note-sign"))),
		chromedp.WaitVisible(chromedp.ID("note-addendum-form")),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(t, b, "#note-state"); !strings.Contains(s, "signed") || !strings.Contains(s, "locked") || !strings.Contains(s, "Tess Therapist") {
		t.Errorf("the note's state reads %q", s)
	}
	if s := text(t, b, "#note-title"); !strings.Contains(s, "therapy note · integration") {
		t.Errorf("the note's title reads %q", s)
	}
	if n, _ := chromedp.Run(b, chromedp.Evaluate[int](`document.querySelectorAll("#note-edit, #note-sign").length`)); n != 0 {
		t.Error("a signed note still offers editing or signing")
	}
	// Signing a plan is refused: the form a clinician's page would post.
	post := func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Evaluate[bool](`(() => { const f = document.createElement("form");
			f.method = "post"; f.action = "/patients/`+itoa64(mine.ID)+`/plans/1/sign";
			const c = document.createElement("input"); c.name = "csrf"; c.value = document.querySelector("input[name=csrf]").value;
			f.appendChild(c); document.body.appendChild(f); f.submit(); return true; })()`)(ctx, tg)
		return chromedp.Void{}, err
	}
	if err := chromedp.Do(b, nextPage(post), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	if h := text(t, b, "h1"); h != "Not allowed" {
		t.Errorf("a therapist signing a plan sees %q", h)
	}
	// Closed to a therapist: the ledger, and another patient's record.
	for _, path := range []string{"/ledger", "/patients/" + itoa64(mine.ID+1)} {
		if err := chromedp.Do(b, chromedp.Navigate(m.url+path), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
			t.Fatal(err)
		}
		if h := text(t, b, "h1"); h != "Not allowed" {
			t.Errorf("%s as a therapist shows %q", path, h)
		}
	}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
