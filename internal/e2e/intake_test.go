package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A clinician records an intake with BP 185/115 for a demo patient with a
// signed plan, sees the exclusion (in red, with its source), finds that
// treatment sessions cannot be booked, overrides with a reason, and then
// books the plan's next sessions — on a phone-width screen.
func TestBrowserIntakeExclusionOverrideThenBooking(t *testing.T) {
	d := startDemo(t)
	ctx := browser(t)
	signInWithTOTP(t, ctx, d, "clinician")
	if err := chromedp.Do(ctx,
		// Patient 1 has a signed plan with sessions left to book (the demo books one week).
		chromedp.Navigate(d.url+"/patients/1"),
		nextPage(chromedp.Click(chromedp.ID("patient-intake-link"))),
		chromedp.WaitVisible(chromedp.ID("intake-form")),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(t, ctx, "#screening-none"); !strings.Contains(s, "No intake recorded yet") {
		t.Errorf("before the intake: %q", s)
	}
	if err := chromedp.Do(ctx, append(fillHypertensiveIntake("Demo Patient"), chromedp.WaitVisible(chromedp.ID("findings")))...); err != nil {
		t.Fatalf("recording the intake: %v", err)
	}
	if s := text(t, ctx, "#screening-result"); !strings.HasPrefix(s, "Not eligible") {
		t.Errorf("screening result %q", s)
	}
	ex := text(t, ctx, "li.finding-exclude")
	if !strings.Contains(ex, "Blood pressure 185/115 mmHg") || !strings.Contains(ex, "Source:") {
		t.Errorf("exclusion finding %q", ex)
	}
	red, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('li.finding-exclude')).borderLeftColor`))
	if err != nil || red != "rgb(164, 38, 44)" {
		t.Errorf("the exclusion is not marked red: %q %v", red, err)
	}
	view, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[window.innerWidth, document.documentElement.scrollWidth]`))
	if err != nil || len(view) != 2 || view[1] > view[0] {
		t.Errorf("the intake page scrolls sideways on a phone: %v %v", view, err)
	}

	// Booking is blocked, and the page says why.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/patients/1/appointments"),
		chromedp.WaitVisible(chromedp.ID("screening-blocked")),
		nextPage(chromedp.Click(chromedp.ID("find-slots"))),
		chromedp.WaitVisible(chromedp.CSS("#plan-booking p.error")),
	); err != nil {
		t.Fatalf("the booking page: %v", err)
	}
	if s := text(t, ctx, "#plan-booking p.error"); !strings.Contains(s, "override") {
		t.Errorf("finding times while blocked says %q", s)
	}

	// The clinician overrides with a reason.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/patients/1/intake"),
		chromedp.WaitVisible(chromedp.ID("override-form")),
		chromedp.SendKeys(chromedp.ID("override-reason-input"), "Rechecked after 10 minutes' rest: 148/92. Antihypertensive started by GP."),
		nextPage(chromedp.Click(chromedp.ID("override-submit"))),
		chromedp.WaitVisible(chromedp.ID("override-reason")),
	); err != nil {
		t.Fatalf("override: %v", err)
	}
	if s := text(t, ctx, "#screening-result"); !strings.HasPrefix(s, "Exclusion overridden") {
		t.Errorf("after the override: %q", s)
	}

	// Now the plan's next sessions can be found and booked.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/patients/1/appointments"),
		chromedp.WaitVisible(chromedp.ID("find-slots")),
		nextPage(chromedp.Click(chromedp.ID("find-slots"))),
		chromedp.WaitVisible(chromedp.ID("book-series")),
		nextPage(chromedp.Click(chromedp.ID("book-series"))),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	); err != nil {
		t.Fatalf("booking after the override: %v", err)
	}
	if s := text(t, ctx, "p.flash"); !strings.HasPrefix(s, "Booked") {
		t.Errorf("after booking: %q", s)
	}
}

// fillHypertensiveIntake fills and submits the open intake form with a
// blood pressure of 185/115 (above the exclusion threshold) and signs the
// consent as signer.
func fillHypertensiveIntake(signer string) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{
		chromedp.SendKeys(chromedp.ID("weight_kg"), "74"),
		chromedp.SendKeys(chromedp.ID("height_cm"), "171"),
		chromedp.SendKeys(chromedp.ID("systolic"), "185"),
		chromedp.SendKeys(chromedp.ID("diastolic"), "115"),
		chromedp.SendKeys(chromedp.ID("heart_rate"), "84"),
		chromedp.SetValue(chromedp.ID("pregnant"), "no"),
		chromedp.SendKeys(chromedp.ID("medications"), "sertraline 100 mg"),
		chromedp.Click(chromedp.ID("consent_agree")),
		chromedp.SendKeys(chromedp.ID("consent_name"), signer),
		nextPage(chromedp.Click(chromedp.ID("intake-submit"))),
	}
}
