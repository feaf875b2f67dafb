package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/store/storetest"
)

// TestDatesAreInAWindow: every date and time a person enters lies in a
// window for its field — a birth date in the past, an appointment no
// further ahead than the booking horizon, a lot expiry within shelf life,
// the time a questionnaire was taken — and the zero time is refused, never
// taken to mean now. Year 9999 is a clear 400, never a 500.
func TestDatesAreInAWindow(t *testing.T) {
	t.Parallel()
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, e)
			nurse, doc := f.signIn(clinic.RoleNurse), f.signIn(clinic.RoleClinician)
			pid := strconv.FormatInt(f.patient, 10)
			token, err := f.svc.CreateAPIToken(t.Context(), actorOf(f.users[clinic.RoleNurse]), "script")
			if err != nil {
				t.Fatal(err)
			}
			// When a questionnaire was taken: the zero time and year 9999.
			apath := fmt.Sprintf("/api/v1/patients/%d/assessments", f.patient)
			for _, at := range []string{"0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1900-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
				"2026-02-30T10:00:00Z", "2026-06-01T10:00:00+25:00"} {
				res, out := f.apiCall("POST", apath, token, `{"instrument":"phq9","answers":[0,0,0,0,0,0,0,0,0],"taken_at":"`+at+`"}`)
				if res.StatusCode != http.StatusBadRequest || !strings.Contains(fmt.Sprint(out), "taken") {
					t.Errorf("taken_at %s: %d %v", at, res.StatusCode, out)
				}
			}
			form := url.Values{"instrument": {"phq9"}}
			for i := 1; i <= 9; i++ {
				form.Set("item"+strconv.Itoa(i), "0")
			}
			for _, at := range []string{"0001-01-01T00:00", "9999-12-31T23:59"} {
				nurse.refusal(t, "form taken_at "+at, nurse.post("/patients/"+pid+"/assessments", withField(form, "taken_at", at)), "taken")
			}
			if n := f.assessmentCount(f.patient); n != 0 {
				t.Errorf("%d assessments stored with odd times", n)
			}
			// Birth dates, on the form and through the API.
			reg := url.Values{"mrn": {"N-9"}, "given_name": {"Nia"}, "family_name": {"Ng"}, "sex": {"female"}}
			for _, d := range []string{"9999-12-31", "0001-01-01", "1850-01-01", time.Now().AddDate(0, 0, 2).Format(time.DateOnly)} {
				nurse.refusal(t, "birth date "+d, nurse.post("/patients", withField(reg, "birth_date", d)), "birth")
				res, out := f.apiCall("POST", "/api/v1/patients", token, `{"mrn":"A-1","given_name":"A","family_name":"B","sex":"female","birth_date":"`+d+`"}`)
				if res.StatusCode != http.StatusBadRequest {
					t.Errorf("API birth date %s: %d %v", d, res.StatusCode, out)
				}
			}
			// Plan start: within the planning window.
			plan := url.Values{"template": {"iv-ketamine-induction"}, "weight_kg": {"70"}, "weekday": {"1", "3", "5"},
				"concentration": {"10"}, "diluent_ml": {"100"}}
			for _, d := range []string{"9999-01-01", "2099-06-01", "1999-01-01", "0001-01-01"} {
				nurse.refusal(t, "plan start "+d, nurse.post("/patients/"+pid+"/plans", withField(plan, "start", d)), "first treatment day")
			}
			// Appointments: no further ahead than the booking horizon.
			f.signPlan("iv-ketamine-induction", 70, 10, 100)
			for _, d := range []string{"9999-12-31", "2999-01-01", time.Now().AddDate(5, 0, 0).Format(time.DateOnly)} {
				nurse.refusal(t, "appointment on "+d, nurse.post("/patients/"+pid+"/appointments",
					url.Values{"kind": {"consultation"}, "date": {d}, "time": {"09:00"}}), "ahead")
			}
			for _, unix := range []int64{253402300800, 1 << 40, -62135596800} {
				v := fmt.Sprintf("%d|0|0|1|infusion", unix)
				nurse.refusal(t, "proposed start "+v, nurse.post("/patients/"+pid+"/appointments/series", url.Values{"slot": {v}}))
			}
			if n := f.auditCount(string(service.ActAppointmentBook), f.patient); n != 0 {
				t.Errorf("%d appointments booked at odd times", n)
			}
			// Lot expiry: within a drug's shelf life.
			recv := url.Values{"drug": {"ketamine"}, "form": {"vial"}, "ndc": {"0409-2051-05"}, "lot": {"K-77"},
				"concentration": {"10"}, "ml": {"10"}, "invoice": {"INV-9"}, "supplier": {"Wholesaler"}}
			for _, d := range []string{"9999-12-31", "2999-01-01", "0001-01-01"} {
				nurse.refusal(t, "lot expiry "+d, nurse.post("/ledger/receive", withField(recv, "expires", d)), "expir")
			}
			if n := f.auditCount(string(service.ActLedgerRecord), 0); n != 0 {
				t.Errorf("%d ledger entries with odd expiry dates", n)
			}
			// A REMS enrolment date and the filters of reports: year 9999 is a clear 400.
			nurse.refusal(t, "REMS enrolment in 9999", nurse.post("/patients/"+pid+"/rems-enrolment",
				url.Values{"rems_enrolled": {"yes"}, "rems_enrolled_on": {"9999-12-31"}}), "enrol")
			admin := f.signIn(clinic.RoleAdmin)
			for _, get := range []struct {
				c    *client
				path string
			}{
				{nurse, "/ledger/inventory?date=9999-12-31"},
				{nurse, "/calendar?date=9999-12-31"},
				{nurse, "/calendar.ics?from=9999-12-31"},
				{doc, "/outcomes?from=9999-12-31"},
				{doc, "/outcomes?to=9999-12-31"},
				{doc, "/api/v1/outcomes?from=0001-01-01&to=9999-12-31"},
				{admin, "/audit?since=9999-12-31"},
				{admin, "/audit?until=9999-12-31"},
				{nurse, "/patients/" + pid + "/appointments?find=1&from=9999-12-31&n=3"},
			} {
				if res := get.c.get(get.path); res.StatusCode != http.StatusBadRequest {
					t.Errorf("GET %s: %d, want 400\n%.300s", get.path, res.StatusCode, body(res))
				}
			}
		})
	}
}
