package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service"
	"onset/internal/service/custody"
	"onset/internal/service/measurement"
)

// The worklist page and the menu's count: a PHQ-9 with item 9 above 0
// puts a safety alert on the clinician's list, and every staff page's menu
// shows how many items wait; "?kind=" lists one kind; a patient has no
// worklist.
func TestWorklistPageAndCount(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite")
	if _, err := f.svc.RecordAssessment(t.Context(), systemActor(f.clinicID), measurement.NewAssessment{PatientID: f.patient,
		Instrument: "phq9", Answers: []int{1, 1, 1, 1, 1, 1, 1, 1, 2}, Source: measurement.SourceStaff}); err != nil {
		t.Fatal(err)
	}
	doc := f.signIn(clinic.RoleClinician)
	page := doc.getBody("/worklist", http.StatusOK)
	if !strings.Contains(page, `<span class="status">safety alert</span>`) || !strings.Contains(page, `id="worklist-count"`) {
		t.Fatalf("the clinician's worklist:\n%s", page)
	}
	if other := doc.getBody("/patients", http.StatusOK); !strings.Contains(other, `id="nav-worklist"`) || !strings.Contains(other, `id="worklist-count"`) {
		t.Errorf("the menu on another page has no worklist count")
	}
	if one := doc.getBody("/worklist?kind=safety+alert", http.StatusOK); !strings.Contains(one, "Your worklist: safety alert") ||
		!strings.Contains(one, "safety alert</span>") {
		t.Errorf("one kind's list:\n%s", one)
	}
	if none := doc.getBody("/worklist?kind=count+due", http.StatusOK); !strings.Contains(none, `id="worklist-empty"`) {
		t.Errorf("an empty kind")
	}
	// The front desk does not acknowledge alerts: none on their list.
	if desk := f.signIn(clinic.RoleFrontDesk).getBody("/worklist", http.StatusOK); strings.Contains(desk, "safety alert</span>") {
		t.Errorf("the front desk's worklist shows the alert")
	}
	if res := f.signIn(clinic.RolePatient).get("/worklist"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a patient's worklist: %d", res.StatusCode)
	}
}

// A consultation note starts from the intake, screening and latest scores;
// a template by name starts a progress note; an unknown one is not found.
func TestNoteFromTemplatePage(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite")
	if _, err := f.svc.RecordAssessment(t.Context(), systemActor(f.clinicID), measurement.NewAssessment{PatientID: f.patient,
		Instrument: "phq9", Answers: []int{2, 2, 2, 2, 2, 2, 2, 2, 0}, Source: measurement.SourceStaff}); err != nil {
		t.Fatal(err)
	}
	doc := f.signIn(clinic.RoleClinician)
	notes := "/patients/" + strconv.FormatInt(f.patient, 10) + "/notes"
	list := doc.getBody(notes, http.StatusOK)
	if !strings.Contains(list, `id="note-templates"`) || !strings.Contains(list, "Psychiatric evaluation") {
		t.Fatalf("no templates on the notes page:\n%s", list)
	}
	consult := html.UnescapeString(doc.getBody(notes+"?kind=consultation", http.StatusOK))
	for _, want := range []string{"Intake: none recorded yet.", "PHQ-9 16 (moderately severe)", "Reason for referral:"} {
		if !strings.Contains(consult, want) {
			t.Errorf("the consultation's form lacks %q", want)
		}
	}
	if p := html.UnescapeString(doc.getBody(notes+"?kind=progress&template=Follow-up+visit", http.StatusOK)); !strings.Contains(p, "Response so far") {
		t.Errorf("a progress note from the follow-up template")
	}
	if res := doc.get(notes + "?kind=progress&template=Nope"); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown template: %d", res.StatusCode)
	}
	if res := f.signIn(clinic.RoleNurse).get(notes + "?kind=consultation"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("a nurse's consultation: %d", res.StatusCode)
	}
}

// A waitlist offer is one click from booked: its link opens the booking
// form with the patient, time and place filled in, and booking it takes
// the patient off the waitlist, so the offer leaves the worklist.
func TestWorklistWaitlistOffer(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite")
	ctx := t.Context()
	if _, err := f.svc.AddResource(ctx, systemActor(f.clinicID), record.BookingResource{Name: "Room A", Kind: schedule.Room}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AddProvider(ctx, systemActor(f.clinicID), record.BookingProvider{UserID: f.users[clinic.RoleClinician].ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AddToWaitlist(ctx, systemActor(f.clinicID), record.WaitlistEntry{PatientID: f.other, Kind: schedule.FollowUp}); err != nil {
		t.Fatal(err)
	}
	desk := f.signIn(clinic.RoleFrontDesk)
	m := regexp.MustCompile(`<a href="(/calendar/book\?[^"]+)"><span class="status">waitlist offer</span>`).FindStringSubmatch(
		desk.getBody("/worklist", http.StatusOK))
	if m == nil {
		t.Fatal("no waitlist offer on the front desk's worklist")
	}
	link := html.UnescapeString(m[1])
	form := desk.getBody(link, http.StatusOK)
	if !strings.Contains(form, `name="patient_id" value="`+strconv.FormatInt(f.other, 10)+`"`) || !strings.Contains(form, `id="waitlist-offer"`) {
		t.Fatalf("the offer's form is not filled in:\n%s", form)
	}
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	if res := desk.post("/calendar/book", u.Query()); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("booking the offer: %d %s", res.StatusCode, body(res))
	}
	if wl, err := f.svc.Waitlist(ctx, systemActor(f.clinicID)); err != nil || len(wl) != 0 {
		t.Errorf("after the booking the waitlist has %d (%v)", len(wl), err)
	}
	if strings.Contains(desk.getBody("/worklist", http.StatusOK), "waitlist offer</span>") {
		t.Error("the offer is still on the worklist")
	}
}

// A count due opens the ledger's count form on its container.
func TestLedgerCountFormFromWorklist(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite")
	u := f.users[clinic.RoleNurse]
	nurse := service.Actor{UserID: u.ID, ClinicID: f.clinicID, Role: clinic.RoleNurse, Name: u.Name}
	c, err := f.svc.ReceiveStock(t.Context(), nurse, custody.LedgerReceiveInput{Drug: "ketamine", Form: "vial",
		NDC: "42023-113-10", Lot: "L1", Expires: time.Now().AddDate(1, 0, 0).Format(time.DateOnly), ConcentrationMgPerML: 50, ML: 10,
		Invoice: "I-1", Supplier: "Supplier"})
	if err != nil {
		t.Fatal(err)
	}
	page := f.signIn(clinic.RoleNurse).getBody("/ledger?count="+strconv.FormatInt(c.ID, 10), http.StatusOK)
	if !strings.Contains(page, `<details open><summary id="count-open">`) ||
		!strings.Contains(page, `<option value="`+strconv.FormatInt(c.ID, 10)+`" selected>`) {
		t.Errorf("the count form is not open on the container:\n%s", page)
	}
}
