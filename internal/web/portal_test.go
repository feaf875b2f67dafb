package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service/measurement"
)

// A patient's own page puts what they have to do first, then their next
// visit with what to bring, and lets them choose how they are reached;
// none of the staff record is on it.
func TestPortalPutsTasksFirst(t *testing.T) {
	t.Parallel()
	f, chair1 := bookingFixture(t)
	ctx := t.Context()
	nurse := actorOf(f.users[clinic.RoleNurse])
	if _, err := f.svc.CreateLink(ctx, nurse, measurement.NewLink{PatientID: f.patient, Instrument: "phq9"}); err != nil {
		t.Fatal(err)
	}
	fd := f.signIn(clinic.RoleFrontDesk)
	if res := fd.post("/patients/"+strconv.FormatInt(f.patient, 10)+"/appointments", url.Values{"kind": {"iv-infusion"},
		"date": {"2026-06-01"}, "time": {"10:00"}, "resource": {strconv.FormatInt(chair1, 10)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("booking: %d %s", res.StatusCode, body(res))
	}
	pat := f.signIn(clinic.RolePatient)
	own := "/patients/" + strconv.FormatInt(f.patient, 10)
	page := pat.getBody(own, http.StatusOK)
	main := page[strings.Index(page, `<main id="main">`):]
	first := main[strings.Index(main, `<section`):]
	if !strings.HasPrefix(first, `<section class="card todo" id="todo"`) || strings.Index(first, "Answer the PHQ-9") > strings.Index(first, "</section>") {
		t.Fatalf("the first thing on the patient's page is not the due questionnaire:\n%s", main)
	}
	for _, want := range []string{"Monday 1 June 2026 at 10:00 CEST", "responsible adult", `href="tel:`} {
		if !strings.Contains(page, want) {
			t.Errorf("the portal lacks %q", want)
		}
	}
	for _, staffOnly := range []string{"Send the patient a single-use link", "Treatments (", "Safety alerts", "Invite to the patient portal"} {
		if strings.Contains(page, staffOnly) {
			t.Errorf("the portal shows the staff view's %q", staffOnly)
		}
	}
	// The patient chooses texts and email; the choice shows, and is theirs (the portal's).
	res := pat.post(own+"/contact", url.Values{"preference": {record.ContactBoth}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "#reach") {
		t.Fatalf("contact choice: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if b := pat.follow(res); !strings.Contains(b, `value="both" checked`) || !strings.Contains(b, "Saved: this is how we will reach you.") {
		t.Errorf("the saved choice is not shown")
	}
	// Another patient's page is not theirs to see.
	if res := pat.get("/patients/" + strconv.FormatInt(f.other, 10)); res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusForbidden {
		t.Errorf("another patient's portal: %d", res.StatusCode)
	}
}
