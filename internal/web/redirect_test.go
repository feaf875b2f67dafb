package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service/booking"
	"onset/internal/store"
)

// Targets that would leave the site, or that a browser may read as
// leaving it once it strips tabs and newlines or turns "\" into "/".
var offSiteTargets = []string{
	"https://evil.example", "http:/evil.example", "javascript:alert(1)", "evil.example", "",
	"//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "\\/evil.example",
	"/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "\t//evil.example", " //evil.example",
	"/\x00/evil.example", "/\x7f/evil.example",
	"/%2F%2Fevil.example", "/%2f/evil.example", "/%5Cevil.example", "/%5cevil.example", "/%09/evil.example",
	"/%0a/evil.example", "/%0d%0a/evil.example", "/%252F%252Fevil.example", "/%25252F%25252Fevil.example",
	"/%2", "/patients\\..\\..\\evil",
}

// Targets on this site that sign-in must keep.
var onSiteTargets = []string{"/patients?q=Pat", "/patients/7#notes", "/calendar?date=2026-06-01&view=week",
	"/patients?q=M%C3%BCller", "/"}

func TestSignInRedirectStaysOnSite(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	for _, target := range offSiteTargets {
		res := f.anonymous().post("/login?next="+url.QueryEscape(target), url.Values{"email": {"nurse@example.org"}, "password": {testPassword}})
		if got := res.Header.Get("Location"); got != "/" {
			t.Errorf("next=%q sent the browser to %q, want /", target, got)
		}
		// The sign-in page does not carry the target into its form either.
		page := f.anonymous().getBody("/login?next="+url.QueryEscape(target), http.StatusOK)
		if target != "" && strings.Contains(page, `action="/login?next=`) {
			t.Errorf("the sign-in form keeps next=%q", target)
		}
	}
	for _, target := range onSiteTargets {
		res := f.anonymous().post("/login?next="+url.QueryEscape(target), url.Values{"email": {"nurse@example.org"}, "password": {testPassword}})
		if got := res.Header.Get("Location"); got != target {
			t.Errorf("next=%q sent the browser to %q", target, got)
		}
	}
}

// A form's back= field goes through the same check.
func TestFormBackTargetStaysOnSite(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 20, 9, 0, 0, 0, time.UTC)
	f := newFixtureWithClock(t, func() time.Time { return now })
	ctx := t.Context()
	sys := systemActor(f.clinicID)
	if err := f.svc.SetBookingSettings(ctx, sys, record.BookingSettings{Timezone: "UTC", Policy: schedule.DefaultPolicy()}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AddResource(ctx, sys, record.BookingResource{Name: "Room A", Kind: schedule.Room}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AddProvider(ctx, sys, record.BookingProvider{UserID: f.users[clinic.RoleClinician].ID}); err != nil {
		t.Fatal(err)
	}
	fd := f.signIn(clinic.RoleFrontDesk)
	fallback := "/patients/" + strconv.FormatInt(f.patient, 10) + "/appointments"
	targets := append([]string{"/calendar?date=2026-06-01"}, offSiteTargets...)
	for i, back := range targets {
		a, err := f.svc.BookAppointment(ctx, sys, booking.BookingInput{PatientID: f.patient, Kind: schedule.Consultation,
			Start: time.Date(2026, 6, 1+i/6, 9+i%6, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatalf("booking %d: %v", i, err)
		}
		res := fd.post("/appointments/"+strconv.FormatInt(a.ID, 10)+"/cancel", url.Values{"reason": {"asked"}, "back": {back}})
		want := fallback
		if i == 0 {
			want = back
		}
		if got := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || got != want {
			t.Errorf("back=%q: %d to %q, want %q", back, res.StatusCode, got, want)
		}
	}
}
