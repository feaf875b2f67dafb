package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A clinician sends a questionnaire link; the patient opens it on a
// phone-width browser with no account and answers with item 9 above 0;
// the clinician's patient page then shows the new point, the updated
// trajectory and the safety alert, and so does their home page.
func TestBrowserPatientAnswersLinkClinicianSeesAlert(t *testing.T) {
	d := startDemo(t)
	clin := browser(t)
	signInWithTOTP(t, clin, d, "clinician")
	record := d.url + "/patients/1?instrument=phq9"
	if err := chromedp.Do(clin,
		chromedp.Navigate(record),
		chromedp.WaitVisible(chromedp.ID("patient-name")),
	); err != nil {
		t.Fatal(err)
	}
	count := func(sel string) int {
		t.Helper()
		n, err := chromedp.Run(clin, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	pointsBefore := count("#trajectory .chart-wide circle.point")
	rowsBefore := count("#assessments-table tbody tr.assessment")
	openBefore := count("#safety-alerts .alert-open")
	if err := chromedp.Do(clin,
		chromedp.SetValue(chromedp.ID("link-instrument"), "phq9"),
		nextPage(chromedp.Click(chromedp.ID("send-link"))),
		chromedp.WaitVisible(chromedp.ID("link-url")),
	); err != nil {
		t.Fatal(err)
	}
	link := text(t, clin, "#link-url")
	if !strings.Contains(link, "/q/") {
		t.Fatalf("link %q", link)
	}

	// The patient, on a phone, with no account.
	phone := browser(t)
	if err := chromedp.Do(phone, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.ID("submit-answers"))); err != nil {
		t.Fatal(err)
	}
	if h := text(t, phone, "h1"); !strings.HasPrefix(h, "Hello") {
		t.Errorf("questionnaire heading %q", h)
	}
	if n, _ := chromedp.Run(phone, chromedp.Evaluate[int](`document.querySelectorAll("nav, #patient-name").length`)); n != 0 {
		t.Error("the questionnaire page shows navigation or the record")
	}
	answers := []int{2, 2, 1, 1, 2, 1, 1, 2, 1} // item 9 (thoughts of self-harm) above 0
	for i, a := range answers {
		if err := chromedp.Do(phone, chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name="item%d"][value="%d"]`, i+1, a)))); err != nil {
			t.Fatalf("item %d: %v", i+1, err)
		}
	}
	view, err := chromedp.Run(phone, chromedp.Evaluate[[]int](`[window.innerWidth, document.documentElement.scrollWidth]`))
	if err != nil || len(view) != 2 || view[1] > view[0] {
		t.Errorf("questionnaire scrolls sideways on a phone: %v %v", view, err)
	}
	if err := chromedp.Do(phone, nextPage(chromedp.Click(chromedp.ID("submit-answers"))), chromedp.WaitVisible(chromedp.ID("done"))); err != nil {
		t.Fatal(err)
	}
	if c := text(t, phone, "#crisis"); !strings.Contains(c, "988") || !strings.Contains(c, "emergency") {
		t.Errorf("crisis resources %q", c)
	}
	// The link works once.
	if err := chromedp.Do(phone, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.ID("link-closed"))); err != nil {
		t.Fatal(err)
	}
	if s := text(t, phone, "#link-closed"); !strings.Contains(s, "already been answered") {
		t.Errorf("reused link says %q", s)
	}

	// Back to the clinician.
	if err := chromedp.Do(clin, chromedp.Navigate(record), chromedp.WaitVisible(chromedp.ID("safety-alerts"))); err != nil {
		t.Fatal(err)
	}
	if a := text(t, clin, "#safety-alerts"); !strings.Contains(a, "item 9") || !strings.Contains(a, "Open") {
		t.Errorf("alert panel %q", a)
	}
	if n := count("#safety-alerts .alert-open"); n != openBefore+1 {
		t.Errorf("%d open alerts, want %d", n, openBefore+1)
	}
	if n := count("#assessments-table tbody tr.assessment"); n != rowsBefore+1 {
		t.Errorf("%d assessments listed, want %d", n, rowsBefore+1)
	}
	if s := text(t, clin, "#assessments-table tbody tr.assessment:last-child"); !strings.Contains(s, "link") || !strings.Contains(s, "13") {
		t.Errorf("newest assessment row %q", s)
	}
	if n := count("#trajectory .chart-wide circle.point"); n != pointsBefore+1 {
		t.Errorf("%d trajectory points, want %d", n, pointsBefore+1)
	}
	if s := text(t, clin, "#trajectory-summary"); !strings.Contains(s, "PHQ-9") {
		t.Errorf("trajectory summary %q", s)
	}
	if err := chromedp.Do(clin, chromedp.Navigate(d.url+"/"), chromedp.WaitVisible(chromedp.ID("open-alerts"))); err != nil {
		t.Fatal(err)
	}
	if a := text(t, clin, "#open-alerts"); !strings.Contains(a, "item 9") {
		t.Errorf("home alerts %q", a)
	}
}
