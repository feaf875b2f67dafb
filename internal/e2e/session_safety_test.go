package e2e

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"onset/internal/auth"
	"onset/internal/record"
	"onset/internal/service/treatment"
	"onset/internal/session"
	"onset/internal/store"
)

// dosedSession checks the patient in and records a 40-minute IV dose
// through the service, as the nurse, starting now on the test clock.
func dosedSession(t *testing.T, env treatmentEnv) int64 {
	t.Helper()
	ctx := t.Context()
	ts, err := env.svc.CheckInPatient(ctx, env.nurse, env.patientID, treatment.CheckIn{
		Checklist: record.Checklist{IdentityConfirmed: true, ConsentCurrent: true, NothingByMouth: true, ResponsibleAdult: true,
			Pregnancy: record.PregnancyNegative},
		PlannedDoseMg: 35, Baseline: session.Vitals{Systolic: 122, Diastolic: 78, HeartRate: 72, SpO2: 98, RespRate: 14}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.svc.RecordDose(ctx, env.nurse, ts.ID, treatment.DoseInput{DoseMg: 35, ConcentrationMgPerML: 10, VolumeML: 3.5,
		RateMLPerHour: 155.3, DurationMin: 40, LotNumber: "KET-2291", LotExpiry: "2027-03-31"}); err != nil {
		t.Fatal(err)
	}
	return ts.ID
}

func nurseSignsIn(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), "nurse@example.org"),
		chromedp.SendKeys(chromedp.ID("password"), "a test password"),
		nextPage(chromedp.Submit(chromedp.ID("password"))),
	); err != nil {
		t.Fatal(err)
	}
}

// waitRefreshes waits until the session page has refreshed its live parts
// n more times in the background.
func waitRefreshes(ctx context.Context, n int) error {
	read := chromedp.Evaluate[int](`parseInt(document.querySelector(".session-page").dataset.refreshed || "0", 10)`)
	start, err := chromedp.Run(ctx, read)
	if err != nil {
		return err
	}
	for {
		got, err := chromedp.Run(ctx, read)
		if err == nil && got >= start+n {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %d background refreshes: %w", n, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// A discharge refused for the minimum monitoring time stays refused while
// the page sits open past that time: the page never sends the form again
// (it used to reload itself every 30 s, re-posting the refused discharge).
func TestBrowserRefusedDischargeStaysRefused(t *testing.T) {
	env := newTreatmentEnv(t, 24*time.Hour)
	sid := dosedSession(t, env)
	env.clock.Advance(45 * time.Minute) // the infusion has ended; 55 more minutes of monitoring are due
	if _, _, err := env.svc.RecordVitals(t.Context(), env.nurse, sid, treatment.VitalsInput{
		Vitals: session.Vitals{Systolic: 124, Diastolic: 80, HeartRate: 74, SpO2: 98, RespRate: 14, Sedation: 5}}); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	nurseSignsIn(t, ctx, env.url)
	page := env.url + "/treatment/" + strconv.FormatInt(sid, 10)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.ID("discharge-form")),
		chromedp.Click(chromedp.ID("dc-oriented")), chromedp.Click(chromedp.ID("dc-adult")),
		nextPage(chromedp.Click(chromedp.ID("dc-submit"))),
		chromedp.WaitVisible(chromedp.ID("form-error")),
	); err != nil {
		t.Fatal(err)
	}
	if e := text(t, ctx, "#form-error"); !strings.Contains(e, "Minimum monitoring time") {
		t.Fatalf("discharge refused with %q", e)
	}
	// The page sits open while the monitoring time passes and another nurse
	// takes fresh vital signs; it refreshes twice.
	env.clock.Advance(time.Hour)
	if _, _, err := env.svc.RecordVitals(t.Context(), env.nurse, sid, treatment.VitalsInput{
		Vitals: session.Vitals{Systolic: 120, Diastolic: 78, HeartRate: 70, SpO2: 98, RespRate: 14, Sedation: 5}}); err != nil {
		t.Fatal(err)
	}
	if err := waitRefreshes(ctx, 2); err != nil {
		t.Fatal(err)
	}
	rec, err := env.svc.Session(t.Context(), env.nurse, sid)
	if err != nil {
		t.Fatal(err)
	}
	if st := rec.Record.Session.Status; st != record.SessionDosed {
		t.Fatalf("after the page sat open the session is %s: the refused discharge was sent again", st)
	}
	// The live part now says discharge is possible, without a reload.
	if r := text(t, ctx, "#discharge-ready"); !strings.Contains(r, "allow discharge") {
		t.Errorf("discharge readiness %q", r)
	}
}

// A nurse who leaves a session page open is signed out after the idle
// time: the page's background refreshes are not activity.
func TestBrowserIdleNurseSignedOutOnSessionPage(t *testing.T) {
	env := newTreatmentEnv(t, 30*time.Minute)
	sid := dosedSession(t, env)
	ctx := browser(t)
	nurseSignsIn(t, ctx, env.url)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(env.url+"/treatment/"+strconv.FormatInt(sid, 10)),
		chromedp.WaitVisible(chromedp.ID("vitals-grid")),
	); err != nil {
		t.Fatal(err)
	}
	// Refreshes during the first 20 minutes must not keep the sign-in alive.
	env.clock.Advance(20 * time.Minute)
	if err := waitRefreshes(ctx, 2); err != nil {
		t.Fatal(err)
	}
	env.clock.Advance(11 * time.Minute) // 31 minutes since the nurse last did anything
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("email"))); err != nil {
		t.Fatalf("the idle page did not go to the sign-in page: %v", err)
	}
	if loc := location(t, ctx); !strings.Contains(loc, "/login") {
		t.Errorf("idle page at %s", loc)
	}
	if f := text(t, ctx, "p.flash"); !strings.Contains(f, "expired") {
		t.Errorf("sign-in page says %q", f)
	}
}

