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
	"onset/internal/scales"
	"onset/internal/store/storetest"
)

// TestPatientsRecordOnlySelfReports (issue 10 §2): a patient answers only
// the questionnaires a patient fills in — never a clinician's rating such
// as the MADRS or the CADSS — and never chooses when the answers were
// taken: through the page's form, its POST and the API alike.
func TestPatientsRecordOnlySelfReports(t *testing.T) {
	t.Parallel()
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, e)
			pat := f.signIn(clinic.RolePatient)
			pid := strconv.FormatInt(f.patient, 10)
			ptoken, err := f.svc.CreateAPIToken(t.Context(), actorOf(f.users[clinic.RolePatient]), "phone")
			if err != nil {
				t.Fatal(err)
			}
			apath := fmt.Sprintf("/api/v1/patients/%d/assessments", f.patient)
			for _, id := range scales.IDs() {
				in, _ := scales.Lookup(id)
				if in.Respondent == scales.Patient {
					continue
				}
				form := url.Values{"instrument": {id}}
				answers := make([]string, len(in.Items))
				for i, it := range in.Items {
					form.Set("item"+strconv.Itoa(it.Number), "0")
					answers[i] = "0"
				}
				if res := pat.get("/patients/" + pid + "/assessments/new?instrument=" + id); res.StatusCode != http.StatusNotFound {
					t.Errorf("patient opens the %s form: %d", id, res.StatusCode)
				}
				if res := pat.post("/patients/"+pid+"/assessments", form); res.StatusCode != http.StatusForbidden {
					t.Errorf("patient posts a %s: %d", id, res.StatusCode)
				}
				res, out := f.apiCall("POST", apath, ptoken, `{"instrument":"`+id+`","answers":[`+strings.Join(answers, ",")+`]}`)
				if res.StatusCode != http.StatusForbidden {
					t.Errorf("patient API %s: %d %v", id, res.StatusCode, out)
				}
			}
			for _, id := range []string{scales.MADRS, scales.CADSS} {
				if in, _ := scales.Lookup(id); in.Respondent != scales.Clinician {
					t.Errorf("%s is not rated by a clinician", id)
				}
			}
			// A patient's answers are taken now: a time they send is refused.
			yesterday := time.Now().Add(-24 * time.Hour).UTC().Format(time.RFC3339)
			res, out := f.apiCall("POST", apath, ptoken, `{"instrument":"phq9","answers":[0,0,0,0,0,0,0,0,0],"taken_at":"`+yesterday+`"}`)
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("patient chooses taken_at: %d %v", res.StatusCode, out)
			}
			form := url.Values{"instrument": {"phq9"}, "taken_at": {time.Now().Add(-24 * time.Hour).Format("2006-01-02T15:04")}}
			for i := 1; i <= 9; i++ {
				form.Set("item"+strconv.Itoa(i), "0")
			}
			if res := pat.post("/patients/"+pid+"/assessments", form); res.StatusCode != http.StatusForbidden {
				t.Errorf("patient form with taken_at: %d", res.StatusCode)
			}
			if n := f.assessmentCount(f.patient); n != 0 {
				t.Fatalf("%d assessments stored from refused patient submissions", n)
			}
			// What a patient may do still works, timed now.
			res, out = f.apiCall("POST", apath, ptoken, `{"instrument":"phq9","answers":[0,0,0,0,0,0,0,0,0]}`)
			if res.StatusCode != http.StatusCreated {
				t.Fatalf("patient PHQ-9: %d %v", res.StatusCode, out)
			}
			taken, _ := time.Parse(time.RFC3339, out["assessment"].(map[string]any)["taken_at"].(string))
			if time.Since(taken) > time.Minute {
				t.Errorf("patient's PHQ-9 taken at %s, not now", taken)
			}
			// Staff rate the MADRS and the CADSS, at the time they choose.
			ntoken, err := f.svc.CreateAPIToken(t.Context(), actorOf(f.users[clinic.RoleNurse]), "tablet")
			if err != nil {
				t.Fatal(err)
			}
			res, out = f.apiCall("POST", apath, ntoken, `{"instrument":"cadss","answers":[`+strings.Repeat("0,", 22)+`0],"taken_at":"`+yesterday+`"}`)
			if res.StatusCode != http.StatusCreated {
				t.Errorf("nurse CADSS: %d %v", res.StatusCode, out)
			}
		})
	}
}
