package web_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/service/measurement"
	"onset/internal/store"
)

// Pages show times on the clinic's clocks, named by its zone, once the
// clinic has set one; a questionnaire link names the clinic.
func TestPagesShowTheClinicsTime(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	admin := f.signIn(clinic.RoleAdmin)
	if res := admin.post("/admin/clinic", url.Values{"name": {"Lakeside Clinic"}, "timezone": {"America/Los_Angeles"}}); res.StatusCode != 303 {
		t.Fatalf("save settings: %d %s", res.StatusCode, body(res))
	}
	la, _ := time.LoadLocation("America/Los_Angeles")
	zone := time.Now().In(la).Format("MST") // PST or PDT
	page := admin.getBody("/audit", 200)
	if !strings.Contains(page, "When ("+zone+")") || strings.Contains(page, "(UTC)") {
		t.Errorf("the audit page does not name the clinic's zone %s", zone)
	}
	// The newest entry (the settings saved) is shown at its Los Angeles time.
	entries, err := f.svc.AuditLog(t.Context(), actorOf(f.users[clinic.RoleAdmin]), clinic.AuditFilter{Action: "clinic.settings", Limit: 1})
	if err != nil || len(entries) != 1 {
		t.Fatalf("audit: %v %v", entries, err)
	}
	if want := entries[0].At.In(la).Format("2006-01-02 15:04:05"); !strings.Contains(page, want) {
		t.Errorf("the audit page does not show %s (Los Angeles time)", want)
	}
	issued, err := f.svc.CreateLink(t.Context(), actorOf(f.users[clinic.RoleNurse]), measurement.NewLink{PatientID: f.patient, Instrument: "phq9"})
	if err != nil {
		t.Fatal(err)
	}
	q := f.anonymous().getBody("/q/"+issued.Token, 200)
	closes := issued.Link.ExpiresAt.In(la).Format("2 Jan 2006 15:04 MST")
	if !strings.Contains(q, "Lakeside Clinic asks you") || !strings.Contains(q, closes) {
		t.Errorf("the questionnaire page does not name the clinic or give %s", closes)
	}
	// A bad zone is refused beside the form, with what was typed kept.
	res := admin.post("/admin/clinic", url.Values{"name": {"Lakeside Clinic"}, "timezone": {"Mars/Olympus"}})
	if b := body(res); res.StatusCode != 400 || !strings.Contains(b, "is not a time zone") || !strings.Contains(b, `value="Mars/Olympus"`) {
		t.Errorf("bad zone: %d\n%s", res.StatusCode, b)
	}
	// The questionnaire cadence: a number out of range or not a number is
	// refused the same way; a good one shows on the page again.
	for _, bad := range []struct{ field, value, want string }{{"post_session_hours", "200", "4 to 72 hours"},
		{"induction_days", "often", "days between check-ins"}, {"pre_session_hours", "1e3", "hours before a session"}} {
		res := admin.post("/admin/clinic", url.Values{"name": {"Lakeside Clinic"}, "timezone": {"America/Los_Angeles"}, bad.field: {bad.value}})
		if b := body(res); res.StatusCode != 400 || !strings.Contains(b, bad.want) {
			t.Errorf("%s=%s: %d, want a refusal about %q\n%s", bad.field, bad.value, res.StatusCode, bad.want, b)
		}
	}
	if res := admin.post("/admin/clinic", url.Values{"name": {"Lakeside Clinic"}, "timezone": {"America/Los_Angeles"},
		"post_session_hours": {"48"}, "maintenance_days": {"14"}, "treatment_instructions": {"Nothing to eat for 6 hours before."}}); res.StatusCode != 303 {
		t.Fatalf("cadence save: %d %s", res.StatusCode, body(res))
	}
	settings := admin.getBody("/admin/clinic", 200)
	if !strings.Contains(settings, `name="post_session_hours" type="number" inputmode="numeric" min="4" max="72" value="48"`) ||
		!strings.Contains(settings, `value="14"`) || !strings.Contains(settings, `Nothing to eat for 6 hours before.</textarea>`) {
		t.Errorf("the saved cadence is not shown:\n%s", settings)
	}
}
