package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A clinician opens a demo patient's signed plan and sees the expected
// concentration curve; the patient sees what to expect from it.
func TestBrowserClinicianSeesPlanConcentrationCurve(t *testing.T) {
	d := startDemo(t)
	ctx := browser(t)
	signInWithTOTP(t, ctx, d, "clinician")
	if err := chromedp.Do(ctx,
		// Patient 1 has a portal account, and the demo gives each of them a signed plan.
		chromedp.Navigate(d.url+"/patients/1"),
		nextPage(chromedp.Click(chromedp.CSS(`#patient-plan-links a[href$="/plans"]`))),
		nextPage(chromedp.Click(chromedp.CSS("#plan-list tbody a"))),
		chromedp.WaitVisible(chromedp.ID("plan-title")),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(t, ctx, "#plan-status"); s != "signed" {
		t.Errorf("demo plan status %q", s)
	}
	curve := chromedp.CSS("#plan-pk svg.concentration polyline.curve")
	if err := chromedp.Do(ctx, chromedp.WaitVisible(curve)); err != nil {
		t.Fatalf("no visible concentration curve: %v", err)
	}
	box, err := chromedp.Run(ctx, chromedp.Dimensions(chromedp.CSS("#plan-pk svg.concentration")))
	if err != nil {
		t.Fatal(err)
	}
	// Headless Chromium may not go below its minimum window width, so
	// compare with the actual viewport: no sideways scrolling, chart fills it.
	view, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[window.innerWidth, document.documentElement.scrollWidth]`))
	if err != nil || len(view) != 2 {
		t.Fatalf("viewport: %v %v", view, err)
	}
	if view[1] > view[0] || float64(box.Width) > float64(view[0]) || float64(box.Width) < 0.75*float64(view[0]) {
		t.Errorf("chart %d px wide, page %d px, on a %d px viewport", box.Width, view[1], view[0])
	}
	pts, err := chromedp.Run(ctx, chromedp.AttributeValue(curve, "points"))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(strings.Fields(pts.Value)); n < 50 {
		t.Errorf("the curve has %d points", n)
	}
	if !strings.Contains(text(t, ctx, "#plan-pk .notice"), "never a discharge decision") {
		t.Error("the curve is not labelled as an estimate that never decides discharge")
	}
}
