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
	"onset/internal/service/plans"
	"onset/internal/store"
)

// bookingFixture is the web fixture at Wed 20 May 2026 11:00 in Berlin
// with two chairs, a room, the clinician and nurse as providers and a
// signed IV plan (Mon/Wed/Fri from 1 June) for the patient account.
func bookingFixture(t *testing.T) (*fixture, int64) {
	t.Helper()
	now := time.Date(2026, 5, 20, 9, 0, 0, 0, time.UTC)
	f := newFixtureWithClock(t, func() time.Time { return now })
	ctx := t.Context()
	sys := systemActor(f.clinicID)
	if err := f.svc.SetBookingSettings(ctx, sys, record.BookingSettings{Timezone: "Europe/Berlin", Policy: schedule.DefaultPolicy()}); err != nil {
		t.Fatal(err)
	}
	var chair1 int64
	for i, n := range []string{"Chair 1", "Chair 2", "Room A"} {
		k := schedule.Chair
		if i == 2 {
			k = schedule.Room
		}
		r, err := f.svc.AddResource(ctx, sys, record.BookingResource{Name: n, Kind: k})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			chair1 = r.ID
		}
	}
	for _, role := range []clinic.Role{clinic.RoleClinician, clinic.RoleNurse} {
		if _, err := f.svc.AddProvider(ctx, sys, record.BookingProvider{UserID: f.users[role].ID}); err != nil {
			t.Fatal(err)
		}
	}
	doc := actorOf(f.users[clinic.RoleClinician])
	p, err := f.svc.CreatePlan(ctx, doc, f.patient, plans.PlanInput{TemplateID: "iv-ketamine-induction", WeightKg: 70,
		Start: "2026-06-01", Weekdays: []time.Weekday{time.Monday, time.Wednesday, time.Friday}, ConcentrationMgPerML: 10, DiluentML: 100})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SignPlan(ctx, doc, f.patient, p.ID); err != nil {
		t.Fatal(err)
	}
	return f, chair1
}

var slotValue = regexp.MustCompile(`name="slot" value="([^"]+)"`)