// A second dose on the same day is refused at check-in without a
// clinician's override, and the page says why.
func TestBrowserSecondSameDayDoseRefused(t *testing.T) {
	env := newTreatmentEnv(t, 24*time.Hour)
	dosedSession(t, env)
	env.clock.Advance(66 * time.Minute)
	ctx := browser(t)
	nurseSignsIn(t, ctx, env.url)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(env.url+"/patients/"+strconv.FormatInt(env.patientID, 10)+"/treatment"),
		chromedp.WaitVisible(chromedp.ID("checkin-form")),
		chromedp.Click(chromedp.ID("chk-identity")), chromedp.Click(chromedp.ID("chk-consent")),
		chromedp.Click(chromedp.ID("chk-npo")), chromedp.Click(chromedp.ID("chk-adult")),
		chromedp.SetValue(chromedp.ID("chk-pregnancy"), "negative"),
		chromedp.SendKeys(chromedp.ID("base-systolic"), "124"), chromedp.SendKeys(chromedp.ID("base-diastolic"), "78"),
		chromedp.SendKeys(chromedp.ID("base-hr"), "72"), chromedp.SendKeys(chromedp.ID("base-spo2"), "98"),
		chromedp.SendKeys(chromedp.ID("base-rr"), "14"),
		nextPage(chromedp.Click(chromedp.ID("checkin-submit"))),
		chromedp.WaitVisible(chromedp.ID("form-error")),
	); err != nil {
		t.Fatal(err)
	}
	if e := text(t, ctx, "#form-error"); !strings.Contains(e, "One treatment a day") || !strings.Contains(e, "clinician") {
		t.Errorf("second check-in refused with %q", e)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#checkin-override").length`)); n != 0 {
		t.Error("a nurse is offered the override")
	}
	sessions, err := env.svc.PatientTreatment(t.Context(), env.nurse, env.patientID)
	if err != nil {
		t.Fatal(err)
	}
	if len(sessions.Sessions) != 1 {
		t.Errorf("%d sessions after the refused check-in, want 1", len(sessions.Sessions))
	}
}

// An alarming reading taken in the room appears on a clinician's open
// Today board within seconds, without the page being reloaded: in the
// room's list and on the patient's card.
func TestBrowserAlarmingReadingReachesTheClinicianLive(t *testing.T) {
	env := newTreatmentEnv(t, 24*time.Hour)
	secret, _, err := auth.NewTOTP("Onset", "clinician@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if err := env.db.WithTx(t.Context(), func(tx *store.Queries) error {
		return tx.SetTOTP(t.Context(), env.clin.UserID, secret, true)
	}); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	code, err := auth.TOTPCode(secret, env.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(env.url+"/login"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), "clinician@example.org"),
		chromedp.SendKeys(chromedp.ID("password"), "a test password"),
		nextPage(chromedp.Submit(chromedp.ID("password"))),
		chromedp.WaitVisible(chromedp.ID("code")),
		chromedp.SendKeys(chromedp.ID("code"), code),
		nextPage(chromedp.Submit(chromedp.ID("code"))),
		chromedp.Navigate(env.url+"/today"),
		chromedp.WaitVisible(chromedp.ID("room-problems")),
	); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(window.__sameDocument = true)`)); err != nil {
		t.Fatal(err)
	}
	// The nurse checks the patient in and takes an alarming reading.
	ts, err := env.svc.CheckInPatient(t.Context(), env.nurse, env.patientID, treatment.CheckIn{
		Checklist: record.Checklist{IdentityConfirmed: true, ConsentCurrent: true, NothingByMouth: true, ResponsibleAdult: true,
			Pregnancy: record.PregnancyNegative},
		PlannedDoseMg: 35, Baseline: session.Vitals{Systolic: 124, Diastolic: 78, HeartRate: 72, SpO2: 98, RespRate: 14}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := env.svc.RecordVitals(t.Context(), env.nurse, ts.ID, treatment.VitalsInput{
		Vitals: session.Vitals{Systolic: 192, Diastolic: 118, HeartRate: 96, SpO2: 89, RespRate: 14, Sedation: 5}}); err != nil {
		t.Fatal(err)
	}
	wait, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(wait, chromedp.WaitVisible(chromedp.CSS("#room-problems li.problem-vitals-alert"))); err != nil {
		t.Fatalf("the reading did not reach the clinician's page: %v", err)
	}
	if p := text(t, ctx, "#room-problems li.problem-vitals-alert"); !strings.Contains(p, "192/118, SpO2 89%") || !strings.Contains(p, "Iris Vega") {
		t.Errorf("the page shows %q", p)
	}
	if err := chromedp.Do(wait, chromedp.WaitVisible(chromedp.CSS(".board-card.board-problem"))); err != nil {
		t.Fatalf("the patient's card did not change: %v", err)
	}
	if c := text(t, ctx, ".board-card.board-problem"); !strings.Contains(c, "1 alert(s) open") || !strings.Contains(c, "Iris Vega") {
		t.Errorf("the card shows %q", c)
	}
	if same, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__sameDocument === true`)); err != nil || !same {
		t.Error("the page was reloaded")
	}
}
