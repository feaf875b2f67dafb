package web_test

import (
	"bufio"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/store"
)

// An alarming reading and a dose held for blood pressure reach a
// clinician's open event stream as they are stored, and the home page
// lists them for whoever opens it later.
func TestRoomProblemsReachTheClinicianLive(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	f.signPlan("iv-ketamine-induction", 70, 10, 100)
	nurse := f.signIn(clinic.RoleNurse)
	clin := f.signIn(clinic.RoleClinician)
	pid := strconv.FormatInt(f.patient, 10)

	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, f.srv.URL+"/events/room", nil)
	res, err := clin.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("event stream: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	events := make(chan string, 8)
	go func() {
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				events <- data
			}
		}
		close(events)
	}()
	next := func(what string) string {
		t.Helper()
		select {
		case e, ok := <-events:
			if !ok {
				t.Fatalf("the stream ended before %s", what)
			}
			return e
		case <-ctx.Done():
			t.Fatalf("no event for %s", what)
		}
		return ""
	}

	// A blood pressure of 192/118 at check-in holds the dose.
	if res := nurse.post("/patients/"+pid+"/treatment", checkInForm("192", "118")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("check-in: %d", res.StatusCode)
	}
	if e := next("the hold"); !strings.Contains(e, `"kind":"hold"`) || !strings.Contains(e, "Pat P-1") {
		t.Errorf("hold event %s", e)
	}
	// The home page, opened now, lists it.
	home := clin.getBody("/", http.StatusOK)
	if !strings.Contains(home, `id="room-problems"`) || !strings.Contains(home, "Dose held until a clinician decides") || !strings.Contains(home, `data-events="/events/room"`) {
		t.Errorf("the home page does not list the hold:\n%s", home)
	}
	sid := regexpValue(t, home, `href="/treatment/`)
	// The clinician lets the dose go ahead; an alarming reading follows:
	// one event, with every limit it broke.
	if res := clin.post("/treatment/"+sid+"/hold", url.Values{"decision": {"proceed"}, "reason": {"Recheck 150/92 after rest."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("hold decision: %d", res.StatusCode)
	}
	if res := nurse.post("/treatment/"+sid+"/vitals", url.Values{"systolic": {"192"}, "diastolic": {"118"}, "heart_rate": {"90"},
		"spo2": {"89"}, "resp_rate": {"14"}, "moaas": {"4"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("vitals: %d", res.StatusCode)
	}
	e := next("the alarming reading")
	if !strings.Contains(e, `"kind":"vitals-alert"`) || !strings.Contains(e, "192/118, SpO2 89%") ||
		!strings.Contains(e, "above 180/110") || !strings.Contains(e, "SpO2 89% is below 92%") {
		t.Errorf("reading event %s", e)
	}
	// A nurse's home lists them too; the front desk has no stream.
	if !strings.Contains(nurse.getBody("/", http.StatusOK), "SpO2 89%") {
		t.Error("the nurse's home does not list the reading")
	}
	if res := f.signIn(clinic.RoleFrontDesk).stream("/events/room"); res.StatusCode != http.StatusForbidden {
		t.Errorf("front desk event stream: %d", res.StatusCode)
	}
}
