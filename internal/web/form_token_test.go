package web_test

import (
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"onset/internal/clinic"
	"onset/internal/store/storetest"
	"onset/ui"
)

var formTokenField = regexp.MustCompile(`name="form_token" value="([^"]+)"`)

// formToken is the first form token on the page at path.
func (c *client) formToken(t *testing.T, path string) string {
	t.Helper()
	m := formTokenField.FindStringSubmatch(c.getBody(path, http.StatusOK))
	if m == nil {
		t.Fatalf("%s has no form token", path)
	}
	return m[1]
}

// TestFormSubmittedTwiceStoresOnce: the same form sent twice — a double
// click, or back and send again — stores one record, on both engines and
// when the two arrive at once. The second is told the form was already sent.
func TestFormSubmittedTwiceStoresOnce(t *testing.T) {
	t.Parallel()
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, e)
			nurse := f.signIn(clinic.RoleNurse)
			pid := strconv.FormatInt(f.patient, 10)
			form := url.Values{"instrument": {"phq9"}}
			for i := 1; i <= 9; i++ {
				form.Set("item"+strconv.Itoa(i), "1")
			}
			form.Set("form_token", nurse.formToken(t, "/patients/"+pid+"/assessments/new?instrument=phq9"))
			if res := nurse.post("/patients/"+pid+"/assessments", form); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("first: %d %s", res.StatusCode, body(res))
			}
			nurse.refusal(t, "the same form again", nurse.post("/patients/"+pid+"/assessments", form), "already")
			if n := f.assessmentCount(f.patient); n != 1 {
				t.Fatalf("%d assessments from one form sent twice, want 1", n)
			}
			// A new form (a new token) is a new record.
			form.Set("form_token", nurse.formToken(t, "/patients/"+pid+"/assessments/new?instrument=phq9"))
			if res := nurse.post("/patients/"+pid+"/assessments", form); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("second form: %d %s", res.StatusCode, body(res))
			}
			// Eight copies of one form at once: one is stored.
			form.Set("form_token", nurse.formToken(t, "/patients/"+pid+"/assessments/new?instrument=phq9"))
			form.Set("csrf", nurse.csrf)
			before := f.assessmentCount(f.patient)
			var wg sync.WaitGroup
			codes := make([]int, 8)
			for i := range codes {
				wg.Add(1)
				go func() {
					defer wg.Done()
					req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/patients/"+pid+"/assessments", strings.NewReader(form.Encode()))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					res, err := nurse.http.Do(req)
					if err != nil {
						t.Error(err)
						return
					}
					res.Body.Close()
					codes[i] = res.StatusCode
				}()
			}
			wg.Wait()
			if n := f.assessmentCount(f.patient) - before; n != 1 {
				t.Errorf("%d assessments from one form sent 8 times at once (%v), want 1", n, codes)
			}
			for _, c := range codes {
				if c == http.StatusInternalServerError {
					t.Errorf("a copy got a 500: %v", codes)
				}
			}
			// A refused form keeps its token usable: corrected, it is stored.
			vitalsLike := url.Values{"instrument": {"phq9"}, "form_token": {nurse.formToken(t, "/patients/"+pid+"/assessments/new?instrument=phq9")}}
			nurse.refusal(t, "an incomplete questionnaire", nurse.post("/patients/"+pid+"/assessments", vitalsLike))
			for i := 1; i <= 9; i++ {
				vitalsLike.Set("item"+strconv.Itoa(i), "0")
			}
			if res := nurse.post("/patients/"+pid+"/assessments", vitalsLike); res.StatusCode != http.StatusSeeOther {
				t.Errorf("corrected form after a refusal: %d %s", res.StatusCode, body(res))
			}
			if n := f.assessmentCount(f.patient); n != 4 {
				t.Errorf("%d assessments recorded, want 4", n)
			}
		})
	}
}

// TestEveryPostFormHasAToken: every form that posts carries a form token
// (the sign-in steps record nothing and are left out).
func TestEveryPostFormHasAToken(t *testing.T) {
	t.Parallel()
	names, err := fs.Glob(ui.Templates, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	post := regexp.MustCompile(`(?is)<form[^>]*method="post"[^>]*>.*?</form>`)
	for _, n := range names {
		b, _ := fs.ReadFile(ui.Templates, n)
		for _, form := range post.FindAllString(string(b), -1) {
			signIn := strings.Contains(form, `action="/login`) || strings.Contains(form, `action="/mfa`) || strings.Contains(form, `action="/logout"`)
			if !signIn && !strings.Contains(form, `name="form_token"`) {
				t.Errorf("%s: a form has no form token: %.120s", n, form)
			}
		}
	}
}