func TestPatientBooksPlanSessionsOnline(t *testing.T) {
	t.Parallel()
	f, _ := bookingFixture(t)
	pat := f.signIn(clinic.RolePatient)
	page := "/patients/" + strconv.FormatInt(f.patient, 10) + "/appointments"
	b := pat.getBody(page+"?find=1&from=2026-06-01&n=3", http.StatusOK)
	slots := slotValue.FindAllStringSubmatch(b, -1)
	if len(slots) != 3 {
		t.Fatalf("%d proposed sessions, want 3:\n%s", len(slots), b)
	}
	if !strings.Contains(b, "Session 1: Mon 1 Jun 2026 08:00–09:25") {
		t.Errorf("first proposal is not Monday 1 June at opening:\n%s", b)
	}
	form := url.Values{}
	for _, s := range slots {
		form.Add("slot", html.UnescapeString(s[1]))
	}
	res := pat.post(page+"/series", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("booking the series: %d\n%s", res.StatusCode, body(res))
	}
	b = pat.getBody(page, http.StatusOK)
	for _, want := range []string{"plan session 1", "plan session 2", "plan session 3", "Mon 1 Jun 2026 08:00–09:25", "Wed 3 Jun 2026 08:00"} {
		if !strings.Contains(b, want) {
			t.Errorf("appointments page lacks %q", want)
		}
	}
	// Posting the same proposals again books nothing and says why.
	res = pat.post(page+"/series", form)
	if res.StatusCode != http.StatusConflict {
		t.Errorf("second booking of the same sessions: %d, want 409", res.StatusCode)
	}
	// A patient cannot book for, or see, another patient.
	other := "/patients/" + strconv.FormatInt(f.other, 10) + "/appointments"
	if res := pat.get(other); res.StatusCode != http.StatusForbidden {
		t.Errorf("another patient's appointments: %d, want 403", res.StatusCode)
	}
	if res := pat.post(other, url.Values{"kind": {"consultation"}, "date": {"2026-06-02"}, "time": {"10:00"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("booking for another patient: %d, want 403", res.StatusCode)
	}
	// The patient's own calendar file.
	res = pat.get(page + ".ics")
	ics := body(res)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("ics: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if strings.Count(ics, "BEGIN:VEVENT\r\n") != 3 || !strings.Contains(ics, "DTSTART:20260601T060000Z\r\n") ||
		!strings.Contains(ics, "UID:appointment-") {
		t.Errorf("ics lacks the three sessions in UTC:\n%s", ics)
	}
	// A malformed time is refused with a message.
	res = pat.post(page, url.Values{"kind": {"consultation"}, "date": {"2026-06-02"}, "time": {"ten"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body(res), "Give the date (YYYY-MM-DD) and the time (HH:MM).") {
		t.Errorf("bad time: %d", res.StatusCode)
	}
}

func TestFrontDeskDayViewAndCancel(t *testing.T) {
	t.Parallel()
	f, chair1 := bookingFixture(t)
	fd := f.signIn(clinic.RoleFrontDesk)
	page := "/patients/" + strconv.FormatInt(f.patient, 10) + "/appointments"
	fd.getBody(page, http.StatusOK)
	res := fd.post(page, url.Values{"kind": {"iv-infusion"}, "date": {"2026-06-01"}, "time": {"10:00"},
		"resource": {strconv.FormatInt(chair1, 10)}, "provider": {"0"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("booking: %d\n%s", res.StatusCode, body(res))
	}
	// The same chair at an overlapping time for the other patient is refused, plainly.
	otherPage := "/patients/" + strconv.FormatInt(f.other, 10) + "/appointments"
	res = fd.post(otherPage, url.Values{"kind": {"consultation"}, "date": {"2026-06-01"}, "time": {"10:00"}, "provider": {"0"},
		"resource": {strconv.FormatInt(chair1, 10)}})
	if res.StatusCode == http.StatusSeeOther {
		t.Fatal("a consultation was booked into a treatment chair")
	}
	b := fd.getBody("/calendar?date=2026-06-01", http.StatusOK)
	chair := gridColumn(t, b, "chairs", chair1)
	if len(chair) != 1 || !strings.Contains(chair[0].text, "10:00–11:25") || !strings.Contains(chair[0].text, "Pat P-1") ||
		!strings.Contains(chair[0].text, "plan session 1") || chair[0].row != 2+4*(10-8) || chair[0].span != 6 {
		t.Errorf("Chair 1's column lacks the booking at 10:00 for 85 minutes: %+v", chair)
	}
	if !strings.Contains(b, `id="cal-providers"`) || strings.Count(b, ">Pat P-1<") != 2 {
		t.Errorf("the booking should show once per chair and once per provider")
	}
	week := fd.getBody("/calendar?date=2026-06-03&view=week", http.StatusOK)
	if !strings.Contains(week, "Week of Monday 1 June 2026") || !strings.Contains(week, "10:00–11:25") {
		t.Errorf("week view lacks the booking")
	}
	if res := fd.get("/calendar?date=June"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("bad date: %d, want 400", res.StatusCode)
	}
	res = fd.get("/calendar.ics?from=2026-06-01&days=7")
	ics := body(res)
	if !strings.Contains(ics, "DTSTART:20260601T080000Z\r\n") || !strings.Contains(ics, "LOCATION:Chair 1\r\n") {
		t.Errorf("clinic ics:\n%s", ics)
	}
	// Move it an hour later, then cancel it, from the patient's page.
	m := regexp.MustCompile(`action="/appointments/(\d+)/cancel"`).FindStringSubmatch(fd.getBody(page, http.StatusOK))
	if m == nil {
		t.Fatal("no cancel form")
	}
	if b := fd.follow(fd.post("/appointments/"+m[1]+"/move", url.Values{"date": {"2026-06-01"}, "time": {"11:00"}})); !strings.Contains(b, "Moved to") {
		t.Fatalf("move: no notice\n%s", b)
	}
	if b := fd.getBody("/calendar?date=2026-06-01", http.StatusOK); !strings.Contains(b, "11:00–12:25") {
		t.Error("the moved appointment is not at 11:00")
	}
	res = fd.post("/appointments/"+m[1]+"/move", url.Values{"date": {"2026-07-01"}, "time": {"11:00"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body(res), "moved by up to 7 days") {
		t.Errorf("a move of a month: %d", res.StatusCode)
	}
	if m == nil {
		t.Fatalf("no cancel form:\n%s", fd.getBody(page, http.StatusOK))
	}
	if b := fd.follow(fd.post("/appointments/"+m[1]+"/cancel", url.Values{"reason": {"patient asked"}})); !strings.Contains(b, "cancelled") {
		t.Fatalf("cancel: no notice\n%s", b)
	}
	b = fd.getBody("/calendar?date=2026-06-01", http.StatusOK)
	if strings.Contains(b, "Pat P-1") {
		t.Error("the cancelled appointment is still on the day view")
	}
}

func TestAdminSetsUpBooking(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	admin := f.signIn(clinic.RoleAdmin)
	b := admin.getBody("/admin/booking", http.StatusOK)
	if !strings.Contains(b, `value="UTC"`) || !strings.Contains(b, "Test clinician (clinician)") {
		t.Fatalf("set-up page lacks the default zone or the clinician:\n%s", b)
	}
	form := url.Values{"timezone": {"Europe/Berlin"}, "notice_hours": {"48"}, "max_reschedules": {"1"}, "within_days": {"5"},
		"open_1": {"1"}, "from_1": {"07:30"}, "to_1": {"19:00"}, "open_6": {"1"}, "from_6": {"09:00"}, "to_6": {"13:00"}}
	if res := admin.post("/admin/booking/settings", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save settings: %d %s", res.StatusCode, body(res))
	}
	bad := url.Values{"timezone": {"Mars/Olympus"}, "notice_hours": {"48"}, "max_reschedules": {"1"}, "within_days": {"5"}, "open_1": {"1"},
		"from_1": {"07:30"}, "to_1": {"19:00"}}
	if res := admin.post("/admin/booking/settings", bad); res.StatusCode != http.StatusBadRequest || !strings.Contains(body(res), "is not a time zone") {
		t.Errorf("unknown zone: %d", res.StatusCode)
	}
	if res := admin.post("/admin/booking/resources", url.Values{"name": {"Chair 1"}, "kind": {"chair"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add chair: %d", res.StatusCode)
	}
	if res := admin.post("/admin/booking/resources", url.Values{"name": {"Chair 1"}, "kind": {"chair"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("a second Chair 1: %d, want 409", res.StatusCode)
	}
	nurse := strconv.FormatInt(f.users[clinic.RoleNurse].ID, 10)
	if res := admin.post("/admin/booking/providers", url.Values{"user": {nurse}, "treatments_only": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add provider: %d %s", res.StatusCode, body(res))
	}
	front := strconv.FormatInt(f.users[clinic.RoleFrontDesk].ID, 10)
	if res := admin.post("/admin/booking/providers", url.Values{"user": {front}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("front desk as a provider: %d, want 400", res.StatusCode)
	}
	b = admin.getBody("/admin/booking", http.StatusOK)
	for _, want := range []string{`value="Europe/Berlin"`, `name="from_1" value="07:30"`, `name="open_6" value="1" checked`,
		`name="notice_hours" min="0" max="720" value="48"`, "Chair 1", "Test nurse"} {
		if !strings.Contains(b, want) {
			t.Errorf("set-up page lacks %q", want)
		}
	}
	if strings.Contains(b, `name="open_3" value="1" checked`) {
		t.Error("Wednesday is open, but was not ticked")
	}
}

// TestFrontDeskBooksARecurringSeries: the booking form's "Repeat" field
// books a series in one go, each session at the same local time.
func TestFrontDeskBooksARecurringSeries(t *testing.T) {
	t.Parallel()
	f, _ := bookingFixture(t)
	fd := f.signIn(clinic.RoleFrontDesk)
	page := "/patients/" + strconv.FormatInt(f.other, 10) + "/appointments"
	if !strings.Contains(fd.getBody(page, http.StatusOK), `id="book-repeat"`) {
		t.Fatal("no repeat field on the staff booking form")
	}
	res := fd.post(page, url.Values{"kind": {"follow-up"}, "date": {"2026-06-01"}, "time": {"14:00"}, "resource": {"0"},
		"provider": {"0"}, "repeat": {"every 3 weeks for 3 sessions"}})
	if b := fd.follow(res); !strings.Contains(b, "Booked 3") {
		t.Fatalf("recurring booking: no notice\n%s", b)
	}
	for _, day := range []string{"2026-06-01", "2026-06-22", "2026-07-13"} {
		if b := fd.getBody("/calendar?date="+day, http.StatusOK); !strings.Contains(b, "14:00–14:30") {
			t.Errorf("no 14:00 follow-up on %s", day)
		}
	}
	res = fd.post(page, url.Values{"kind": {"follow-up"}, "date": {"2026-06-02"}, "time": {"14:00"}, "repeat": {"whenever"}})
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("unreadable repeat: %d", res.StatusCode)
	}
}
