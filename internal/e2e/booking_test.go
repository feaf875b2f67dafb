package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The front desk opens the day view and sees the demo's bookings in the
// treatment chairs (the demo books the week from the start of today, in
// the clinic's zone, UTC), on a phone-width screen; then the week view.
func TestBrowserFrontDeskDayViewShowsDemoBookingsPerChair(t *testing.T) {
	d := startDemo(t)
	ctx := browser(t)
	if err := signIn(ctx, d, "frontdesk", "onset-demo-password"); err != nil {
		t.Fatal(err)
	}
	day := time.Now().UTC()
	for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
		day = day.AddDate(0, 0, 1)
	}
	if err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS(`nav a[href="/account"]`)),
		chromedp.Navigate(d.url+"/calendar?date="+day.Format(time.DateOnly)),
		chromedp.WaitVisible(chromedp.ID("cal-chairs")),
	); err != nil {
		t.Fatal(err)
	}
	if h := text(t, ctx, "#calendar-title"); h != day.Format("Monday 2 January 2006") {
		t.Errorf("day view title %q", h)
	}
	// Each chair's column of the time grid with its bookings: name and count.
	cols, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#cal-chairs .cal-head')).map(
		h => h.firstChild.textContent.trim() + '=' + document.querySelectorAll('#cal-chairs .cal-appt.' +
			[...h.classList].find(c => /^gc\d+$/.test(c)) + ' a.cal-patient').length)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(cols) != 8 || !strings.HasPrefix(cols[0], "Chair 1=") {
		t.Fatalf("chair and room columns %v, want Chair 1–6 and Rooms A, B", cols)
	}
	booked := 0
	for _, c := range cols[:6] {
		if !strings.HasSuffix(c, "=0") {
			booked++
		}
	}
	if booked == 0 {
		t.Errorf("no treatment chair shows a booking today: %v", cols)
	}
	first := text(t, ctx, "#cal-chairs .cal-appt")
	if !strings.Contains(first, "plan session") || !strings.Contains(first, "–") {
		t.Errorf("a chair's first booking reads %q; want a time range and its plan session", first)
	}
	// On a phone the grid scrolls inside its box; the page does not.
	view, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[window.innerWidth, document.documentElement.scrollWidth]`))
	if err != nil || len(view) != 2 || view[1] > view[0] {
		t.Errorf("the day view scrolls sideways on a phone: %v %v", view, err)
	}
	// The chair's patient: their appointments page, then their record's
	// upcoming-appointments box (filled by booking.js from the API).
	href, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("#cal-chairs .cal-appt a.cal-patient"), "href"))
	if err != nil || !href.Exists {
		t.Fatalf("patient link: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(d.url+href.Value), chromedp.WaitVisible(chromedp.ID("upcoming"))); err != nil {
		t.Fatal(err)
	}
	if s := text(t, ctx, "#upcoming .cal-item"); !strings.Contains(s, "plan session") {
		t.Errorf("the patient's appointments page lists %q first", s)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(d.url+strings.TrimSuffix(href.Value, "/appointments")),
		chromedp.WaitVisible(chromedp.CSS("#patient-upcoming li"))); err != nil {
		t.Fatalf("the patient page shows no upcoming appointment: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(d.url+"/calendar?date="+day.Format(time.DateOnly)),
		nextPage(chromedp.Click(chromedp.ID("cal-week"))), chromedp.WaitVisible(chromedp.CSS(".cal-week"))); err != nil {
		t.Fatal(err)
	}
	if h := text(t, ctx, "#calendar-title"); !strings.HasPrefix(h, "Week of Monday") {
		t.Errorf("week view title %q", h)
	}
}
