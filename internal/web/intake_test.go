package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/record"
	"onset/internal/service"
	"onset/internal/store/storetest"
)

func intakeValues(sys, dia string) url.Values {
	return url.Values{"weight_kg": {"72.5"}, "height_cm": {"168"}, "systolic": {sys}, "diastolic": {dia}, "heart_rate": {"80"},
		"pregnant": {"no"}, "condition": {"depression"}, "medications": {"Xanax 0.5 mg\nmetformin"},
		"consent_agree": {"yes"}, "consent_name": {"Pat P-1"}, "consent_version": {record.ConsentVersion}}
}

// A nurse records an intake with BP 185/115; the page shows the exclusion
// in red with its source and blocks booking; the nurse cannot override; the
// clinician overrides with a reason and the block is lifted.
func TestIntakeScreeningAndOverridePages(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			f := newFixture(t, engine)
			pid := strconv.FormatInt(f.patient, 10)
			nurse := f.signIn(clinic.RoleNurse)
			page := nurse.getBody("/patients/"+pid+"/intake", http.StatusOK)
			for _, want := range []string{`id="screening-none"`, `id="intake-form"`, "version " + record.ConsentVersion, `name="consent_name"`} {
				if !strings.Contains(page, want) {
					t.Errorf("empty intake page lacks %s", want)
				}
			}
			if !strings.Contains(nurse.getBody("/patients/"+pid, http.StatusOK), `href="/patients/`+pid+`/intake"`) {
				t.Error("the patient page has no link to the intake")
			}
			if b := nurse.getBody("/patients/"+pid+"/appointments", http.StatusOK); !strings.Contains(b, `id="screening-warning"`) {
				t.Error("the booking page does not warn that there is no intake")
			}
			// Refused input: the form comes back filled in, nothing is saved.
			bad := intakeValues("185", "115")
			bad.Del("consent_agree")
			if b := nurse.refused("/patients/"+pid+"/intake", bad); !strings.Contains(b, "Tick the box to agree") ||
				!strings.Contains(b, `value="185"`) || !strings.Contains(b, "Xanax 0.5 mg") {
				t.Fatalf("intake without consent:\n%s", b)
			}
			if n := f.auditCount(string(service.ActIntakeRecord), f.patient); n != 0 {
				t.Fatalf("%d audit rows for a refused intake", n)
			}
			res := nurse.post("/patients/"+pid+"/intake", intakeValues("185", "115"))
			if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "#screening") {
				t.Fatalf("intake: %d %s", res.StatusCode, body(res))
			}
			page = nurse.getBody("/patients/"+pid+"/intake", http.StatusOK)
			for _, want := range []string{`class="screen-result screen-blocked"`, `class="finding finding-exclude"`,
				"Blood pressure 185/115 mmHg is above 180/110", `class="finding finding-caution"`, "Xanax 0.5 mg (benzodiazepine)",
				"Source: ", `id="unrecognized"`, "metformin", `id="intake-history"`, `value="185"`} {
				if !strings.Contains(page, want) {
					t.Errorf("screened page lacks %s", want)
				}
			}
			if strings.Contains(page, `id="override-form"`) {
				t.Error("a nurse is offered the override")
			}
			if b := nurse.getBody("/patients/"+pid+"/appointments", http.StatusOK); !strings.Contains(b, `id="screening-blocked"`) {
				t.Error("the booking page does not say treatment is blocked")
			}
			if res := nurse.post("/patients/"+pid+"/screening/override", url.Values{"intake": {"1"}, "reason": {"fine"}}); res.StatusCode != http.StatusForbidden {
				t.Errorf("nurse override: %d", res.StatusCode)
			}
			clin := f.signIn(clinic.RoleClinician)
			page = clin.getBody("/patients/"+pid+"/intake", http.StatusOK)
			if !strings.Contains(page, `id="override-form"`) {
				t.Fatalf("no override for the clinician:\n%s", page)
			}
			intakeID := regexpValue(t, page, `name="intake" value="`)
			if b := clin.refused("/patients/"+pid+"/screening/override", url.Values{"intake": {intakeID}, "reason": {" "}}); !strings.Contains(b, "Write the reason") {
				t.Errorf("override without a reason:\n%s", b)
			}
			if res := clin.post("/patients/"+pid+"/screening/override", url.Values{"intake": {intakeID},
				"reason": {"Rechecked after rest: 152/94. Treated by GP; <b>monitor</b>."}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("override: %d %s", res.StatusCode, body(res))
			}
			page = clin.getBody("/patients/"+pid+"/intake", http.StatusOK)
			if !strings.Contains(page, "Exclusion overridden</strong> by Test clinician") || !strings.Contains(page, "&lt;b&gt;monitor&lt;/b&gt;") ||
				strings.Contains(page, `id="override-form"`) {
				t.Errorf("overridden page:\n%s", page)
			}
			if f.auditCount(string(service.ActScreeningOverride), f.patient) != 1 || f.auditCount(string(service.ActIntakeRecord), f.patient) != 1 {
				t.Error("want one override and one intake audit row")
			}
			if b := clin.getBody("/patients/"+pid+"/appointments", http.StatusOK); strings.Contains(b, `id="screening-blocked"`) {
				t.Error("the booking page still says treatment is blocked")
			}
		})
	}
}

// regexpValue returns the text after prefix up to the next quote.
func regexpValue(t *testing.T, page, prefix string) string {
	t.Helper()
	i := strings.Index(page, prefix)
	if i < 0 {
		t.Fatalf("page lacks %s", prefix)
	}
	rest := page[i+len(prefix):]
	return rest[:strings.IndexByte(rest, '"')]
}

// The patient fills in their own intake in the portal and is told it will
// be reviewed; the findings themselves are for the care team. A patient
// cannot open or write another patient's intake; the front desk reads but
// does not record.
func TestIntakePortal(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite")
	pid, other := strconv.FormatInt(f.patient, 10), strconv.FormatInt(f.other, 10)
	pat := f.signIn(clinic.RolePatient)
	if b := pat.getBody("/patients/"+pid+"/appointments", http.StatusOK); !strings.Contains(b, "fill in your intake") {
		t.Error("the patient's booking page does not ask for the intake")
	}
	if res := pat.post("/patients/"+pid+"/intake", intakeValues("128", "82")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("portal intake: %d %s", res.StatusCode, body(res))
	}
	page := pat.getBody("/patients/"+pid+"/intake", http.StatusOK)
	if !strings.Contains(page, "prescriber reviews them") || strings.Contains(page, "finding-caution") || strings.Contains(page, `id="intake-history"`) {
		t.Errorf("patient's intake page:\n%s", page)
	}
	if res := pat.get("/patients/" + other + "/intake"); res.StatusCode != http.StatusForbidden {
		t.Errorf("patient opened another's intake: %d", res.StatusCode)
	}
	if res := pat.post("/patients/"+other+"/intake", intakeValues("128", "82")); res.StatusCode != http.StatusForbidden {
		t.Errorf("patient wrote another's intake: %d", res.StatusCode)
	}
	front := f.signIn(clinic.RoleFrontDesk)
	page = front.getBody("/patients/"+pid+"/intake", http.StatusOK)
	if !strings.Contains(page, "(patient portal)") || strings.Contains(page, `id="intake-form"`) {
		t.Errorf("front desk's intake page:\n%s", page)
	}
	if res := front.post("/patients/"+pid+"/intake", intakeValues("128", "82")); res.StatusCode != http.StatusForbidden {
		t.Errorf("front desk recorded an intake: %d", res.StatusCode)
	}
}
