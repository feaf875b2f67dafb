package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"onset/internal/app"
	"onset/internal/auth"
	"onset/internal/clinic"
	"onset/internal/delivery"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service"
	"onset/internal/service/custody"
	"onset/internal/service/outreach"
	"onset/internal/service/plans"
	"onset/internal/service/treatment"
	"onset/internal/session"
	"onset/internal/store"
	"onset/internal/store/storetest"
	"onset/internal/web"
)

// messageClinic is a clinic in Los Angeles whose email goes over SMTP to a
// real SMTP server in this process and whose texts go to an HTTP server
// that speaks the SMS provider's API, with a clock the test moves. Its
// delivery worker is run a tick at a time (deliver), as serve runs it
// every minute.
type messageClinic struct {
	url         string
	clock       *testClock
	svc         *app.App
	sys         service.Actor
	clin, nurse service.Actor
	totp        string // the clinician's second factor
	mail        *delivery.Sink
	texts       *delivery.SMSSink
	sender      delivery.Router
	hook        string // the SMS webhook's address
	hookToken   string
}

func newMessageClinic(t *testing.T) *messageClinic {
	t.Helper()
	ctx := t.Context()
	// Monday 2 March 2026, 09:00 in Los Angeles (PST, UTC−8).
	clock := &testClock{t: time.Date(2026, 3, 2, 17, 0, 0, 0, time.UTC)}
	db := storetest.Open(t, store.SQLite)
	svc := app.New(db.Ports(), service.Config{Passwords: auth.TestParams, Now: clock.Now,
		SessionIdle: 30 * 24 * time.Hour, SessionMax: 30 * 24 * time.Hour}) // the test's days pass in moments
	cl, err := svc.EnsureClinic(ctx, "Test clinic")
	if err != nil {
		t.Fatal(err)
	}
	m := &messageClinic{clock: clock, svc: svc, sys: service.System(cl.ID)}
	admin := service.Actor{ClinicID: cl.ID, Role: clinic.RoleAdmin, Name: "Admin"}
	if _, err := svc.SaveClinicSettings(ctx, admin, record.ClinicSettings{Name: "Lakeside Clinic", Timezone: "America/Los_Angeles",
		ReminderHours: 24}); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetBookingSettings(ctx, m.sys, record.BookingSettings{Timezone: "America/Los_Angeles", Policy: schedule.DefaultPolicy()}); err != nil {
		t.Fatal(err)
	}
	for _, r := range []record.BookingResource{{Name: "Chair 1", Kind: schedule.Chair}, {Name: "Room A", Kind: schedule.Room}} {
		if _, err := svc.AddResource(ctx, m.sys, r); err != nil {
			t.Fatal(err)
		}
	}
	for _, role := range []clinic.Role{clinic.RoleNurse, clinic.RoleClinician} {
		u, err := svc.CreateUser(ctx, m.sys, record.NewUser{Email: string(role) + "@example.org", Name: "Test " + string(role),
			Role: role, Password: "a test password"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddProvider(ctx, m.sys, record.BookingProvider{UserID: u.ID}); err != nil {
			t.Fatal(err)
		}
		a := service.Actor{UserID: u.ID, ClinicID: cl.ID, Role: role, Name: u.Name}
		if role == clinic.RoleNurse {
			m.nurse = a
		} else {
			m.clin = a
		}
	}
	if m.totp, _, err = auth.NewTOTP("Onset", "clinician@example.org"); err != nil {
		t.Fatal(err)
	}
	if err := db.WithTx(ctx, func(tx *store.Queries) error { return tx.SetTOTP(ctx, m.clin.UserID, m.totp, true) }); err != nil {
		t.Fatal(err)
	}
	if m.mail, err = delivery.StartSink(delivery.SinkOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.mail.Close() })
	if m.texts, err = delivery.StartSMSSink(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.texts.Close() })
	email, err := delivery.ParseSMTPURL("smtp://127.0.0.1:" + strconv.Itoa(m.mail.Port()) + "?from=desk@lakeside.example&tls=none")
	if err != nil {
		t.Fatal(err)
	}
	sms, err := delivery.ParseSMSURL(m.texts.URL("+13105550100"))
	if err != nil {
		t.Fatal(err)
	}
	m.sender = delivery.Router{Email: email, SMS: sms}
	srv := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	m.url, m.hook, m.hookToken = srv.URL, srv.URL+"/sms/inbound", sms.AuthToken()
	h, err := web.New(svc, web.Options{Now: clock.Now, SMSWebhook: &web.SMSWebhook{AuthToken: m.hookToken, URL: m.hook}})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = h
	return m
}

