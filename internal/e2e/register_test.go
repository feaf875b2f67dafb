package e2e

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"onset/internal/clinic"
	"onset/internal/record"
)

// A registration that may be a patient already registered comes back
// open, with everything typed kept and the existing record offered; a
// tick says it is a different person and registers them.
func TestBrowserDuplicateRegistrationKeepsTheForm(t *testing.T) {
	m := newMessageClinic(t)
	ctx := t.Context()
	if _, err := m.svc.CreateUser(ctx, m.sys, record.NewUser{Email: "desk@example.org", Name: "Dana Desk", Role: clinic.RoleFrontDesk,
		Password: "a test password"}); err != nil {
		t.Fatal(err)
	}
	existing, err := m.svc.CreatePatient(ctx, m.sys, record.NewPatient{MRN: "DUP-1", GivenName: "Ana", FamilyName: "Lopez",
		Sex: "female", BirthDate: "1985-05-05"})
	if err != nil {
		t.Fatal(err)
	}
	desk := browser(t)
	if err := chromedp.Do(desk,
		chromedp.Navigate(m.url+"/login"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), "desk@example.org"),
		chromedp.SendKeys(chromedp.ID("password"), "a test password"),
		nextPage(chromedp.Submit(chromedp.ID("password"))),
		chromedp.Navigate(m.url+"/patients"),
		chromedp.WaitVisible(chromedp.CSS("#register-details summary")),
		chromedp.Click(chromedp.CSS("#register-details summary")),
		chromedp.WaitVisible(chromedp.CSS(`#register input[name="mrn"]`)),
		chromedp.SendKeys(chromedp.CSS(`#register input[name="mrn"]`), "DUP-2"),
		chromedp.SendKeys(chromedp.CSS(`#register input[name="given_name"]`), "Ana"),
		chromedp.SendKeys(chromedp.CSS(`#register input[name="family_name"]`), "Lopez"),
		chromedp.SetValue(chromedp.CSS(`#register input[name="birth_date"]`), "1985-05-05"),
		chromedp.SetValue(chromedp.CSS(`#register select[name="sex"]`), "female"),
		chromedp.SendKeys(chromedp.CSS(`#register input[name="phone"]`), "+1 310 555 0111"),
		nextPage(chromedp.Submit(chromedp.CSS(`#register input[name="mrn"]`))),
		chromedp.WaitVisible(chromedp.ID("possible-duplicates")),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(t, desk, "#possible-duplicates"); !strings.Contains(s, "Lopez, Ana") || !strings.Contains(s, "DUP-1") {
		t.Errorf("the existing record is not offered: %q", s)
	}
	kept, err := chromedp.Run(desk, chromedp.Evaluate[[]string](`["mrn","given_name","family_name","birth_date","phone"].map(
		n => document.querySelector('#register [name="' + n + '"]').value)`))
	if err != nil || strings.Join(kept, "|") != "DUP-2|Ana|Lopez|1985-05-05|+1 310 555 0111" {
		t.Errorf("the typed data were not kept: %v %v", kept, err)
	}
	// The existing record opens from the offer.
	href, err := chromedp.Run(desk, chromedp.AttributeValue(chromedp.CSS("#possible-duplicates a"), "href"))
	if err != nil || href.Value != "/patients/"+strconv.FormatInt(existing.ID, 10) {
		t.Errorf("the offer links to %q", href.Value)
	}
	// A different person after all: registered.
	if err := chromedp.Do(desk,
		chromedp.Click(chromedp.ID("not-a-duplicate")),
		nextPage(chromedp.Submit(chromedp.CSS(`#register input[name="mrn"]`))),
		chromedp.WaitVisible(chromedp.ID("patient-name")),
	); err != nil {
		t.Fatal(err)
	}
	if n := text(t, desk, "#patient-name"); n != "Ana Lopez" {
		t.Errorf("registered %q", n)
	}
}
