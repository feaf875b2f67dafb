package e2e

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// noSideways fails when the page scrolls sideways on the phone-width window.
func noSideways(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	view, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[window.innerWidth, document.documentElement.scrollWidth]`))
	if err != nil || len(view) != 2 || view[1] > view[0] {
		t.Errorf("%s scrolls sideways on a phone: %v %v", what, view, err)
	}
}

var patientPath = regexp.MustCompile(`/patients/(\d+)`)

// The whole course of treatment online (issue 4): a new patient books a
// consultation on the public page (phone width), signs in to the portal
// and fills in the intake with a blood pressure of 185/115; a clinician
// sees the exclusion, overrides it with a reason, creates and signs an IV
// plan; the patient signs in again and books the induction series.
func TestBrowserNewPatientJourney(t *testing.T) {
	d := startDemo(t)
	ctx := browser(t)
	email := fmt.Sprintf("journey-%d@example.org", time.Now().UnixNano())
	const password = "journey password 2026"

	// 1. The public booking page, reached from the sign-in page.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`#new-patient a[href="/book"]`)),
		nextPage(chromedp.Click(chromedp.CSS(`#new-patient a[href="/book"]`))),
		chromedp.WaitVisible(chromedp.ID("public-book-form")),
	); err != nil {
		t.Fatalf("the public booking page: %v", err)
	}
	noSideways(t, ctx, "the booking page")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#book-times input[name="slot"]`)), // the first day's first time
		chromedp.SendKeys(chromedp.ID("given_name"), "Jamie"),
		chromedp.SendKeys(chromedp.ID("family_name"), "Journey"),
		chromedp.SetValue(chromedp.ID("birth_date"), "1988-04-12"),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("phone"), "+1 555 0100"),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.SendKeys(chromedp.ID("password2"), password),
		chromedp.Click(chromedp.ID("consent")),
		nextPage(chromedp.Click(chromedp.ID("book-submit"))),
		chromedp.WaitVisible(chromedp.ID("booked-mrn")),
	); err != nil {
		t.Fatalf("booking the consultation: %v", err)
	}
	if mrn := text(t, ctx, "#booked-mrn"); !strings.HasPrefix(mrn, "WEB-") {
		t.Errorf("new patient's MRN %q", mrn)
	}
	if s := text(t, ctx, "#booked-when"); !strings.Contains(s, "Jamie") {
		t.Errorf("confirmation %q", s)
	}

	// 2. The patient signs in to the portal and fills in the intake.
	if err := chromedp.Do(ctx,
		nextPage(chromedp.Click(chromedp.ID("booked-signin"))),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), password),
		nextPage(chromedp.Submit(chromedp.ID("password"))),
		chromedp.WaitVisible(chromedp.CSS(`nav a[href="/account"]`)),
	); err != nil {
		t.Fatalf("patient sign-in: %v", err)
	}
	m := patientPath.FindStringSubmatch(location(t, ctx))
	if m == nil {
		t.Fatalf("the patient landed on %s", location(t, ctx))
	}
	patient := d.url + "/patients/" + m[1]
	steps := append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(patient + "/intake"), chromedp.WaitVisible(chromedp.ID("intake-form"))},
		fillHypertensiveIntake("Jamie Journey")...)
	if err := chromedp.Do(ctx, append(steps, chromedp.WaitVisible(chromedp.CSS("p.flash")))...); err != nil {
		t.Fatalf("the patient's intake: %v", err)
	}

	// 3. A clinician (in another browser) sees the exclusion, overrides it,
	// and creates and signs an IV plan.
	doc := browser(t)
	signInWithTOTP(t, doc, d, "clinician")
	if err := chromedp.Do(doc,
		chromedp.Navigate(patient+"/intake"),
		chromedp.WaitVisible(chromedp.CSS("li.finding-exclude")),
	); err != nil {
		t.Fatalf("the clinician's intake page: %v", err)
	}
	if ex := text(t, doc, "li.finding-exclude"); !strings.Contains(ex, "185/115") {
		t.Errorf("exclusion finding %q", ex)
	}
	if err := chromedp.Do(doc,
		chromedp.SendKeys(chromedp.ID("override-reason-input"), "Rechecked after 10 minutes' rest: 146/90. GP started amlodipine."),
		nextPage(chromedp.Click(chromedp.ID("override-submit"))),
		chromedp.WaitVisible(chromedp.ID("override-reason")),
	); err != nil {
		t.Fatalf("override: %v", err)
	}
	if s := text(t, doc, "#screening-result"); !strings.HasPrefix(s, "Exclusion overridden") {
		t.Errorf("after the override: %q", s)
	}
	start := time.Now().AddDate(0, 0, 7).Format("2006-01-02")
	if err := chromedp.Do(doc,
		chromedp.Navigate(patient+"/plans"),
		chromedp.WaitVisible(chromedp.ID("plan-create")),
		chromedp.SetValue(chromedp.ID("plan-template"), "iv-ketamine-induction"),
		chromedp.SetValue(chromedp.ID("plan-weight"), "74"),
		chromedp.SetValue(chromedp.ID("plan-start"), start),
		nextPage(chromedp.Click(chromedp.ID("plan-create"))),
		chromedp.WaitVisible(chromedp.ID("plan-sign")),
		nextPage(chromedp.Click(chromedp.ID("plan-sign"))),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	); err != nil {
		t.Fatalf("creating and signing the plan: %v", err)
	}
	if s := text(t, doc, "#plan-status"); s != "signed" {
		t.Errorf("plan status %q", s)
	}

	// 4. The patient signs out, signs in again and books the induction series.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(patient),
		chromedp.WaitVisible(chromedp.CSS("form.signout button")),
		nextPage(chromedp.Click(chromedp.CSS("form.signout button"))),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), password),
		nextPage(chromedp.Submit(chromedp.ID("password"))),
		chromedp.WaitVisible(chromedp.CSS(`nav a[href="/account"]`)),
		chromedp.Navigate(patient+"/appointments"),
		chromedp.WaitVisible(chromedp.ID("find-slots")),
		nextPage(chromedp.Click(chromedp.ID("find-slots"))),
		chromedp.WaitVisible(chromedp.ID("book-series")),
	); err != nil {
		t.Fatalf("finding the induction times: %v", err)
	}
	noSideways(t, ctx, "the booking page")
	proposed, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('input[name="slot"]:checked').length`))
	if err != nil || proposed < 2 {
		t.Fatalf("%d induction sessions proposed (%v)", proposed, err)
	}
	if err := chromedp.Do(ctx,
		nextPage(chromedp.Click(chromedp.ID("book-series"))),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	); err != nil {
		t.Fatalf("booking the series: %v", err)
	}
	if s := text(t, ctx, "p.flash"); !strings.HasPrefix(s, "Booked") {
		t.Errorf("after booking: %q", s)
	}
	items, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#upcoming .cal-treatment').length`))
	if err != nil || items != proposed {
		t.Errorf("%d treatment appointments upcoming, want %d (%v)", items, proposed, err)
	}
}
