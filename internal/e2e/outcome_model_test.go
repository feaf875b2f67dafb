package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserOutcomeModelAndLikeYou: on the demo clinic (240 patients, the
// factors recorded at intake), a clinician sees the dashboard's "What goes
// with faster response here" — a forest plot with a point per adjusted
// hazard ratio, a sentence per factor and the note that associations are
// not proof of cause — and, on a patient's page, the "patients like this
// one" estimate by 24 h, 7 and 28 days beside the comparable courses; the
// demo's portal patient reads theirs in plain words on "what to expect".
func TestBrowserOutcomeModelAndLikeYou(t *testing.T) {
	d := startDemoWith(t, 240)
	ctx := browser(t)
	signInWithTOTP(t, ctx, d, "clinician")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/outcomes?instrument=phq9&by=route"),
		chromedp.WaitVisible(chromedp.CSS("#model svg.forest")),
	); err != nil {
		t.Fatalf("the dashboard's forest plot: %v", err)
	}
	points, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#forest svg.forest rect.point").length`))
	if err != nil || points < 2 {
		t.Errorf("%d hazard ratios in the forest plot (%v), want at least 2", points, err)
	}
	statements, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#model-statements li").length`))
	if err != nil || statements != points {
		t.Errorf("%d sentences for %d hazard ratios (%v)", statements, points, err)
	}
	if s := text(t, ctx, "#model-statements"); !strings.Contains(s, "times as fast (95% CI") || !strings.Contains(s, "other factors equal") {
		t.Errorf("sentences: %q", s)
	}
	if s := text(t, ctx, "#causation"); !strings.Contains(s, "Not proof of cause") {
		t.Errorf("causation note: %q", s)
	}
	if s := text(t, ctx, "#model-table"); !strings.Contains(s, "events") {
		t.Errorf("numbers per level: %q", s)
	}
	shot(ctx, "outcome-model.png")

	// A patient's page: the first with a course that has an estimate.
	found := false
	for id := 2; id <= 40 && !found; id++ {
		if err := chromedp.Do(ctx,
			chromedp.Navigate(fmt.Sprintf("%s/patients/%d", d.url, id)),
			chromedp.WaitVisible(chromedp.ID("questionnaires")),
		); err != nil {
			t.Fatal(err)
		}
		found, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("like-you-table") !== null`))
		if err != nil {
			t.Fatal(err)
		}
	}
	if !found {
		t.Fatal("no patient among the first 40 has a 'patients like this one' estimate")
	}
	s := text(t, ctx, "#like-you")
	for _, want := range []string{"Patients like this one", "24 h (+ 4 h)", "7 days (+ 1 day)", "28 days (+ 3 days)", "not a promise", "Comparable courses"} {
		if !strings.Contains(s, want) {
			t.Errorf("estimate lacks %q: %q", want, s)
		}
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#like-you-table tbody tr").length`))
	if err != nil || rows != 3 {
		t.Errorf("%d readouts (%v), want 3", rows, err)
	}
	shot(ctx, "like-you.png")

	// The demo's portal patient reads it in plain words on "what to expect".
	pctx := browser(t)
	if err := signIn(pctx, d, "patient", "onset-demo-password"); err != nil {
		t.Fatal(err)
	}
	own := location(t, pctx)
	if err := chromedp.Do(pctx,
		chromedp.Navigate(own+"/expect"),
		chromedp.WaitVisible(chromedp.ID("like-you")),
	); err != nil {
		t.Fatalf("the patient's estimate on what to expect: %v", err)
	}
	s = text(t, pctx, "#like-you")
	for _, want := range []string{"For people like you", "within 24 h of the first session", "within 28 days", "not a promise"} {
		if !strings.Contains(s, want) {
			t.Errorf("the patient's estimate lacks %q: %q", want, s)
		}
	}
	shot(pctx, "like-you-portal.png")
}

// shot saves a screenshot when ONSET_E2E_SCREENSHOTS names a folder.
func shot(ctx context.Context, name string) {
	if dir := os.Getenv("ONSET_E2E_SCREENSHOTS"); dir != "" {
		if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(dir, name), png, 0o644)
		}
	}
}
