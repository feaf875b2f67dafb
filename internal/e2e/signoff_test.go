package e2e

import (
	"context"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/plans"
	"onset/internal/service/treatment"
	"onset/internal/session"
	"onset/internal/store"
	"onset/internal/store/storetest"
	"onset/internal/web"
)

// signoffServer runs the web application with an IV session already
// discharged by a nurse, and a clinician whose two-step sign-in is set up.
func signoffServer(t *testing.T) (url string, sessionID int64, totpSecret string, clock *testClock) {
	t.Helper()
	ctx := t.Context()
	clock = &testClock{t: time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)}
	db := storetest.Open(t, store.SQLite)
	svc := app.New(db.Ports(), service.Config{Passwords: auth.TestParams, Now: clock.Now,
		SessionIdle: 24 * time.Hour, SessionMax: 24 * time.Hour})
	cl, err := svc.EnsureClinic(ctx, "Test clinic")
	if err != nil {
		t.Fatal(err)
	}
	sys := service.System(cl.ID)
	pt, err := svc.CreatePatient(ctx, sys, record.NewPatient{MRN: "IV-2", GivenName: "Ada", FamilyName: "Lind", Sex: "female",
		BirthDate: "1979-05-12", Conditions: []string{"depression"}})
	if err != nil {
		t.Fatal(err)
	}
	actors := map[clinic.Role]service.Actor{}
	for _, role := range []clinic.Role{clinic.RoleNurse, clinic.RoleClinician} {
		u, err := svc.CreateUser(ctx, sys, record.NewUser{Email: string(role) + "@example.org", Name: "Test " + string(role),
			Role: role, Password: "a test password"})
		if err != nil {
			t.Fatal(err)
		}
		actors[role] = service.Actor{UserID: u.ID, ClinicID: cl.ID, Role: role, Name: u.Name}
	}
	clin, nurse := actors[clinic.RoleClinician], actors[clinic.RoleNurse]
	if totpSecret, _, err = auth.NewTOTP("Onset", "clinician@example.org"); err != nil {
		t.Fatal(err)
	}
	if err := db.WithTx(ctx, func(tx *store.Queries) error { return tx.SetTOTP(ctx, clin.UserID, totpSecret, true) }); err != nil {
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
	v := func(sys, dia int) treatment.VitalsInput {
		return treatment.VitalsInput{Vitals: sessionVitals(sys, dia)}
	}
	ts, err := svc.CheckInPatient(ctx, nurse, pt.ID, treatment.CheckIn{Checklist: record.Checklist{IdentityConfirmed: true,
		ConsentCurrent: true, NothingByMouth: true, ResponsibleAdult: true, Pregnancy: record.PregnancyNegative},
		PlannedDoseMg: 35, Baseline: sessionVitals(124, 78)})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(45 * time.Minute)
	if _, err := svc.RecordDose(ctx, nurse, ts.ID, treatment.DoseInput{DoseMg: 35, ConcentrationMgPerML: 10, VolumeML: 3.5,
		RateMLPerHour: 155.3, DurationMin: 40, LotNumber: "KET-7", LotExpiry: "2027-03-31", Start: "08:05", End: "08:45"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.RecordVitals(ctx, nurse, ts.ID, v(130, 82)); err != nil {
		t.Fatal(err)
	}
	clock.Advance(65 * time.Minute)
	if _, _, err := svc.RecordVitals(ctx, nurse, ts.ID, v(126, 80)); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Discharge(ctx, nurse, ts.ID, treatment.DischargeInput{AlertOriented: true, AdultPresent: true,
		Instructions: "No driving until tomorrow."}); err != nil {
		t.Fatal(err)
	}
	h, err := web.New(svc, web.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL, ts.ID, totpSecret, clock
}

func sessionVitals(sys, dia int) session.Vitals {
	return session.Vitals{Systolic: sys, Diastolic: dia, HeartRate: 72, SpO2: 98, RespRate: 14, Sedation: 5}
}

// The clinician signs the discharged session in the browser: the page
// shows it signed and locked with every form control that could change
// the record gone; an addendum is then added under the record.
func TestBrowserClinicianSignsSession(t *testing.T) {
	base, sid, secret, clock := signoffServer(t)
	ctx := browser(t)
	code, err := auth.TOTPCode(secret, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	page := base + "/treatment/" + strconv.FormatInt(sid, 10)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), "clinician@example.org"),
		chromedp.SendKeys(chromedp.ID("password"), "a test password"),
		nextPage(chromedp.Submit(chromedp.ID("password"))),
		chromedp.WaitVisible(chromedp.ID("code")),
		chromedp.SendKeys(chromedp.ID("code"), code),
		nextPage(chromedp.Submit(chromedp.ID("code"))),
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.ID("sign-form")),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(t, ctx, "#session-status"); s != "discharged" {
		t.Fatalf("status %q", s)
	}
	clock.Advance(10 * time.Minute) // 10:00
	if err := chromedp.Do(ctx, nextPage(chromedp.Click(chromedp.ID("sign-submit"))), chromedp.WaitVisible(chromedp.ID("signoff-record"))); err != nil {
		t.Fatal(err)
	}
	if s := text(t, ctx, "#session-locked"); s != "signed · locked" {
		t.Errorf("lock badge %q", s)
	}
	if s := text(t, ctx, "#signoff-record"); !strings.Contains(s, "Signed by Test clinician on 2026-06-01 10:00 UTC") || !strings.Contains(s, "locked") {
		t.Errorf("sign-off %q", s)
	}
	// Nothing on the page can change the record any more: the only form
	// left in the session is the addendum's.
	forms, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(".session-page form")).map(f => f.id || f.action)`))
	if err != nil || len(forms) != 1 || forms[0] != "addendum-form" {
		t.Fatalf("forms on the signed page: %v %v", forms, err)
	}
	controls, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".session-page input:not([type=hidden]), .session-page select, .session-page button:not(#addendum-submit)").length`))
	if err != nil || controls != 0 {
		t.Errorf("%d form controls left on the signed page (%v)", controls, err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("addendum-text"), "Phoned the next morning: slept well, no nausea."),
		nextPage(chromedp.Click(chromedp.ID("addendum-submit"))),
		chromedp.WaitVisible(chromedp.CSS("#addenda .addendum")),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(t, ctx, "#addenda .addendum"); !strings.Contains(s, "Phoned the next morning") || !strings.Contains(s, "Signed by Test clinician (clinician)") {
		t.Errorf("addendum %q", s)
	}
	if s := text(t, ctx, "#session-locked"); s != "signed · locked" {
		t.Errorf("after the addendum, lock badge %q", s)
	}
	// Printed, the page shows the record, the signature and the addenda,
	// without navigation or forms.
	printMedia := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	})
	if err := chromedp.Do(ctx, printMedia); err != nil {
		t.Fatal(err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]bool](`(() => {
		const vis = sel => { const e = document.querySelector(sel); return !!e && getComputedStyle(e).display !== "none" && e.getClientRects().length > 0; };
		return {nav: vis("header.top"), form: vis("#addendum-form"), record: vis("#vitals-grid"), dose: vis("#dose-record"),
			signature: vis("#signoff-record"), addendum: vis("#addenda .addendum"), patient: vis(".print-only")};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"nav": false, "form": false, "record": true, "dose": true, "signature": true, "addendum": true, "patient": true}
	for k, v := range want {
		if shown[k] != v {
			t.Errorf("printed page: %s shown = %v, want %v", k, shown[k], v)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	// The page fits a phone-width screen: no sideways scrolling.
	view, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[window.innerWidth, document.documentElement.scrollWidth]`))
	if err != nil || len(view) != 2 || view[1] > view[0] {
		t.Errorf("page %v wider than the viewport (%v)", view, err)
	}
}
