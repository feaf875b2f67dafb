package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"onset/internal/clinic"
	"onset/internal/record"
)

// A patient with a portal account writes to the care team on a phone
// that they keep thinking they want to end their life: the crisis text,
// with numbers to tap, is the first thing on the next page, in view at
// once. The clinician signs in and their home page's worklist and open
// safety alerts show it first, with the way to the message; a staff answer tells the
// patient by email that a message waits, without a word of it.
func TestBrowserSelfHarmMessageReachesTheClinician(t *testing.T) {
	m := newMessageClinic(t)
	ctx := t.Context()
	const addr = "rosa@example.org"
	p, err := m.svc.CreatePatient(ctx, m.sys, record.NewPatient{MRN: "SM-1", GivenName: "Rosa", FamilyName: "Lind", Sex: "female",
		BirthDate: "1988-07-09", Email: addr})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.svc.CreateUser(ctx, m.sys, record.NewUser{Email: addr, Name: "Rosa Lind", Role: clinic.RolePatient,
		Password: "a long enough password", PatientID: p.ID}); err != nil {
		t.Fatal(err)
	}

	phone := browser(t)
	if err := chromedp.Do(phone,
		chromedp.Navigate(m.url+"/login"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), addr),
		chromedp.SendKeys(chromedp.ID("password"), "a long enough password"),
		nextPage(chromedp.Submit(chromedp.ID("password"))),
		chromedp.WaitVisible(chromedp.ID("portal-hello")),
	); err != nil {
		t.Fatal(err)
	}
	first, err := chromedp.Run(phone, chromedp.Evaluate[string](`document.querySelector("main section").id`))
	if err != nil || first != "todo" {
		t.Errorf("the portal's first section is %q (%v), want the to-do list", first, err)
	}
	if err := chromedp.Do(phone,
		chromedp.SendKeys(chromedp.ID("message-body"), "I keep thinking I want to end my life"),
		nextPage(chromedp.Click(chromedp.ID("message-send"))),
		chromedp.WaitVisible(chromedp.ID("crisis")),
	); err != nil {
		t.Fatal(err)
	}
	// At once: the crisis section opens the page and is on screen, its numbers tap-to-call.
	state, err := chromedp.Run(phone, chromedp.Evaluate[string](`(() => {
		const c = document.getElementById("crisis"), r = c.getBoundingClientRect();
		return [document.querySelector("main section").id, r.top >= 0 && r.top < window.innerHeight,
			c.querySelectorAll("a.tel[href^='tel:']").length > 0].join(" ");
	})()`))
	if err != nil || state != "crisis true true" {
		t.Errorf("the crisis text after sending: %q (%v), want first, in view, with tap-to-call numbers", state, err)
	}
	if w := text(t, phone, "#warning"); !strings.Contains(w, "care team has been alerted") {
		t.Errorf("the warning: %q", w)
	}
	if c := text(t, phone, "#crisis"); !strings.Contains(c, "988") {
		t.Errorf("the crisis text: %q", c)
	}
	if msg := text(t, phone, "#thread-messages"); !strings.Contains(msg, "I keep thinking I want to end my life") {
		t.Errorf("the conversation: %q", msg)
	}
	noSideways(t, phone, "the conversation")

	// The clinician's home page: the alert first among the open ones.
	desk := browser(t)
	m.clinicianSignsIn(t, desk)
	if err := chromedp.Do(desk, chromedp.Navigate(m.url+"/"), chromedp.WaitVisible(chromedp.ID("open-alerts"))); err != nil {
		t.Fatal(err)
	}
	// The worklist at the top of the page: the alert is its first item.
	if work := text(t, desk, "#worklist li"); !strings.Contains(work, "safety alert") || !strings.Contains(work, "Rosa Lind") ||
		!strings.Contains(work, "end my life") {
		t.Errorf("the worklist's first item: %q", work)
	}
	top := text(t, desk, "#open-alerts li")
	if !strings.Contains(top, "Rosa Lind") || !strings.Contains(top, "end my life") || !strings.Contains(top, "Read the message") {
		t.Errorf("the first open alert: %q", top)
	}
	if err := chromedp.Do(desk,
		nextPage(chromedp.Click(chromedp.CSS(`#open-alerts li a[href^="/messages/"]`))),
		chromedp.WaitVisible(chromedp.ID("reply-body")),
	); err != nil {
		t.Fatal(err)
	}
	if msg := text(t, desk, "#thread-messages"); !strings.Contains(msg, "end my life") || !strings.Contains(msg, "safety alert raised") {
		t.Errorf("the clinician's view of the message: %q", msg)
	}
	if err := chromedp.Do(desk,
		chromedp.SendKeys(chromedp.ID("reply-body"), "Rosa, I am calling you now. Please pick up."),
		nextPage(chromedp.Click(chromedp.ID("reply-send"))),
		chromedp.WaitVisible(chromedp.ID("all-read")),
	); err != nil {
		t.Fatal(err)
	}
	// The menu counts the clinician's worklist; on it, j and Enter open the
	// first item, the conversation (the alert is still to acknowledge).
	if n := text(t, desk, "#worklist-count"); n == "" || n == "0" {
		t.Errorf("the menu's worklist count: %q", n)
	}
	if err := chromedp.Do(desk,
		nextPage(chromedp.Click(chromedp.ID("nav-worklist"))),
		chromedp.WaitVisible(chromedp.CSS("#worklist .work-item a")),
		chromedp.KeyEvent("j"),
		nextPage(chromedp.KeyEvent("\r")),
		chromedp.WaitVisible(chromedp.ID("reply-body")),
	); err != nil {
		t.Fatalf("the worklist by keyboard: %v", err)
	}
	m.deliver(t)
	notices := withSubject(m.mailTo(t, addr), "A message from Lakeside Clinic is waiting")
	if len(notices) != 1 {
		t.Fatalf("the patient's notice: %+v", m.mailTo(t, addr))
	}
	minimumNecessary(t, notices[0])
	for _, w := range []string{"calling", "pick up", "life", "Dr", "Test clinician"} {
		if strings.Contains(notices[0].subject+notices[0].text+notices[0].html, w) {
			t.Errorf("the notice says %q:\n%s", w, notices[0].text)
		}
	}
}
