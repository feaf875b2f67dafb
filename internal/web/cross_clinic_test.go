package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/schedule"
	"onset/internal/service"
	"onset/internal/service/booking"
	"onset/internal/store"
)

// TestCrossClinicEveryRoute: staff who work at two clinics of an
// organization, working in the second, address every route that names a
// record with the first clinic's records (patient, appointment, treatment
// session, note, conversation, user): every one is refused — not found or
// forbidden — and nothing is shown or changed. Back in the first clinic
// the same records open, so the refusal is the clinic's, not the record's.
func TestCrossClinicEveryRoute(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	ctx := t.Context()
	pid := strconv.FormatInt(f.patient, 10)
	ids := map[string]string{"{id}": pid, "{uid}": strconv.FormatInt(f.users[clinic.RoleTherapist].ID, 10)}

	if _, err := f.svc.AddResource(ctx, systemActor(f.clinicID), record.BookingResource{Name: "Room A", Kind: schedule.Room}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AddProvider(ctx, systemActor(f.clinicID), record.BookingProvider{UserID: f.users[clinic.RoleClinician].ID}); err != nil {
		t.Fatal(err)
	}
	day := time.Now().UTC().AddDate(0, 0, 2)
	for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
		day = day.AddDate(0, 0, 1)
	}
	appt, err := f.svc.BookAppointment(ctx, systemActor(f.clinicID), booking.BookingInput{PatientID: f.patient, Kind: "consultation",
		Start: time.Date(day.Year(), day.Month(), day.Day(), 14, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	ids["{aid}"] = strconv.FormatInt(appt.ID, 10)
	nurse := f.signIn(clinic.RoleNurse)
	thread := threadLocation.FindStringSubmatch(nurse.post("/patients/"+pid+"/messages",
		url.Values{"subject": {"Your visit"}, "body": {"See you on Wednesday."}}).Header.Get("Location"))
	if thread == nil {
		t.Fatal("no conversation started")
	}
	ids["{tid}"] = thread[1]
	note := regexp.MustCompile(`^/notes/(\d+)`).FindStringSubmatch(nurse.post("/patients/"+pid+"/notes",
		url.Values{"kind": {"progress"}, "body": {"Tolerated the visit well."}}).Header.Get("Location"))
	if note == nil {
		t.Fatal("no note written")
	}
	ids["{nid}"] = note[1]
	f.signPlan("iv-ketamine-induction", 70, 10, 100)
	session := sessionLocation.FindStringSubmatch(nurse.post("/patients/"+pid+"/treatment", checkInForm("120", "80")).Header.Get("Location"))
	if session == nil {
		t.Fatal("no treatment session")
	}
	ids["{sid}"] = session[1]
	// A note template of the first clinic (under /admin/, tried on its own below).
	tmpl, err := f.svc.SaveNoteTemplate(ctx, systemActor(f.clinicID), record.NoteTemplate{Kind: "progress", Name: "Ours", Body: "S:\nO:"})
	if err != nil {
		t.Fatal(err)
	}

	east, err := f.svc.AddClinic(ctx, service.System(f.clinicID), "Eastside", "")
	if err != nil {
		t.Fatal(err)
	}
	roles := []clinic.Role{clinic.RoleAdmin, clinic.RoleClinician, clinic.RoleNurse, clinic.RoleFrontDesk, clinic.RoleTherapist}
	clients := map[clinic.Role]*client{}
	for _, role := range roles {
		if err := f.svc.SetStaffClinics(ctx, service.System(f.clinicID), f.users[role].ID, []int64{east.ID}); err != nil {
			t.Fatal(err)
		}
		c := f.signIn(role)
		if res := c.post("/clinic", url.Values{"clinic": {strconv.FormatInt(east.ID, 10)}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s switches to Eastside: %d", role, res.StatusCode)
		}
		clients[role] = c
	}
	before := lastAudit(t, f)
	param := regexp.MustCompile(`\{[a-z]+\}`)
	tried := 0
	for _, rt := range f.web.Routes() {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		if !strings.Contains(path, "{") || strings.HasPrefix(path, "/org/") || strings.HasPrefix(path, "/admin/") ||
			strings.HasPrefix(path, "/events/") || allowedRoles[rt.Pattern] == nil {
			continue // no record named, the organization's own, or public
		}
		var as clinic.Role
		for _, r := range roles {
			if contains(allowedRoles[rt.Pattern], r) {
				as = r
				break
			}
		}
		if as == "" {
			continue // patients only
		}
		target := param.ReplaceAllStringFunc(path, func(p string) string {
			if v, ok := ids[p]; ok {
				return v
			}
			return "1" // a second parameter (an alert, a version): the record it hangs on is refused first
		})
		c := clients[as]
		var res *http.Response
		switch method {
		case http.MethodGet:
			res = c.get(target)
		case http.MethodPut:
			res = c.put(target, url.Values{"name": {"x"}})
		default:
			res = c.post(target, url.Values{"name": {"x"}})
		}
		tried++
		b := body(res)
		switch {
		case res.StatusCode == http.StatusNotFound || res.StatusCode == http.StatusForbidden:
		case res.StatusCode == http.StatusBadRequest: // the dummy form refused before the record is looked up
		case res.StatusCode == http.StatusSeeOther: // a refused form goes back to its page, which is the other clinic's
			loc := res.Header.Get("Location")
			if back := c.get(loc); back.StatusCode != http.StatusNotFound {
				t.Errorf("%s %s as %s working in Eastside: back to %s, which answers %d, want 404", method, target, as, loc, back.StatusCode)
			}
		default:
			t.Errorf("%s %s as %s working in Eastside: %d, want it refused", method, target, as, res.StatusCode)
		}
		if strings.Contains(b, "P-1") {
			t.Errorf("%s %s as %s working in Eastside shows the other clinic's patient", method, target, as)
		}
	}
	// The first clinic's note template cannot be deleted from Eastside.
	if res := clients[clinic.RoleAdmin].post("/admin/note-templates/"+strconv.FormatInt(tmpl.ID, 10)+"/delete", url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("deleting the other clinic's note template: %d", res.StatusCode)
	}
	if ts, err := f.svc.NoteTemplates(ctx, systemActor(f.clinicID)); err != nil || !slices.ContainsFunc(ts, func(x record.NoteTemplate) bool { return x.ID == tmpl.ID }) {
		t.Errorf("the first clinic's note template after Eastside's try: %v", err)
	}
	if last := lastAudit(t, f); last != before {
		t.Errorf("the sweep left audit rows in the first clinic (last %d, was %d): something there was read or written", last, before)
	}
	if tried < 40 {
		t.Errorf("only %d routes tried", tried)
	}
	// Back in the first clinic the records open.
	admin := clients[clinic.RoleAdmin]
	admin.post("/clinic", url.Values{"clinic": {strconv.FormatInt(f.clinicID, 10)}})
	admin.getBody("/patients/"+pid, http.StatusOK)
	admin.getBody("/treatment/"+ids["{sid}"], http.StatusOK)
	admin.getBody("/notes/"+ids["{nid}"], http.StatusOK)
}

// lastAudit is the ID of the fixture clinic's latest audit row.
func lastAudit(t *testing.T, f *fixture) int64 {
	t.Helper()
	es, err := f.svc.AuditLog(t.Context(), service.System(f.clinicID), clinic.AuditFilter{Limit: 1})
	if err != nil || len(es) == 0 {
		t.Fatalf("audit: %v %d", err, len(es))
	}
	return es[0].ID
}
