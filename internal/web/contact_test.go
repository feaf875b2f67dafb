package web_test

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/service/measurement"
	"onset/internal/store"
)

// How a patient is reached is theirs to choose: staff record it on the
// patient page (with their consent to texts), the patient in the portal;
// links then go by exactly the ways chosen, and the page shows each one.
func TestContactPreferenceDecidesTheChannels(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	ctx := t.Context()
	p, err := f.svc.CreatePatient(ctx, service.System(f.clinicID), record.NewPatient{MRN: "C-1", GivenName: "Cai",
		FamilyName: "Moss", Sex: "female", BirthDate: "1990-05-06", Email: "cai@example.org", Phone: "555-010-0199"})
	if err != nil {
		t.Fatal(err)
	}
	front := f.signIn(clinic.RoleFrontDesk)
	channels := func() []string {
		issued, err := f.svc.CreateLink(ctx, actorOf(f.users[clinic.RoleNurse]), measurement.NewLink{PatientID: p.ID, Instrument: "phq9"})
		if err != nil {
			t.Fatal(err)
		}
		pm, err := f.svc.PatientMessages(ctx, actorOf(f.users[clinic.RoleFrontDesk]), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range pm.Outbox {
			if m.LinkID == issued.Link.ID && m.Kind == "invite" {
				out = append(out, m.Channel+" "+m.Recipient)
			}
		}
		return out
	}
	choose := func(c *client, pref string) int {
		return c.post(fmt.Sprintf("/patients/%d/contact", p.ID), url.Values{"preference": {pref}}).StatusCode
	}
	if got := channels(); len(got) != 1 || got[0] != "email cai@example.org" {
		t.Fatalf("automatic: %v", got)
	}
	for _, c := range []struct {
		pref string
		want string
	}{{"sms", "sms +15550100199"}, {"both", "email cai@example.org,sms +15550100199"}, {"none", ""}, {"email", "email cai@example.org"}} {
		if code := choose(front, c.pref); code != 303 {
			t.Fatalf("choose %s: %d", c.pref, code)
		}
		got := channels()
		slices.Sort(got) // the log lists newest first; the order of one link's messages is not the point
		if strings.Join(got, ",") != c.want {
			t.Errorf("%s: channels %v, want %q", c.pref, got, c.want)
		}
	}
	if code := choose(front, "carrier pigeon"); code != 400 {
		t.Errorf("an unknown choice: %d", code)
	}
	page := front.getBody(fmt.Sprintf("/patients/%d", p.ID), 200)
	if !strings.Contains(page, `id="patient-messages"`) || !strings.Contains(page, "Last recorded: Test frontdesk (staff)") {
		t.Errorf("the patient page does not show the delivery log and the consent record")
	}
	if n := f.auditCount(string(service.ActContactSet), p.ID); n != 4 {
		t.Errorf("%d choices audited, want 4", n)
	}
	// A patient chooses for themselves, and only for themselves.
	pat := f.signIn(clinic.RolePatient)
	if code := pat.post(fmt.Sprintf("/patients/%d/contact", f.patient), url.Values{"preference": {"none"}}).StatusCode; code != 303 {
		t.Errorf("the patient's own choice: %d", code)
	}
	if code := choose(pat, "none"); code != 403 {
		t.Errorf("a patient chose for another: %d", code)
	}
}
