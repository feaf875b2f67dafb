package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service/booking"
)

// A follow-up by video: the patient's portal says so with the link to
// join, the patient's appointments page marks it "video", and the
// calendar's booking form books one with no room held.
func TestVideoVisitPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite")
	ctx := t.Context()
	sys := systemActor(f.clinicID)
	if _, err := f.svc.AddResource(ctx, sys, record.BookingResource{Name: "Room A", Kind: schedule.Room}); err != nil {
		t.Fatal(err)
	}
	prov, err := f.svc.AddProvider(ctx, sys, record.BookingProvider{UserID: f.users[clinic.RoleClinician].ID})
	if err != nil {
		t.Fatal(err)
	}
	day := time.Now().UTC().AddDate(0, 0, 2)
	for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
		day = day.AddDate(0, 0, 1)
	}
	start := time.Date(day.Year(), day.Month(), day.Day(), 10, 0, 0, 0, time.UTC)
	if _, err := f.svc.BookAppointment(ctx, sys, booking.BookingInput{PatientID: f.patient, Kind: schedule.FollowUp, Start: start,
		ProviderID: prov.ID, Video: true, JoinLink: "https://meet.example.org/p1"}); err != nil {
		t.Fatal(err)
	}
	portal := f.signIn(clinic.RolePatient).getBody("/patients/"+strconv.FormatInt(f.patient, 10), http.StatusOK)
	if !strings.Contains(portal, "by video") || !strings.Contains(portal, `href="https://meet.example.org/p1"`) {
		t.Errorf("the portal's next visit does not say video with its link")
	}
	if ics := f.signIn(clinic.RolePatient).getBody("/patients/"+strconv.FormatInt(f.patient, 10)+"/appointments.ics", http.StatusOK); !strings.Contains(ics, "LOCATION:Video: https://meet.example.org/p1") {
		t.Errorf("the patient's calendar file has no video link:\n%s", ics)
	}
	nurse := f.signIn(clinic.RoleNurse)
	appts := nurse.getBody("/patients/"+strconv.FormatInt(f.patient, 10)+"/appointments", http.StatusOK)
	if !strings.Contains(appts, `<span class="status video"`) {
		t.Errorf("the appointments page has no video mark")
	}
	// From the calendar: a video follow-up for P-2 at the same time, by the
	// provider's quarter hour; Room A stays free.
	res := nurse.post("/calendar/book", map[string][]string{"date": {start.Format(time.DateOnly)}, "time": {"11:00"},
		"provider": {strconv.FormatInt(prov.ID, 10)}, "patient": {"P-2"}, "kind": {"follow-up"}, "video": {"on"},
		"join_link": {"Dr will phone at 11:00"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("booking by video from the calendar: %d %s", res.StatusCode, body(res))
	}
	if res := nurse.post("/calendar/book", map[string][]string{"date": {start.Format(time.DateOnly)}, "time": {"12:00"},
		"provider": {strconv.FormatInt(prov.ID, 10)}, "patient": {"P-2"}, "kind": {"follow-up"}, "video": {"on"},
		"join_link": {"http://meet.example.org/x"}}); res.StatusCode != http.StatusBadRequest || !strings.Contains(body(res), "must start with https://") {
		t.Errorf("a plain-http link was not refused with why: %d", res.StatusCode)
	}
}
