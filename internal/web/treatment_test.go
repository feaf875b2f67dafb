package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/service/plans"
	"onset/internal/store"
)

// signPlan gives the fixture's patient a signed plan from template.
func (f *fixture) signPlan(template string, weight float64, conc, diluent float64) {
	f.t.Helper()
	ctx := f.t.Context()
	u := f.users[clinic.RoleClinician]
	a := service.Actor{UserID: u.ID, ClinicID: f.clinicID, Role: clinic.RoleClinician, Name: u.Name}
	p, err := f.svc.CreatePlan(ctx, a, f.patient, plans.PlanInput{TemplateID: template, WeightKg: weight,
		Start: time.Now().UTC().Format(time.DateOnly), Weekdays: []time.Weekday{time.Monday, time.Wednesday, time.Friday, time.Tuesday, time.Thursday},
		ConcentrationMgPerML: conc, DiluentML: diluent})
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.svc.SignPlan(ctx, a, f.patient, p.ID); err != nil {
		f.t.Fatal(err)
	}
}

func checkInForm(sys, dia string) url.Values {
	return url.Values{"identity": {"yes"}, "consent": {"yes"}, "npo": {"yes"}, "adult": {"yes"}, "pregnancy": {"negative"},
		"systolic": {sys}, "diastolic": {dia}, "heart_rate": {"72"}, "spo2": {"98"}, "resp_rate": {"14"}, "planned_dose_mg": {"35"}}
}

var sessionLocation = regexp.MustCompile(`^/treatment/(\d+)$`)

func TestTreatmentSessionPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	f.signPlan("iv-ketamine-induction", 70, 10, 100)
	nurse := f.signIn(clinic.RoleNurse)
	pid := strconv.FormatInt(f.patient, 10)

	page := nurse.getBody("/patients/"+pid+"/treatment", http.StatusOK)
	for _, want := range []string{`id="checkin-form"`, `inputmode="numeric"`, "ceiling 70 mg per dose", `id="checkin-route">iv<`,
		`id="presession-fill"`, "not answered in the last 48 hours"} {
		if !strings.Contains(page, want) {
			t.Errorf("check-in page lacks %q", want)
		}
	}
	// Once the PHQ-9 is answered, the checklist shows it with its total.
	form := url.Values{"instrument": {"phq9"}}
	for i := 1; i <= 9; i++ {
		form.Set("item"+strconv.Itoa(i), "1")
	}
	if res := nurse.post("/patients/"+pid+"/assessments", form); res.StatusCode != http.StatusOK && res.StatusCode != http.StatusSeeOther {
		t.Fatalf("pre-session PHQ-9: %d", res.StatusCode)
	}
	if p := nurse.getBody("/patients/"+pid+"/treatment", http.StatusOK); !strings.Contains(p, "total <strong>9</strong>") {
		t.Errorf("the checklist does not show the answered questionnaire")
	}
	// Impossible vitals: the form comes back with the reason; nothing stored.
	if b := nurse.refused("/patients/"+pid+"/treatment", checkInForm("400", "20")); !strings.Contains(b, "Systolic blood pressure 400 is outside the possible range") ||
		!strings.Contains(b, `id="chk-npo" checked`) || !strings.Contains(b, `value="400"`) {
		t.Fatalf("BP 400/20:\n%s", b)
	}
	if n := f.auditCount(string(service.ActSessionCheckIn), f.patient); n != 0 {
		t.Fatalf("%d check-ins audited after a refused one", n)
	}
	res := nurse.post("/patients/"+pid+"/treatment", checkInForm("150", "95"))
	m := sessionLocation.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("check-in: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	sid := m[1]
	page = nurse.getBody("/treatment/"+sid, http.StatusOK)
	if !strings.Contains(page, "Blood pressure 150/95 is above the pre-dose limit of 140/90") || strings.Contains(page, `id="dose-form"`) ||
		!strings.Contains(page, "held until a clinician records a decision") {
		t.Fatalf("held session page:\n%s", page)
	}
	if res := nurse.post("/treatment/"+sid+"/hold", url.Values{"decision": {"proceed"}, "reason": {"x"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a nurse decided a hold: %d", res.StatusCode)
	}
	clin := f.signIn(clinic.RoleClinician)
	if res := clin.post("/treatment/"+sid+"/hold", url.Values{"decision": {"proceed"}, "reason": {"Rechecked 136/86 after rest."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("hold decision: %d %s", res.StatusCode, body(res))
	}
	// The dose form is prefilled from the plan: 35 mg ÷ 10 mg/mL, (3.5 + 100) mL over 40 min.
	page = nurse.getBody("/treatment/"+sid, http.StatusOK)
	for _, want := range []string{`id="dose-volume" inputmode="decimal" value="3.5"`, `value="155.3"`, `id="dose-conc" inputmode="decimal" value="10"`} {
		if !strings.Contains(page, want) {
			t.Errorf("dose form lacks %s", want)
		}
	}
	// Dose above the ceiling is refused; the right dose is recorded.
	dose := url.Values{"dose_mg": {"75"}, "concentration": {"10"}, "volume_ml": {"7.5"}, "rate": {"155.3"}, "duration_min": {"40"},
		"lot": {"KET-9"}, "expiry": {nextYear()}}
	if b := nurse.refused("/treatment/"+sid+"/dose", dose); !strings.Contains(b, "above the signed plan&#39;s ceiling of 70 mg") {
		t.Fatalf("dose above ceiling:\n%s", b)
	}
	dose.Set("dose_mg", "35")
	dose.Set("volume_ml", "3.5")
	if res := nurse.post("/treatment/"+sid+"/dose", dose); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("dose: %d %s", res.StatusCode, body(res))
	}
	// The expected concentration for the dose given: 35 mg over 40 min at
	// 70 kg peaks at the end of the infusion (pk: Clements & Nimmo 1981).
	page = nurse.getBody("/treatment/"+sid, http.StatusOK)
	if !strings.Contains(page, `id="session-pk"`) || !strings.Contains(page, "For the dose given") ||
		!strings.Contains(page, "40 min after the start") || !strings.Contains(page, "never a discharge decision") ||
		!strings.Contains(page, `<svg class="chart concentration"`) {
		t.Errorf("session page lacks the expected concentration:\n%s", page)
	}
	// The vitals grid says when the next reading is due (the clinic's interval).
	if !strings.Contains(page, `id="next-vitals"`) {
		t.Error("no next-vitals time on the session page")
	}
	// CADSS at a chosen time: the session page links the staff form for it.
	if !strings.Contains(page, `id="record-cadss"`) {
		t.Error("no CADSS link on the session page")
	}
	if cadss := nurse.getBody("/patients/"+pid+"/assessments/new?instrument=cadss", http.StatusOK); !strings.Contains(cadss, `id="taken_at"`) {
		t.Error("the CADSS form does not take the time it was rated")
	}
	// An impossible reading comes back with the reason and the values typed, to correct.
	if b := nurse.refused("/treatment/"+sid+"/vitals", url.Values{"systolic": {"400"}, "diastolic": {"20"}, "heart_rate": {"90"},
		"spo2": {"97"}, "resp_rate": {"14"}, "moaas": {"4"}, "note": {"cuff slipped"}}); !strings.Contains(b, "Systolic blood pressure 400") ||
		!strings.Contains(b, `id="v-systolic" inputmode="numeric" pattern="[0-9]*" required autocomplete="off" value="400"`) ||
		!strings.Contains(b, `value="cuff slipped"`) {
		t.Fatalf("impossible vitals:\n%s", b)
	}
	// A BP rise raises an alert shown at once.
	res = nurse.post("/treatment/"+sid+"/vitals", url.Values{"systolic": {"192"}, "diastolic": {"100"}, "heart_rate": {"90"},
		"spo2": {"97"}, "resp_rate": {"14"}, "moaas": {"4"}})
	page = nurse.follow(res)
	if !strings.Contains(page, `class="warning" role="alert" id="warning">Vital signs saved. ALERT`) {
		t.Fatalf("vitals: no alert notice\n%s", page)
	}
	alertID := regexp.MustCompile(`/alerts/(\d+)/acknowledge`).FindStringSubmatch(page)
	if alertID == nil || !strings.Contains(page, "above 180/110") || !strings.Contains(page, `id="open-alert-count">1 open`) ||
		!strings.Contains(page, `<td class="abnormal" title="outside the alert limits">192/100</td>`) {
		t.Fatalf("alerts not shown:\n%s", page)
	}
	// Discharge is blocked with the criteria listed.
	b := nurse.refused("/treatment/"+sid+"/discharge", url.Values{"oriented": {"yes"}, "adult": {"yes"}, "instructions": {"Go home."}})
	if !strings.Contains(b, "Minimum monitoring time") || !strings.Contains(b, "1 alert(s) not yet acknowledged") {
		t.Fatalf("discharge:\n%s", b)
	}
	if res := nurse.post("/treatment/"+sid+"/alerts/"+alertID[1]+"/acknowledge", url.Values{"action": {"rate reduced"}, "note": {"Pump slowed."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("acknowledge: %d %s", res.StatusCode, body(res))
	}
	if res := nurse.post("/treatment/"+sid+"/effects", url.Values{"kind": {"side-effect"}, "effect": {"nausea"}, "grade": {"mild"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("side effect: %d", res.StatusCode)
	}
	page = nurse.getBody("/treatment/"+sid, http.StatusOK)
	if !strings.Contains(page, "rate reduced — Pump slowed.") || !strings.Contains(page, "nausea (mild)") || !strings.Contains(page, `id="discharge-blockers"`) {
		t.Errorf("session page after entries:\n%s", page)
	}
	if n := f.auditCount(string(service.ActSessionChart), f.patient); n != 3 {
		t.Errorf("%d chart audit rows, want 3", n)
	}
	if q := nurse.getBody("/rems", http.StatusOK); !strings.Contains(q, "No esketamine sessions") {
		t.Errorf("REMS queue lists an IV session")
	}
	if res := nurse.get("/treatment/" + sid + "/rems"); res.StatusCode != http.StatusNotFound {
		t.Errorf("REMS form of an IV session: %d", res.StatusCode)
	}
}

func TestTreatmentREMSFormPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	f.signPlan("esketamine-trd", 80, 0, 0)
	nurse := f.signIn(clinic.RoleNurse)
	form := checkInForm("128", "82")
	form.Set("planned_dose_mg", "56")
	pid := strconv.FormatInt(f.patient, 10)
	// No esketamine session before the patient's REMS enrolment is recorded.
	if b := nurse.refused("/patients/"+pid+"/treatment", form); !strings.Contains(b, "not enrolled in the Spravato REMS") ||
		!strings.Contains(b, `id="rems-enrolment-needed"`) {
		t.Fatalf("check-in of an unenrolled patient:\n%s", b)
	}
	if res := nurse.post("/patients/"+pid+"/rems-enrolment", url.Values{"rems_enrolled": {"yes"}, "rems_enrolled_on": {time.Now().UTC().Format(time.DateOnly)},
		"rems_patient_id": {"RP-7"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("REMS enrolment: %d %s", res.StatusCode, body(res))
	}
	res := nurse.post("/patients/"+pid+"/treatment", form)
	m := sessionLocation.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil {
		t.Fatalf("check-in: %d %s", res.StatusCode, body(res))
	}
	sid := m[1]
	if page := nurse.getBody("/treatment/"+sid, http.StatusOK); !strings.Contains(page, `id="dose-devices"`) || !strings.Contains(page, `value="2"`) {
		t.Fatal("esketamine dose form lacks the device count")
	}
	if b := nurse.refused("/treatment/"+sid+"/dose", url.Values{"devices": {"2"}, "lot": {"ESK-1"}, "expiry": {"2020-01-01"}}); !strings.Contains(b, "Lot ESK-1 expired on 2020-01-01") {
		t.Fatalf("expired lot:\n%s", b)
	}
	if res := nurse.post("/treatment/"+sid+"/dose", url.Values{"devices": {"2"}, "lot": {"ESK-1"}, "expiry": {nextYear()}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("dose: %d %s", res.StatusCode, body(res))
	}
	page := nurse.getBody("/treatment/"+sid+"/rems", http.StatusOK)
	for _, want := range []string{"Spravato® REMS Patient Monitoring Form", "56 mg", "ESK-1", "128/82", `id="rems-missing"`,
		"Concomitant MAOIs", "Blood pressure at about 40 minutes", "Respiratory depression", `id="rems-answers"`} {
		if !strings.Contains(page, want) {
			t.Errorf("REMS page lacks %q", want)
		}
	}
	if strings.Contains(page, `id="rems-sign"`) {
		t.Error("a nurse is offered the REMS sign-off")
	}
	// The same form as a PDF, for the REMS portal or the fax.
	pdfRes := nurse.get("/treatment/" + sid + "/rems.pdf")
	if pdf := body(pdfRes); pdfRes.StatusCode != http.StatusOK || pdfRes.Header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(pdf, "%PDF-") || !strings.Contains(page, `id="rems-pdf"`) {
		t.Errorf("REMS PDF: %d %s", pdfRes.StatusCode, pdfRes.Header.Get("Content-Type"))
	}
	if res := nurse.post("/treatment/"+sid+"/rems", url.Values{"benzodiazepines": {"no"}, "sedative_hypnotics": {"no"},
		"psychostimulants": {"yes"}, "maois": {"no"}, "ready_minutes": {"115"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save answers: %d %s", res.StatusCode, body(res))
	}
	clin := f.signIn(clinic.RoleClinician)
	if b := clin.refused("/treatment/"+sid+"/rems/sign", nil); !strings.Contains(b, "cannot be signed while incomplete") ||
		!strings.Contains(b, "blood pressure at about 40 minutes") {
		t.Fatalf("sign incomplete:\n%s", b)
	}
	q := clin.getBody("/rems", http.StatusOK)
	if !strings.Contains(q, "status-incomplete") || !strings.Contains(q, "Pat P-1") {
		t.Errorf("queue:\n%s", q)
	}
	if n := f.auditCount(string(service.ActREMSSign), f.patient); n != 0 {
		t.Errorf("%d sign audit rows for a refused sign-off", n)
	}
}
