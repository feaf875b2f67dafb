package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/delivery"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/measurement"
	"onset/internal/service/outreach"
	"onset/internal/web"
)

// The outbox page shows what waits and why, sends a waiting message now
// once the cause is fixed, and in the demo shows what the mailbox got.
func TestOutboxPageAndDemoMailbox(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite")
	ctx := t.Context()
	mail, err := delivery.StartSink(delivery.SinkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer mail.Close()
	texts, err := delivery.StartSMSSink()
	if err != nil {
		t.Fatal(err)
	}
	defer texts.Close()
	mb := &web.Mailbox{Email: mail, SMS: texts}
	if f.web, err = web.New(f.svc, web.Options{Mailbox: mb}); err != nil {
		t.Fatal(err)
	}
	f.srv.Config.Handler = f.web

	// A patient with an email address is sent a questionnaire link.
	p, err := f.svc.CreatePatient(ctx, service.System(f.clinicID), record.NewPatient{MRN: "M-1", GivenName: "Mia",
		FamilyName: "Lane", Sex: "female", BirthDate: "1985-04-05", Email: "mia@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.CreateLink(ctx, actorOf(f.users[clinic.RoleNurse]), measurement.NewLink{PatientID: p.ID, Instrument: "phq9"}); err != nil {
		t.Fatal(err)
	}
	// No mail server yet: the message waits, with the reason.
	run := func(r delivery.Router) outreach.OutboxReport {
		rep, err := f.svc.RunOutbox(ctx, outreach.OutboxOptions{BaseURL: "https://clinic.example", Sender: r})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	if rep := run(delivery.Router{}); rep.Failed != 1 || rep.Sent != 0 {
		t.Fatalf("unconfigured run: %+v", rep)
	}
	front := f.signIn(clinic.RoleFrontDesk)
	page := front.getBody("/outbox", 200)
	if !strings.Contains(page, "no email sender is configured") || !strings.Contains(page, "Send now") {
		t.Fatalf("the outbox does not show why the message waits:\n%s", page)
	}
	id := between(page, `action="/outbox/`, `/retry"`)

	// Configured, and sent now: the next run delivers it at once.
	email, err := delivery.ParseSMTPURL(fmt.Sprintf("smtp://127.0.0.1:%d?from=clinic@demo.example&tls=none", mail.Port()))
	if err != nil {
		t.Fatal(err)
	}
	if rep := run(delivery.Router{Email: email}); rep.Sent != 0 {
		t.Fatalf("sent before its retry time: %+v", rep)
	}
	res := front.post("/outbox/"+id+"/retry", url.Values{})
	if res.StatusCode != 303 {
		t.Fatalf("send now: %d %s", res.StatusCode, body(res))
	}
	if rep := run(delivery.Router{Email: email}); rep.Sent != 1 {
		t.Fatalf("after send now: %+v", rep)
	}
	if got := mail.Messages(); len(got) != 1 || got[0].To[0] != "mia@example.org" || !strings.Contains(got[0].Subject(), "questionnaire") {
		t.Fatalf("mailbox: %+v", got)
	}
	page = front.getBody("/outbox", 200)
	if !strings.Contains(page, "Demo mailbox") || !strings.Contains(page, "mia@example.org") || strings.Contains(page, "Send now") {
		t.Errorf("after delivery the page shows:\n%s", page)
	}
	if f.auditCount(string(service.ActOutboxRetry), p.ID) != 1 {
		t.Error("send now was not audited")
	}
	// A nurse reads the outbox but does not resend.
	if res := f.signIn(clinic.RoleNurse).post("/outbox/"+id+"/retry", url.Values{}); res.StatusCode != 403 {
		t.Errorf("nurse send now: %d", res.StatusCode)
	}
}

func between(s, from, to string) string {
	_, rest, ok := strings.Cut(s, from)
	if !ok {
		return ""
	}
	out, _, _ := strings.Cut(rest, to)
	return out
}