// la is the test clinic's zone.
func la() *time.Location {
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		panic(err)
	}
	return loc
}

// deliver runs the delivery worker once: the questionnaire schedule,
// then every due message.
func (m *messageClinic) deliver(t *testing.T) outreach.OutboxReport {
	t.Helper()
	rep, err := m.svc.RunOutbox(t.Context(), outreach.OutboxOptions{BaseURL: m.url, Sender: m.sender})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// email is a message as it arrived at the SMTP server: its headers and
// the text and HTML parts of its multipart/alternative body.
type email struct {
	to, subject, text, html string
}

// mailTo parses every message the SMTP server received for addr.
func (m *messageClinic) mailTo(t *testing.T, addr string) []email {
	t.Helper()
	var out []email
	for _, r := range m.mail.Messages() {
		if len(r.To) != 1 || r.To[0] != addr {
			continue
		}
		msg, err := mail.ReadMessage(bytes.NewReader(r.Data))
		if err != nil {
			t.Fatalf("a message that is not RFC 5322: %v", err)
		}
		e := email{to: r.To[0], subject: r.Subject()}
		mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
		if err != nil || mediaType != "multipart/alternative" {
			t.Fatalf("Content-Type %q (%v): want multipart/alternative", msg.Header.Get("Content-Type"), err)
		}
		parts := multipart.NewReader(msg.Body, params["boundary"])
		for {
			p, err := parts.NextPart() // decodes quoted-printable
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(p)
			switch ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type")); ct {
			case "text/plain":
				e.text = string(b)
			case "text/html":
				e.html = string(b)
			}
		}
		if e.text == "" || e.html == "" {
			t.Fatalf("%q lacks a text or an HTML part", e.subject)
		}
		out = append(out, e)
	}
	return out
}

// withSubject returns the messages whose subject starts with prefix.
func withSubject(ms []email, prefix string) []email {
	var out []email
	for _, e := range ms {
		if strings.HasPrefix(e.subject, prefix) {
			out = append(out, e)
		}
	}
	return out
}

// minimumNecessary fails when a message names a medication, a
// diagnosis or a score.
func minimumNecessary(t *testing.T, e email) {
	t.Helper()
	for _, w := range []string{"ketamine", "Ketamine", "Spravato", "depression", "PHQ", "score"} {
		if strings.Contains(e.subject+e.text+e.html, w) {
			t.Errorf("%q says %q", e.subject, w)
		}
	}
}

var questionnaireURL = regexp.MustCompile(`http://127\.0\.0\.1:\d+/q/[A-Za-z0-9_-]+`)

// clinicianSignsIn signs the clinician in with their second factor.
func (m *messageClinic) clinicianSignsIn(t *testing.T, ctx context.Context) {
	t.Helper()
	code, err := auth.TOTPCode(m.totp, m.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(m.url+"/login"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), "clinician@example.org"),
		chromedp.SendKeys(chromedp.ID("password"), "a test password"),
		nextPage(chromedp.Submit(chromedp.ID("password"))),
		chromedp.WaitVisible(chromedp.ID("code")),
		chromedp.SendKeys(chromedp.ID("code"), code),
		nextPage(chromedp.Submit(chromedp.ID("code"))),
	); err != nil {
		t.Fatal(err)
	}
}

