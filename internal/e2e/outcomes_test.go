package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserOutcomesDashboard: a clinician opens the outcomes dashboard of
// the demo clinic on a phone-width screen and sees cumulative response
// curves for at least two routes, with numbers at risk and the log-rank
// test; choosing another grouping with the keyboard redraws it.
func TestBrowserOutcomesDashboard(t *testing.T) {
	d := startDemo(t)
	ctx := browser(t)
	signInWithTOTP(t, ctx, d, "clinician")
	if err := chromedp.Do(ctx, chromedp.Navigate(d.url+"/outcomes?instrument=phq9&by=route")); err != nil {
		t.Fatal(err)
	}
	if h := text(t, ctx, "h1"); !strings.HasPrefix(h, "Outcomes") {
		t.Fatalf("heading %q", h)
	}
	curves, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#response svg.survival path.curve").length`))
	if err != nil {
		t.Fatal(err)
	}
	if curves < 2 {
		t.Errorf("%d response curves, want at least two routes", curves)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#response table.outcome-table tbody tr").length`))
	if err != nil || rows != curves {
		t.Errorf("%d table rows for %d curves (%v)", rows, curves, err)
	}
	if s := text(t, ctx, "#response"); !strings.Contains(s, "Log-rank test") || !strings.Contains(s, "By 7 days") {
		t.Errorf("response section: %q", s)
	}
	// SVG has no innerText: read its textContent.
	svgText, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#response svg.survival").textContent`))
	if err != nil || !strings.Contains(svgText, "Number at risk") {
		t.Errorf("no numbers at risk under the plot: %q %v", svgText, err)
	}
	if dir := os.Getenv("ONSET_E2E_SCREENSHOTS"); dir != "" {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err == nil {
			os.WriteFile(filepath.Join(dir, "outcomes.png"), png, 0o644)
		}
	}
	// Keyboard: choose "therapy" in the grouping select and submit.
	if err := chromedp.Do(ctx,
		chromedp.Focus(chromedp.ID("by")),
		chromedp.SetValue(chromedp.ID("by"), "therapy"),
		nextPage(chromedp.Submit(chromedp.ID("by"))),
		chromedp.WaitVisible(chromedp.CSS("#response svg.survival")),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(t, ctx, "#response table.outcome-table"); !strings.Contains(s, "with psychotherapy") {
		t.Errorf("grouping by therapy: %q", s)
	}
}
