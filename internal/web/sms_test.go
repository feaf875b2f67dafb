package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/delivery"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/consent"
	"onset/internal/service/measurement"
	"onset/internal/service/outreach"
	"onset/internal/web"
)

// Replies to the clinic's texts: STOP stops every text to the number at
// once, START allows them again, HELP is answered; only requests signed
// by the provider change anything.
func TestSMSRepliesAndConsent(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite")
	ctx := t.Context()
	const token = "provider-auth-token"
	hookURL := f.srv.URL + "/sms/inbound"
	var err error
	if f.web, err = web.New(f.svc, web.Options{SMSWebhook: &web.SMSWebhook{AuthToken: token, URL: hookURL}}); err != nil {
		t.Fatal(err)
	}
	f.srv.Config.Handler = f.web

	p, err := f.svc.CreatePatient(ctx, service.System(f.clinicID), record.NewPatient{MRN: "S-1", GivenName: "Sam",
		FamilyName: "Reed", Sex: "male", BirthDate: "1979-01-02", Phone: "(555) 010-0123"})
	if err != nil {
		t.Fatal(err)
	}
	reply := func(text, signWith string) (int, string) {
		form := url.Values{"From": {"+15550100123"}, "To": {"+15550100000"}, "Body": {text}, "MessageSid": {"SM1"}}
		req, _ := http.NewRequest("POST", hookURL, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Twilio-Signature", delivery.TwilioSignature(signWith, hookURL, form))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return res.StatusCode, body(res)
	}
	texts, err := delivery.StartSMSSink()
	if err != nil {
		t.Fatal(err)
	}
	defer texts.Close()
	sms, err := delivery.ParseSMSURL(texts.URL("+15550100000"))
	if err != nil {
		t.Fatal(err)
	}
	link := func() outreach.OutboxReport {
		if _, err := f.svc.CreateLink(ctx, actorOf(f.users[clinic.RoleNurse]), measurement.NewLink{PatientID: p.ID, Instrument: "phq9"}); err != nil {
			t.Fatal(err)
		}
		rep, err := f.svc.RunOutbox(ctx, outreach.OutboxOptions{BaseURL: "https://clinic.example", Sender: delivery.Router{SMS: sms}})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}

	// A forged request (wrong key) is refused and stops nothing.
	if code, _ := reply("STOP", "not the token"); code != 403 {
		t.Fatalf("forged STOP: %d", code)
	}
	if rep := link(); rep.Sent != 1 || len(texts.Texts()) != 1 || texts.Texts()[0].To != "+15550100123" {
		t.Fatalf("before STOP: %+v %+v", rep, texts.Texts())
	}
	// STOP: confirmed, audited, and the next text is given up, not sent.
	code, twiml := reply("stop", token)
	if code != 200 || !strings.Contains(twiml, "<Response><Message>Test clinic: you will get no more texts") {
		t.Fatalf("STOP: %d %s", code, twiml)
	}
	if f.auditCount(string(consent.ActSMSConsent), p.ID) != 1 {
		t.Error("the opt-out was not audited")
	}
	if rep := link(); rep.Sent != 0 || rep.Failed != 1 || len(texts.Texts()) != 1 {
		t.Fatalf("after STOP: %+v, %d texts", rep, len(texts.Texts()))
	}
	front := f.signIn(clinic.RoleFrontDesk)
	if page := front.getBody("/outbox", 200); !strings.Contains(page, "replied STOP") {
		t.Error("the outbox does not say why the text was not sent")
	}
	// HELP describes; anything else says replies are not read.
	if _, twiml := reply("help", token); !strings.Contains(twiml, "Reply STOP to stop texts") {
		t.Errorf("HELP: %s", twiml)
	}
	if _, twiml := reply("I feel worse", token); !strings.Contains(twiml, "not read") || !strings.Contains(twiml, "emergency") {
		t.Errorf("free text: %s", twiml)
	}
	// START: texts again.
	if _, twiml := reply("START", token); !strings.Contains(twiml, "texts are on again") {
		t.Errorf("START: %s", twiml)
	}
	if rep := link(); rep.Sent < 1 || len(texts.Texts()) < 2 {
		t.Fatalf("after START: %+v", rep)
	}
	if f.auditCount(string(consent.ActSMSConsent), p.ID) != 2 {
		t.Error("the opt-in was not audited")
	}
}
