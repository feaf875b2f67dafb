package e2e

import (
	"context"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/custody"
	"onset/internal/service/plans"
	"onset/internal/store"
	"onset/internal/store/storetest"
	"onset/internal/web"
)

// testClock is the server's clock, moved by the test so that an hour of
// monitoring passes in a moment.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func (c *testClock) Set(t time.Time)         { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// treatmentServer runs the web application on a fresh database with a
// nurse, a clinician and a patient whose IV plan is signed.
func treatmentServer(t *testing.T) (url string, patientID int64, clock *testClock) {
	env := newTreatmentEnv(t, 24*time.Hour)
	return env.url, env.patientID, env.clock
}

// treatmentEnv is a running clinic for session tests: its service and
// staff, to set a scene directly, and its address, for the browser. Its
// session pages refresh their live parts every second.
type treatmentEnv struct {
	url         string
	patientID   int64
	clock       *testClock
	svc         *app.App
	nurse, clin service.Actor
	db          *store.DB
}

func newTreatmentEnv(t *testing.T, idle time.Duration) treatmentEnv {
	t.Helper()
	ctx := t.Context()
	clock := &testClock{t: time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)}
	db := storetest.Open(t, store.SQLite)
	svc := app.New(db.Ports(), service.Config{Passwords: auth.TestParams, Now: clock.Now,
		SessionIdle: idle, SessionMax: 24 * time.Hour})
	cl, err := svc.EnsureClinic(ctx, "Test clinic")
	if err != nil {
		t.Fatal(err)
	}
	sys := service.System(cl.ID)
	pt, err := svc.CreatePatient(ctx, sys, record.NewPatient{MRN: "IV-1", GivenName: "Iris", FamilyName: "Vega", Sex: "female",
		BirthDate: "1984-03-02", Conditions: []string{"depression"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range []clinic.Role{clinic.RoleNurse, clinic.RoleClinician} {
		if _, err := svc.CreateUser(ctx, sys, record.NewUser{Email: string(role) + "@example.org", Name: "Test " + string(role),
			Role: role, Password: "a test password"}); err != nil {
			t.Fatal(err)
		}
	}
	u, err := svc.Users(ctx, sys)
	if err != nil {
		t.Fatal(err)
	}
	var clin, nurse service.Actor
	for _, x := range u {
		switch x.Role {
		case clinic.RoleClinician:
			clin = service.Actor{UserID: x.ID, ClinicID: cl.ID, Role: x.Role, Name: x.Name}
		case clinic.RoleNurse:
			nurse = service.Actor{UserID: x.ID, ClinicID: cl.ID, Role: x.Role, Name: x.Name}
		}
	}
	// The clinic keeps its ledger in Onset: one 50 mg vial of the lot the nurse will use.
	if _, err := svc.ReceiveStock(ctx, nurse, custody.LedgerReceiveInput{Drug: "ketamine", Form: "vial", NDC: "0409-2051-05",
		Lot: "KET-2291", Expires: "2027-03-31", ConcentrationMgPerML: 10, ML: 5, Invoice: "INV-E2E", Supplier: "Wholesaler"}); err != nil {
		t.Fatal(err)
	}
	plan, err := svc.CreatePlan(ctx, clin, pt.ID, plans.PlanInput{TemplateID: "iv-ketamine-induction", WeightKg: 70,
		Start: "2026-06-01", Weekdays: []time.Weekday{time.Monday, time.Wednesday, time.Friday}, ConcentrationMgPerML: 10, DiluentML: 100})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SignPlan(ctx, clin, pt.ID, plan.ID); err != nil {
		t.Fatal(err)
	}
	h, err := web.New(svc, web.Options{Now: clock.Now, LiveRefresh: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return treatmentEnv{url: srv.URL, patientID: pt.ID, clock: clock, svc: svc, nurse: nurse, clin: clin, db: db}
}

// A nurse runs an IV session in the browser from check-in to discharge:
// vitals entered on the grid, a BP alert raised and acknowledged,
// discharge blocked until the criteria pass.
func TestBrowserNurseRunsIVSession(t *testing.T) {
	base, patientID, clock := treatmentServer(t)
	ctx := browser(t)
	// fill types values into fields by id, replacing what they held.
	fill := func(pairs ...string) chromedp.Action[chromedp.Void] {
		return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			for i := 0; i < len(pairs); i += 2 {
				// chromedp's SetValue refuses an empty value, so clear the field in script.
				clear := chromedp.Evaluate[bool](`(document.getElementById(` + strconv.Quote(pairs[i]) + `).value = "", true)`)
				if _, err := clear(ctx, tg); err != nil {
					return chromedp.Void{}, err
				}
				if _, err := chromedp.SendKeys(chromedp.ID(pairs[i]), pairs[i+1])(ctx, tg); err != nil {
					return chromedp.Void{}, err
				}
			}
			return chromedp.Void{}, nil
		}
	}
	submit := func(sel string) chromedp.Action[chromedp.Void] { return nextPage(chromedp.Click(chromedp.CSS(sel))) }
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), "nurse@example.org"),
		chromedp.SendKeys(chromedp.ID("password"), "a test password"),
		nextPage(chromedp.Submit(chromedp.ID("password"))),
		chromedp.Navigate(base+"/patients/"+strconv.FormatInt(patientID, 10)+"/treatment"),
		chromedp.WaitVisible(chromedp.ID("checkin-form")),
		chromedp.Click(chromedp.ID("chk-identity")),
		chromedp.Click(chromedp.ID("chk-consent")),
		chromedp.Click(chromedp.ID("chk-npo")),
		chromedp.Click(chromedp.ID("chk-adult")),
		chromedp.SetValue(chromedp.ID("chk-pregnancy"), "negative"),
		fill("base-systolic", "124", "base-diastolic", "78", "base-hr", "72", "base-spo2", "98", "base-rr", "14"),
		submit("#checkin-submit"),
		chromedp.WaitVisible(chromedp.ID("dose-form")),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(t, ctx, "#session-status"); s != "ready" {
		t.Fatalf("status after check-in %q", s)
	}
	// The dose: prefilled from the plan (35 mg, 3.5 mL, 155.3 mL/h); the nurse adds the
	// lot, draws from the vial in stock and wastes the other 15 mg with the clinician as witness.
	clock.Advance(5 * time.Minute) // 08:05
	vial, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("#dose-container option:nth-child(2)"), "value"))
	if err != nil || vial.Value == "" {
		t.Fatalf("no vial offered in the dose form: %v", err)
	}
	witness, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("#dose-witness option:nth-child(2)"), "value"))
	if err != nil || witness.Value == "" {
		t.Fatalf("no witness offered: %v", err)
	}
	if err := chromedp.Do(ctx,
		fill("dose-lot", "KET-2291"),
		chromedp.SetValue(chromedp.ID("dose-expiry"), "2027-03-31"),
		fill("dose-start", "08:05", "dose-end", "08:45"),
		chromedp.SetValue(chromedp.ID("dose-container"), vial.Value),
		fill("dose-waste", "15"),
		chromedp.SetValue(chromedp.ID("dose-witness"), witness.Value),
		fill("dose-witness-password", "a test password"),
	); err != nil {
		t.Fatal(err)
	}
	clock.Advance(40 * time.Minute) // 08:45, the infusion has ended
	if err := chromedp.Do(ctx, submit("#dose-submit"), chromedp.WaitVisible(chromedp.ID("dose-record"))); err != nil {
		t.Fatal(err)
	}
	if d := text(t, ctx, "#dose-record"); !strings.Contains(d, "35 mg (0.5 mg/kg)") || !strings.Contains(d, "KET-2291") || !strings.Contains(d, "155.3 mL/h") {
		t.Fatalf("dose record %q", d)
	}
	// The ledger shows the vial emptied: 35 mg drawn for the dose, 15 mg wasted with the witness.
	session, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/ledger"), chromedp.WaitVisible(chromedp.ID("ledger-containers"))); err != nil {
		t.Fatal(err)
	}
	if b := text(t, ctx, chromedp.CSS("#container-"+vial.Value+" .balance")); b != "0 mg" {
		t.Errorf("vial balance after the dose and the witnessed waste: %q", b)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(session), chromedp.WaitVisible(chromedp.ID("dose-record"))); err != nil {
		t.Fatal(err)
	}
	// Vitals on the grid: keyboard entry, field to field with Tab.
	entry := func(sys, dia, hr, spo2, rr, moaas, at string) {
		t.Helper()
		if err := chromedp.Do(ctx,
			chromedp.WaitVisible(chromedp.ID("v-systolic")),
			chromedp.Focus(chromedp.ID("v-systolic")),
			chromedp.KeyEvent(sys+"\t"+dia+"\t"+hr+"\t"+spo2+"\t"+rr+"\t"),
			fill("v-moaas", moaas, "v-time", at),
			submit("#v-submit"),
			chromedp.WaitVisible(chromedp.ID("vitals-grid")),
		); err != nil {
			t.Fatal(err)
		}
	}
	entry("132", "82", "80", "98", "14", "5", "08:15")
	entry("171", "96", "84", "97", "14", "4", "08:45")
	// The BP rise (+47 systolic) raises an alert, shown at once.
	if n := text(t, ctx, "#open-alert-count"); n != "1 open" {
		t.Fatalf("open alerts %q", n)
	}
	if a := text(t, ctx, "#alerts .alert-open"); !strings.Contains(a, "171/96 is up +47/+18 mmHg") {
		t.Fatalf("alert %q", a)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#vitals-grid tbody tr").length`))
	if err != nil || rows != 3 {
		t.Fatalf("grid rows %d %v", rows, err)
	}
	// Discharge now is blocked, with the reasons listed.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("dc-oriented")), chromedp.Click(chromedp.ID("dc-adult")),
		submit("#dc-submit"), chromedp.WaitVisible(chromedp.ID("form-error"))); err != nil {
		t.Fatal(err)
	}
	if e := text(t, ctx, "#form-error"); !strings.Contains(e, "Minimum monitoring time") || !strings.Contains(e, "1 alert(s) not yet acknowledged") {
		t.Fatalf("discharge error %q", e)
	}
	// Acknowledge the alert with the action taken.
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#alerts .ack-form select"), "observed and rechecked"),
		chromedp.SendKeys(chromedp.CSS("#alerts .ack-form input[name=note]"), "Calm, no symptoms; recheck in 10 min."),
		submit("#alerts .ack-form button"),
		chromedp.WaitVisible(chromedp.ID("vitals-grid")),
	); err != nil {
		t.Fatal(err)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#alerts .alert-open").length`)); n != 0 {
		t.Fatalf("%d alerts still open", n)
	}
	clock.Advance(65 * time.Minute) // 09:50: 65 minutes after the infusion ended
	if err := chromedp.Do(ctx, chromedp.Navigate(base+location(t, ctx)[len(base):])); err != nil {
		t.Fatal(err)
	}
	if b := text(t, ctx, "#discharge-blockers"); !strings.Contains(b, "older than 30 minutes") {
		t.Fatalf("blockers %q", b)
	}
	entry("128", "80", "74", "98", "14", "5", "")
	if r := text(t, ctx, "#discharge-ready"); !strings.Contains(r, "allow discharge") {
		t.Fatalf("discharge readiness %q", r)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("dc-oriented")), chromedp.Click(chromedp.ID("dc-adult")),
		submit("#dc-submit"), chromedp.WaitVisible(chromedp.ID("discharge-record"))); err != nil {
		t.Fatal(err)
	}
	if s := text(t, ctx, "#session-status"); s != "discharged" {
		t.Fatalf("status %q", s)
	}
	// The page fits a phone-width screen: no sideways scrolling.
	view, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[window.innerWidth, document.documentElement.scrollWidth]`))
	if err != nil || len(view) != 2 || view[1] > view[0] {
		t.Errorf("page %v wider than the viewport (%v)", view, err)
	}
}
