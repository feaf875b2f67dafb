package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/store"
)

// TestIntakeFactorsForm: a nurse records the factors with the intake;
// blanks stay not known; an implausible number is refused with its range
// and the form comes back with what was typed.
func TestIntakeFactorsForm(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	nurse := f.signIn(clinic.RoleNurse)
	pid := strconv.FormatInt(f.patient, 10)
	form := url.Values{"weight_kg": {"70"}, "height_cm": {"170"}, "pregnant": {"no"}, "consent_agree": {"yes"},
		"consent_name": {"Pat P-1"}, "consent_version": {record.ConsentVersion},
		"years_ill": {"6"}, "failed_trials": {"3"}, "benzo_diazepam_mg": {"0"}, "ect": {"no"}, "ptsd": {"yes"}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("benzo_diazepam_mg", "900")
	if b := nurse.refused("/patients/"+pid+"/intake", bad); !strings.Contains(b, "between 0 and 200 mg/day") || !strings.Contains(b, `value="900"`) {
		t.Errorf("an implausible dose:\n%s", b)
	}
	if res := nurse.post("/patients/"+pid+"/intake", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("intake: %d", res.StatusCode)
	}
	page := html.UnescapeString(nurse.getBody("/patients/"+pid+"/intake", http.StatusOK))
	for _, want := range []string{"Years since the condition began: 6 years", "Adequate antidepressant trials failed in this episode: 3 trials",
		"(0 if none): 0 mg/day", "ECT ever: no", "Coexisting PTSD: yes", "10 not known"} {
		if !strings.Contains(page, want) {
			t.Errorf("intake page lacks %q", want)
		}
	}
	// The form comes back prefilled: blank stays blank, "not known" selected.
	if !strings.Contains(page, `name="years_ill" inputmode="decimal" value="6"`) || !strings.Contains(page, `name="episode_months" inputmode="decimal" value=""`) {
		t.Errorf("the form is not prefilled from the intake")
	}
}
