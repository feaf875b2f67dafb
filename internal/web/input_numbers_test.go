package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/store/storetest"
)

// oddNumbers are what a typed or forged number field may hold that is no
// plausible quantity: not finite, absurdly large, negative zero, hex.
var oddNumbers = []string{"NaN", "nan", "Inf", "+Inf", "-Inf", "infinity", "1e308", "1e400", "-0", "0x1p4", "1_0",
	"99999999999999999999999"}

// protocolText is a built-in template's editable copy as JSON, changed by edit.
func protocolText(t *testing.T, c *client, id string, edit func(map[string]any)) string {
	t.Helper()
	page := c.getBody("/protocols?copy="+id, http.StatusOK)
	start := strings.Index(page, `class="code">`)
	if start < 0 {
		t.Fatalf("no editable copy of %s", id)
	}
	text := page[start+len(`class="code">`):]
	text = htmlUnescape(text[:strings.Index(text, "</textarea>")])
	var m map[string]any
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	b, _ := json.Marshal(m)
	return string(b)
}

// TestNumbersAreFiniteAndPlausible: NaN, infinities, 1e308 and their kin
// are refused in every number field, with the field named, and nothing is
// stored: plans (weight, vial, bag), protocol templates (ceilings, every
// titration step), intake (weight, height), check-in, the dose (dose, mL,
// mg/mL, pump rate) and the ledger (quantities, device counts).
func TestNumbersAreFiniteAndPlausible(t *testing.T) {
	t.Parallel()
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, e)
			nurse, doc := f.signIn(clinic.RoleNurse), f.signIn(clinic.RoleClinician)
			pid := strconv.FormatInt(f.patient, 10)

			// Treatment plans: weight, vial strength and bag volume.
			plan := url.Values{"template": {"iv-ketamine-induction"}, "weight_kg": {"70"}, "start": {"2026-06-01"},
				"weekday": {"1", "3", "5"}, "concentration": {"10"}, "diluent_ml": {"100"}}
			for _, field := range []struct{ name, says string }{{"weight_kg", "weight"}, {"diluent_ml", "bag"}, {"concentration", "concentration"}} {
				for _, v := range oddNumbers {
					nurse.refusal(t, "plan "+field.name+"="+v, nurse.post("/patients/"+pid+"/plans", withField(plan, field.name, v)), field.says)
				}
			}
			nurse.refusal(t, "plan bag of 5000 mL", nurse.post("/patients/"+pid+"/plans", withField(plan, "diluent_ml", "5000")), "bag")
			if n := f.auditCount(string(service.ActPlanDraft), f.patient); n != 0 {
				t.Errorf("%d plans saved from odd numbers", n)
			}

			// Protocol templates: a ceiling of 1e308, a titration step above the ceiling.
			for _, tc := range []struct {
				name string
				edit func(map[string]any)
				want string
			}{
				{"ceiling 1e308", func(m map[string]any) { m["ceiling_mg_per_kg"] = 1e308 }, "ceiling_mg_per_kg"},
				{"ceiling mg 1e308", func(m map[string]any) { m["ceiling_mg_per_kg"], m["ceiling_mg"] = 1.0, 1e308 }, "ceiling_mg"},
				{"titration step above the ceiling", func(m map[string]any) {
					m["titration"].(map[string]any)["steps_mg_per_kg"] = []any{0.5, 0.75, 1.0, 40.0}
				}, "steps_mg_per_kg[3]"},
				{"titration ceiling 1e308", func(m map[string]any) {
					m["titration"].(map[string]any)["ceiling_mg_per_kg"] = 1e308
				}, "titration.ceiling_mg_per_kg"},
				{"dose 1e-300 mg/kg", func(m map[string]any) {
					m["phases"].([]any)[0].(map[string]any)["dose"] = map[string]any{"mg_per_kg": 1e-300}
				}, "phases[0].dose"},
				{"a billion sessions", func(m map[string]any) { m["phases"].([]any)[0].(map[string]any)["sessions"] = 1e9 }, "phases[0].sessions"},
				{"infusion of 10000 minutes", func(m map[string]any) {
					m["phases"].([]any)[0].(map[string]any)["duration_min"] = 10000
				}, "phases[0].duration_min"},
			} {
				text := protocolText(t, doc, "iv-ketamine-induction", tc.edit)
				doc.refusal(t, "template "+tc.name, doc.post("/protocols", url.Values{"template": {text}}), tc.want)
			}
			if n := f.auditCount(string(service.ActProtocolEdit), 0); n != 0 {
				t.Errorf("%d templates saved with odd numbers", n)
			}

			// Intake: weight and height.
			for _, field := range []struct{ name, says string }{{"weight_kg", "weight"}, {"height_cm", "height"}} {
				for _, v := range oddNumbers {
					nurse.refusal(t, "intake "+field.name+"="+v, nurse.post("/patients/"+pid+"/intake", withField(intakeValues("120", "80"), field.name, v)), field.says)
				}
			}
			if n := f.auditCount(string(service.ActIntakeRecord), f.patient); n != 0 {
				t.Errorf("%d intakes saved from odd numbers", n)
			}

			// Check-in and the dose.
			f.signPlan("iv-ketamine-induction", 70, 10, 100)
			for _, v := range oddNumbers {
				nurse.refusal(t, "planned dose "+v, nurse.post("/patients/"+pid+"/treatment", withField(checkInForm("120", "80"), "planned_dose_mg", v)), "dose")
			}
			if n := f.auditCount(string(service.ActSessionCheckIn), f.patient); n != 0 {
				t.Fatalf("%d check-ins saved from odd numbers", n)
			}
			res := nurse.post("/patients/"+pid+"/treatment", checkInForm("120", "80"))
			m := sessionLocation.FindStringSubmatch(res.Header.Get("Location"))
			if m == nil {
				t.Fatalf("check-in: %d %s", res.StatusCode, body(res))
			}
			dose := url.Values{"dose_mg": {"35"}, "concentration": {"10"}, "volume_ml": {"3.5"}, "rate": {"155.3"}, "duration_min": {"40"},
				"lot": {"KET-9"}, "expiry": {nextYear()}}
			for _, field := range []struct{ name, says string }{{"dose_mg", "dose"}, {"concentration", "concentration"},
				{"volume_ml", "volume"}, {"rate", "pump rate"}, {"duration_min", "duration"}, {"waste_mg", "waste"}} {
				for _, v := range oddNumbers {
					nurse.refusal(t, "dose "+field.name+"="+v, nurse.post("/treatment/"+m[1]+"/dose", withField(dose, field.name, v)), field.says)
				}
			}
			if n := f.auditCount(string(service.ActSessionDose), f.patient); n != 0 {
				t.Errorf("%d doses saved from odd numbers", n)
			}

			// The ledger: quantities and device counts.
			recv := url.Values{"drug": {"ketamine"}, "form": {"vial"}, "ndc": {"0409-2051-05"}, "lot": {"K-77"},
				"expires": {nextYear()}, "concentration": {"10"}, "ml": {"10"}, "invoice": {"INV-9"}, "supplier": {"Wholesaler"}}
			for _, field := range []string{"concentration", "ml"} {
				for _, v := range oddNumbers {
					nurse.refusal(t, "receive "+field+"="+v, nurse.post("/ledger/receive", withField(recv, field, v)), field)
				}
			}
			dev := url.Values{"drug": {"esketamine"}, "form": {"device"}, "ndc": {"50458-028-02"}, "lot": {"E-1"},
				"expires": {nextYear()}, "invoice": {"INV-10"}, "supplier": {"Wholesaler"}}
			for _, v := range []string{"9223372036854775807", "-9223372036854775808", "1e9", "3000000000"} {
				nurse.refusal(t, "receive units="+v, nurse.post("/ledger/receive", withField(dev, "units", v)), "devices")
			}
			if n := f.auditCount(string(service.ActLedgerRecord), 0); n != 0 {
				t.Errorf("%d ledger entries saved from odd numbers", n)
			}
		})
	}
}

