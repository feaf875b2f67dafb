package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A nurse opens the controlled-substance ledger of the demo clinic on a
// phone-width screen: the demo's containers and entries reconcile (no
// banner); a short count entered in the form raises the discrepancy banner
// with the DEA deadlines.
func TestBrowserNurseCountsStockShort(t *testing.T) {
	d := startDemo(t)
	ctx := browser(t)
	if err := signIn(ctx, d, "nurse", "onset-demo-password"); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS(`nav a[href="/account"]`)),
		chromedp.Navigate(d.url+"/ledger"),
		chromedp.WaitVisible(chromedp.ID("ledger-containers")),
	); err != nil {
		t.Fatal(err)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#ledger-containers tbody tr[id^=container-]').length`))
	if err != nil || n < 1 {
		t.Fatalf("demo containers: %d %v", n, err)
	}
	if banner, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.getElementById('ledger-discrepancy')`)); banner {
		t.Fatal("the demo ledger shows a discrepancy")
	}
	if entries := text(t, ctx, "#ledger-entries"); !strings.Contains(entries, "draw") || !strings.Contains(entries, "count") {
		t.Errorf("entries table lacks draws or counts: %s", entries)
	}
	// Count a ketamine vial at 1 mg, far below its book balance.
	vial, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll('#ledger-containers tbody tr'))
		.filter(r => r.textContent.includes('ketamine vial'))[0].id.replace('container-', '')`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("count-open")),
		chromedp.WaitVisible(chromedp.ID("ct-mg")),
		chromedp.SetValue(chromedp.ID("ct-container"), vial),
		chromedp.SendKeys(chromedp.ID("ct-mg"), "1"),
		nextPage(chromedp.Click(chromedp.ID("count-submit"))),
		chromedp.WaitVisible(chromedp.CSS("#ledger-discrepancy, #ledger-error")),
	); err != nil {
		t.Fatal(err)
	}
	if b := text(t, ctx, "#ledger-discrepancy"); !strings.Contains(b, "shortage") || !strings.Contains(b, "DEA Form 106") ||
		!strings.Contains(b, "1 business day") {
		t.Errorf("banner %q", b)
	}
}
