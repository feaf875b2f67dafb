package e2e

import (
	"bytes"
	"compress/zlib"
	"context"
	"io"
	"regexp"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// printedPage is what one printed page draws: text-showing and
// line-drawing operations (a chart draws lines; a title alone none).
type printedPage struct{ text, lines int }

// printedPages prints the open page to PDF as Chromium's print does and
// returns what each page draws.
func printedPages(t *testing.T, ctx context.Context) []printedPage {
	t.Helper()
	pdf, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		r, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var pages []printedPage
	for _, m := range regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`).FindAllSubmatch(pdf, -1) {
		zr, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(zr)
		if n := bytes.Count(b, []byte("TJ")) + bytes.Count(b, []byte("Tj")); n > 0 { // fonts and images draw no text
			pages = append(pages, printedPage{text: n, lines: bytes.Count(b, []byte(" l\n"))})
		}
	}
	return pages
}

// Printing the outcomes dashboard starts on page 1: the first section
// breaks between its chart and table rather than leaving page 1 with the
// title alone (it did: page 1 drew no line at all, its chart on page 2).
func TestBrowserOutcomesPrintStartsOnPage1(t *testing.T) {
	d := startDemo(t)
	ctx := browser(t)
	signInWithTOTP(t, ctx, d, "clinician")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(d.url+"/outcomes"),
		chromedp.WaitVisible(chromedp.CSS("section.outcome svg.chart"))); err != nil {
		t.Fatal(err)
	}
	pages := printedPages(t, ctx)
	if len(pages) < 2 || pages[0].lines < 10 {
		t.Errorf("printed pages (text, line operations) %v: page 1 holds no chart", pages)
	}
}
