package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"onset/internal/clinic"
	"onset/internal/record"
)

// The front desk books by clicking an empty quarter hour of the day's
// time grid and moves the visit by dragging it to another time; the grid
// shows it where it went, and the patient is told.
func TestBrowserFrontDeskBooksByClickMovesByDrag(t *testing.T) {
	m := newMessageClinic(t)
	ctx := t.Context()
	if _, err := m.svc.CreateUser(ctx, m.sys, record.NewUser{Email: "desk@example.org", Name: "Dana Desk", Role: clinic.RoleFrontDesk,
		Password: "a test password"}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.svc.CreatePatient(ctx, m.sys, record.NewPatient{MRN: "CAL-1", GivenName: "Cleo", FamilyName: "Marsh", Sex: "female",
		BirthDate: "1988-08-08", Email: "cleo@example.org"}); err != nil {
		t.Fatal(err)
	}
	desk := browser(t)
	if err := chromedp.Do(desk,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(m.url+"/login"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), "desk@example.org"),
		chromedp.SendKeys(chromedp.ID("password"), "a test password"),
		nextPage(chromedp.Submit(chromedp.ID("password"))),
		chromedp.Navigate(m.url+"/calendar?date=2026-03-03"),
		chromedp.WaitVisible(chromedp.ID("cal-chairs")),
	); err != nil {
		t.Fatal(err)
	}
	// Room A's 10:00, clicked.
	slot := `#cal-chairs a.cal-slot[aria-label="Book Room A at 10:00"]`
	if err := chromedp.Do(desk,
		nextPage(chromedp.Click(chromedp.CSS(slot))),
		chromedp.WaitVisible(chromedp.ID("calendar-book-form")),
	); err != nil {
		t.Fatal(err)
	}
	if h := text(t, desk, "h1"); h != "Book Tuesday 3 March 2026, 10:00" {
		t.Errorf("the booking form is for %q", h)
	}
	if err := chromedp.Do(desk,
		chromedp.SendKeys(chromedp.ID("book-patient"), "CAL-1"),
		chromedp.SetValue(chromedp.ID("book-kind"), "consultation"),
		nextPage(chromedp.Click(chromedp.ID("book-submit"))),
		chromedp.WaitVisible(chromedp.CSS("#cal-chairs .cal-appt")),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(t, desk, "#cal-chairs .cal-appt"); !strings.Contains(s, "10:00–") || !strings.Contains(s, "Cleo Marsh") {
		t.Fatalf("the booked visit reads %q", s)
	}
	if f := text(t, desk, "p.flash"); !strings.Contains(f, "Booked Cleo Marsh") {
		t.Errorf("the notice reads %q", f)
	}
	// Dragged to Room A's 14:00. The page's drag-and-drop handlers get the
	// events a browser fires for a mouse drag (dragstart, dragover, drop).
	drag := func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Evaluate[bool](`(() => {
			const appt = document.querySelector("#cal-chairs .cal-appt[draggable]");
			const to = document.querySelector('#cal-chairs a.cal-slot[aria-label="Book Room A at 14:00"]');
			const dt = new DataTransfer();
			appt.dispatchEvent(new DragEvent("dragstart", {bubbles: true, dataTransfer: dt}));
			to.dispatchEvent(new DragEvent("dragover", {bubbles: true, cancelable: true, dataTransfer: dt}));
			return to.dispatchEvent(new DragEvent("drop", {bubbles: true, cancelable: true, dataTransfer: dt}));
		})()`)(ctx, tg)
		return chromedp.Void{}, err
	}
	if err := chromedp.Do(desk, nextPage(drag)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(desk, chromedp.WaitVisible(chromedp.CSS(`#cal-chairs a.cal-slot[aria-label="Book Room A at 10:00"]`))); err != nil {
		t.Fatalf("10:00 did not come free after the drop: %v", err)
	}
	if s := text(t, desk, "#cal-chairs .cal-appt"); !strings.Contains(s, "14:00–") {
		t.Errorf("after the drop the visit reads %q", s)
	}
	if f := text(t, desk, "p.flash"); !strings.Contains(f, "Moved Cleo Marsh to Tue 3 Mar 14:00") {
		t.Errorf("the notice reads %q", f)
	}
	// Pointing at a visit marks the patient's visits (their series) on the page.
	marked, err := chromedp.Run(desk, chromedp.Evaluate[int](`(() => {
		document.querySelector("#cal-chairs .cal-appt").dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
		return document.querySelectorAll(".cal-appt.same-patient").length; })()`))
	if err != nil || marked != 2 { // the chair's block and the provider's
		t.Errorf("%d visits marked for the patient (%v), want 2", marked, err)
	}
	// The patient hears of the booking and of the move.
	m.deliver(t)
	if got := withSubject(m.mailTo(t, "cleo@example.org"), "Moved: your consultation is now on Tue 3 Mar at 14:00"); len(got) != 1 {
		t.Errorf("the move's notice: %+v", m.mailTo(t, "cleo@example.org"))
	}
}
