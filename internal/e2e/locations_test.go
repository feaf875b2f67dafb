package e2e

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserTwoLocations: the demo organization's administrator works
// in the first clinic, switches to the second from the menu and sees that
// clinic's own calendar and ledger (none of the first's patients or
// containers), and switches back; a nurse of the second clinic is refused
// the first clinic's patient and is offered no switch.
func TestBrowserTwoLocations(t *testing.T) {
	d := startDemo(t)
	ctx := browser(t)
	signInWithTOTP(t, ctx, d, "admin")
	if h := text(t, ctx, "h1"); h != "Onset Demo Clinic" {
		t.Fatalf("home heading %q", h)
	}
	first := clinicView(t, ctx, d)
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("clinic-choice"), optionValue(t, ctx, "Onset Demo Eastside")),
		nextPage(chromedp.Click(chromedp.CSS("#clinic-switch button"))),
	); err != nil {
		t.Fatal(err)
	}
	if f := text(t, ctx, "p.flash"); f != "You are working in Onset Demo Eastside." {
		t.Errorf("after the switch: %q", f)
	}
	if h := text(t, ctx, "h1"); h != "Onset Demo Eastside" {
		t.Errorf("home heading after the switch %q", h)
	}
	east := clinicView(t, ctx, d)
	if len(first.containers) == 0 || len(east.containers) == 0 || len(first.patients) == 0 || len(east.patients) == 0 {
		t.Fatalf("empty clinic views: first %+v, east %+v", first, east)
	}
	for _, c := range east.containers {
		if slices.Contains(first.containers, c) {
			t.Errorf("ledger container %s in both clinics", c)
		}
	}
	for _, p := range east.patients {
		if slices.Contains(first.patients, p) {
			t.Errorf("calendar patient %s in both clinics", p)
		}
	}
	// The first clinic's patient is not found from the second.
	if err := chromedp.Do(ctx, nextPage(chromedp.Navigate(d.url+first.patients[0]))); err != nil {
		t.Fatal(err)
	}
	if h := text(t, ctx, "h1"); h != "Not found" {
		t.Errorf("the first clinic's patient from the second: %q", h)
	}

	// A nurse of the second clinic: no switch, the first clinic's patient refused.
	nurse := browser(t)
	if err := chromedp.Do(nurse,
		chromedp.Navigate(d.url+"/login"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), d.location["nurse"][0]),
		chromedp.SendKeys(chromedp.ID("password"), "onset-demo-password"),
		nextPage(chromedp.Submit(chromedp.ID("password"))),
		chromedp.WaitVisible(chromedp.CSS(`nav a[href="/account"]`)),
	); err != nil {
		t.Fatal(err)
	}
	if n, err := chromedp.Run(nurse, chromedp.Evaluate[int](`document.querySelectorAll("#clinic-switch").length`)); err != nil || n != 0 {
		t.Errorf("the second clinic's nurse is offered a clinic switch (%d, %v)", n, err)
	}
	if err := chromedp.Do(nurse, nextPage(chromedp.Navigate(d.url+first.patients[0]))); err != nil {
		t.Fatal(err)
	}
	if h := text(t, nurse, "h1"); h != "Not found" {
		t.Errorf("the first clinic's patient, for the second clinic's nurse: %q", h)
	}
}

// clinicSeen is what the calendar's week and the ledger show of a clinic.
type clinicSeen struct {
	patients   []string // links to patients' appointments, as paths
	containers []string // ledger container element IDs
}

func clinicView(t *testing.T, ctx context.Context, d demoServer) clinicSeen {
	t.Helper()
	var v clinicSeen
	if err := chromedp.Do(ctx, nextPage(chromedp.Navigate(d.url+"/calendar?view=week"))); err != nil {
		t.Fatal(err)
	}
	links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...new Set([...document.querySelectorAll('main a[href^="/patients/"]')].map(a => new URL(a.href).pathname.replace(/\/appointments$/, "")))]`))
	if err != nil {
		t.Fatal(err)
	}
	v.patients = links
	if err := chromedp.Do(ctx, nextPage(chromedp.Navigate(d.url+"/ledger")), chromedp.WaitVisible(chromedp.ID("ledger-containers"))); err != nil {
		t.Fatal(err)
	}
	if v.containers, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('#ledger-containers [id^="container-"]')].map(e => e.id)`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, nextPage(chromedp.Navigate(d.url+"/"))); err != nil {
		t.Fatal(err)
	}
	return v
}

// optionValue is the value of the clinic switcher's option named name.
func optionValue(t *testing.T, ctx context.Context, name string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`([...document.querySelectorAll("#clinic-choice option")].find(o => o.textContent.trim() === `+strings.ReplaceAll(`"NAME"`, "NAME", name)+`) || {value: ""}).value`))
	if err != nil || v == "" {
		t.Fatalf("no switcher option %q (%v)", name, err)
	}
	return v
}