// giveSession checks the patient in, gives a 40-minute IV dose on the
// plan and discharges them, through the service as the nurse would on
// the session page. It returns when the dose was given.
func (m *messageClinic) giveSession(t *testing.T, patientID int64) time.Time {
	t.Helper()
	ctx := t.Context()
	if _, err := m.svc.ReceiveStock(ctx, m.nurse, custody.LedgerReceiveInput{Drug: "ketamine", Form: "vial", NDC: "0409-2051-05",
		Lot: "KET-2291", Expires: "2027-03-31", ConcentrationMgPerML: 10, ML: 5, Invoice: "INV-E2E", Supplier: "Wholesaler"}); err != nil {
		t.Fatal(err)
	}
	today := m.clock.Now().In(la())
	plan, err := m.svc.CreatePlan(ctx, m.clin, patientID, plans.PlanInput{TemplateID: "iv-ketamine-induction", WeightKg: 70,
		Start: today.Format(time.DateOnly), Weekdays: []time.Weekday{today.Weekday(), (today.Weekday() + 2) % 7, (today.Weekday() + 4) % 7},
		ConcentrationMgPerML: 10, DiluentML: 100})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.svc.SignPlan(ctx, m.clin, patientID, plan.ID); err != nil {
		t.Fatal(err)
	}
	vitals := session.Vitals{Systolic: 122, Diastolic: 78, HeartRate: 72, SpO2: 98, RespRate: 14}
	ts, err := m.svc.CheckInPatient(ctx, m.nurse, patientID, treatment.CheckIn{
		Checklist: record.Checklist{IdentityConfirmed: true, ConsentCurrent: true, NothingByMouth: true, ResponsibleAdult: true,
			Pregnancy: record.PregnancyNegative},
		PlannedDoseMg: 35, Baseline: vitals})
	if err != nil {
		t.Fatal(err)
	}
	m.clock.Advance(10 * time.Minute)
	given := m.clock.Now()
	if _, err := m.svc.RecordDose(ctx, m.nurse, ts.ID, treatment.DoseInput{DoseMg: 35, ConcentrationMgPerML: 10, VolumeML: 3.5,
		RateMLPerHour: 155.3, DurationMin: 40, LotNumber: "KET-2291", LotExpiry: "2027-03-31"}); err != nil {
		t.Fatal(err)
	}
	for range 4 { // a reading every 30 minutes until well after the infusion ends
		m.clock.Advance(30 * time.Minute)
		if _, _, err := m.svc.RecordVitals(ctx, m.nurse, ts.ID, treatment.VitalsInput{Vitals: vitals}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := m.svc.Discharge(ctx, m.nurse, ts.ID, treatment.DischargeInput{AlertOriented: true, AdultPresent: true,
		Instructions: "No driving until tomorrow."}); err != nil {
		t.Fatal(err)
	}
	return given
}

// The patient's whole message journey: a new patient books a
// consultation online on a phone → the confirmation email arrives → with
// the clock moved, the reminder arrives a day before (the clinic's lead
// time), not earlier → the treatment session is given → a day later the
// questionnaire email arrives → its link opens on the phone and is
// answered → the clinician's page shows the point.
func TestBrowserPatientMessageJourney(t *testing.T) {
	m := newMessageClinic(t)
	phone := browser(t)
	const addr = "nora@example.org"
	if err := chromedp.Do(phone, chromedp.Navigate(m.url+"/book"), chromedp.WaitVisible(chromedp.ID("public-book-form"))); err != nil {
		t.Fatal(err)
	}
	// The patient picks a day at least three days away, so that the
	// reminder's day comes after the booking, then its first time.
	day := m.clock.Now().Add(72 * time.Hour).In(la()).Format(time.DateOnly)
	if err := chromedp.Do(phone,
		nextPage(chromedp.Click(chromedp.CSS(`#book-days a[data-day="`+day+`"]`))),
		chromedp.WaitVisible(chromedp.CSS(`#book-days a.current[data-day="`+day+`"]`)),
		chromedp.Click(chromedp.CSS(`#book-times input[name="slot"]`)),
		chromedp.SendKeys(chromedp.ID("given_name"), "Nora"),
		chromedp.SendKeys(chromedp.ID("family_name"), "Newcomer"),
		chromedp.SetValue(chromedp.ID("birth_date"), "1990-03-04"),
		chromedp.SendKeys(chromedp.ID("email"), addr),
		chromedp.SendKeys(chromedp.ID("phone"), "+1 310 555 0147"),
		chromedp.SendKeys(chromedp.ID("password"), "a long enough password"),
		chromedp.SendKeys(chromedp.ID("password2"), "a long enough password"),
		chromedp.Click(chromedp.ID("consent")),
		nextPage(chromedp.Click(chromedp.ID("book-submit"))),
		chromedp.WaitVisible(chromedp.ID("booked-when")),
	); err != nil {
		t.Fatal(err)
	}
	noSideways(t, phone, "the booking confirmation")
	mrn := text(t, phone, "#booked-mrn")
	found, err := m.svc.ListPatients(t.Context(), m.sys, mrn, 1)
	if err != nil || len(found.Patients) != 1 {
		t.Fatalf("the booked patient %s: %+v %v", mrn, found, err)
	}
	patient := found.Patients[0]
	appts, err := m.svc.PatientBookingPage(t.Context(), m.sys, patient.ID)
	if err != nil || len(appts.Appointments) != 1 {
		t.Fatalf("appointments %+v %v", appts.Appointments, err)
	}
	visit := appts.Appointments[0].Start
	when := visit.In(la()).Format("Monday 2 January 2006 at 15:04 MST")

	// The confirmation, at once.
	if len(m.mailTo(t, addr)) != 0 {
		t.Fatal("mail arrived before the worker ran")
	}
	m.deliver(t)
	booked := withSubject(m.mailTo(t, addr), "Booked: your consultation")
	if len(booked) != 1 || !strings.Contains(booked[0].text, "Hello Nora") || !strings.Contains(booked[0].text, when) ||
		!strings.Contains(booked[0].html, "Lakeside Clinic") {
		t.Fatalf("the confirmation (%s): %+v", when, m.mailTo(t, addr))
	}
	minimumNecessary(t, booked[0])

	// The reminder goes a day ahead, the clinic's lead time: not 25 hours before, but 23.
	m.clock.Set(visit.Add(-25 * time.Hour))
	m.deliver(t)
	if r := withSubject(m.mailTo(t, addr), "Reminder:"); len(r) != 0 {
		t.Fatalf("a reminder 25 hours ahead: %+v", r)
	}
	m.clock.Set(visit.Add(-23 * time.Hour))
	m.deliver(t)
	reminders := withSubject(m.mailTo(t, addr), "Reminder: your consultation")
	if len(reminders) != 1 || !strings.Contains(reminders[0].text, when) || !strings.Contains(reminders[0].text, "list of all the medicines") {
		t.Fatalf("the reminder: %+v", m.mailTo(t, addr))
	}
	minimumNecessary(t, reminders[0])

	// After the consultation, the first treatment session; a day later the questionnaire.
	m.clock.Set(visit.Add(2 * time.Hour))
	given := m.giveSession(t, patient.ID)
	m.deliver(t)
	if q := withSubject(m.mailTo(t, addr), "A short questionnaire"); len(q) != 0 {
		t.Fatalf("a questionnaire the same day: %+v", q)
	}
	m.clock.Set(given.Add(24*time.Hour + 5*time.Minute))
	if rep := m.deliver(t); rep.Scheduled != 1 {
		t.Fatalf("24 hours after the session the worker scheduled %d questionnaires, want 1", rep.Scheduled)
	}
	qs := withSubject(m.mailTo(t, addr), "A short questionnaire from Lakeside Clinic")
	if len(qs) != 1 {
		t.Fatalf("the questionnaire email: %+v", m.mailTo(t, addr))
	}
	minimumNecessary(t, qs[0])
	link := questionnaireURL.FindString(qs[0].text)
	if link == "" || !strings.Contains(qs[0].html, `href="`+link+`"`) {
		t.Fatalf("no link in the questionnaire email:\n%s\n%s", qs[0].text, qs[0].html)
	}

	// Signed in to the portal on the phone, the first thing the patient
	// sees is that questionnaire.
	if err := chromedp.Do(phone,
		chromedp.Navigate(m.url+"/login"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), addr),
		chromedp.SendKeys(chromedp.ID("password"), "a long enough password"),
		nextPage(chromedp.Submit(chromedp.ID("password"))),
		chromedp.WaitVisible(chromedp.ID("portal-hello")),
	); err != nil {
		t.Fatal(err)
	}
	first, err := chromedp.Run(phone, chromedp.Evaluate[string](`document.querySelector("main section").id + ": " +
		document.querySelector("main section").innerText`))
	if err != nil || !strings.HasPrefix(first, "todo: ") || !strings.Contains(first, "Answer the PHQ-9") {
		t.Errorf("the portal's first item on a phone is %q (%v), want the due questionnaire", first, err)
	}
	noSideways(t, phone, "the portal")

	// The patient answers from the email's link.
	if err := chromedp.Do(phone, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.ID("submit-answers"))); err != nil {
		t.Fatal(err)
	}
	noSideways(t, phone, "the questionnaire")
	for i, a := range []int{2, 1, 1, 2, 1, 1, 0, 1, 0} { // total 9
		if err := chromedp.Do(phone, chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name="item%d"][value="%d"]`, i+1, a)))); err != nil {
			t.Fatalf("item %d: %v", i+1, err)
		}
	}
	if err := chromedp.Do(phone, nextPage(chromedp.Click(chromedp.ID("submit-answers"))), chromedp.WaitVisible(chromedp.ID("done"))); err != nil {
		t.Fatal(err)
	}

	// The clinician sees the point on the patient's page.
	desk := browser(t)
	m.clinicianSignsIn(t, desk)
	if err := chromedp.Do(desk, chromedp.Navigate(m.url+"/patients/"+strconv.FormatInt(patient.ID, 10)+"?instrument=phq9"),
		chromedp.WaitVisible(chromedp.CSS("#assessments-table tr.assessment"))); err != nil {
		t.Fatal(err)
	}
	if row := text(t, desk, "#assessments-table tr.assessment"); !strings.Contains(row, "phq9") || !strings.Contains(row, "9") ||
		!strings.Contains(row, "link") {
		t.Errorf("the answered questionnaire's row: %q", row)
	}
	if n, err := chromedp.Run(desk, chromedp.Evaluate[int](`document.querySelectorAll("#trajectory .chart-phone circle.point").length`)); err != nil || n != 1 {
		t.Errorf("%d points on the trajectory, want 1 (%v)", n, err)
	}
	// Cells in a row, whether a table row or (on a phone) a stacked card.
	if log := strings.Join(strings.Fields(text(t, desk, "#patient-messages")), " "); !strings.Contains(log, "appointment booked email sent") ||
		!strings.Contains(log, "appointment reminder email sent") || !strings.Contains(log, "questionnaire") {
		t.Errorf("the patient's delivery log:\n%s", log)
	}
	// Every message went by email only: the patient chose nothing else.
	if n := len(m.texts.Texts()); n != 0 {
		t.Errorf("%d texts sent to a patient who did not choose them", n)
	}
}

// A patient who takes both email and texts replies STOP: texts stop at
// once, email goes on, and staff see why on the patient's page.
func TestBrowserSTOPStopsTextsNotEmail(t *testing.T) {
	m := newMessageClinic(t)
	ctx := t.Context()
	p, err := m.svc.CreatePatient(ctx, m.sys, record.NewPatient{MRN: "ST-1", GivenName: "Sam", FamilyName: "Reed", Sex: "male",
		BirthDate: "1979-01-02", Email: "sam@example.org", Phone: "(310) 555-0123", Conditions: []string{"depression"}})
	if err != nil {
		t.Fatal(err)
	}
	page := m.url + "/patients/" + strconv.FormatInt(p.ID, 10)
	desk := browser(t)
	m.clinicianSignsIn(t, desk)
	// The clinician records what the patient said: email and texts.
	if err := chromedp.Do(desk,
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.ID("contact-preference")),
		chromedp.SetValue(chromedp.ID("contact-preference"), record.ContactBoth),
		nextPage(chromedp.Submit(chromedp.ID("contact-preference"))),
		chromedp.WaitVisible(chromedp.ID("messages")),
	); err != nil {
		t.Fatal(err)
	}
	sendLink := func() {
		t.Helper()
		if err := chromedp.Do(desk,
			chromedp.Navigate(page+"?instrument=phq9"),
			chromedp.WaitVisible(chromedp.ID("send-link")),
			chromedp.SetValue(chromedp.ID("link-instrument"), "phq9"),
			nextPage(chromedp.Click(chromedp.ID("send-link"))),
			chromedp.WaitVisible(chromedp.ID("link-url")),
		); err != nil {
			t.Fatal(err)
		}
		m.deliver(t)
	}
	sendLink()
	if n, texts := len(m.mailTo(t, "sam@example.org")), m.texts.Texts(); n != 1 || len(texts) != 1 || texts[0].To != "+13105550123" ||
		!questionnaireURL.MatchString(texts[0].Body) {
		t.Fatalf("before STOP: %d emails, texts %+v", n, texts)
	}

	// The patient replies STOP; the provider calls the webhook, signed.
	form := url.Values{"From": {"+13105550123"}, "To": {"+13105550100"}, "Body": {"Stop"}, "MessageSid": {"SM1"}}
	req, _ := http.NewRequest(http.MethodPost, m.hook, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", delivery.TwilioSignature(m.hookToken, m.hook, form))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the STOP webhook: %d", res.StatusCode)
	}

	// The next questionnaire: email only; the page says why no text went.
	m.clock.Advance(4 * 24 * time.Hour) // the first link has closed
	sendLink()
	if n, texts := len(m.mailTo(t, "sam@example.org")), m.texts.Texts(); n != 2 || len(texts) != 1 {
		t.Fatalf("after STOP: %d emails (want 2), %d texts (want 1)", n, len(texts))
	}
	if err := chromedp.Do(desk, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("sms-opted-out"))); err != nil {
		t.Fatal(err)
	}
	if log := text(t, desk, "#patient-messages"); !strings.Contains(log, "replied STOP") {
		t.Errorf("the delivery log does not say why the text was not sent:\n%s", log)
	}
}