// TestPageNumbersCannotOverflow: a page number past any list is a clear
// answer (400 or an empty page), never an overflowed offset.
func TestPageNumbersCannotOverflow(t *testing.T) {
	t.Parallel()
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, e)
			nurse := f.signIn(clinic.RoleNurse)
			token, err := f.svc.CreateAPIToken(t.Context(), actorOf(f.users[clinic.RoleNurse]), "script")
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range []string{"9223372036854775807", "184467440737095516", "46116860184273880", "99999999999999999999", "-1", "1e3", "NaN"} {
				res, out := f.apiCall("GET", "/api/v1/patients?page="+url.QueryEscape(p), token, "")
				if res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusOK {
					t.Errorf("API page %s: %d %v", p, res.StatusCode, out)
				}
				if res := nurse.get("/patients?page=" + url.QueryEscape(p)); res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusOK {
					t.Errorf("page %s: %d", p, res.StatusCode)
				}
			}
			// The last page that exists still works.
			res, out := f.apiCall("GET", "/api/v1/patients?page=1", token, "")
			if res.StatusCode != http.StatusOK || fmt.Sprint(out["total"]) != "2" {
				t.Errorf("page 1: %d %v", res.StatusCode, out)
			}
			if !regexp.MustCompile(`P-1`).MatchString(nurse.getBody("/patients?page=1", http.StatusOK)) {
				t.Error("page 1 lacks the patients")
			}
		})
	}
}
