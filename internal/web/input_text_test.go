package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/store/storetest"
)

// oddTexts are what a text field must not hold: control characters, a
// bidirectional override (a name that reads backwards), bytes that are
// not UTF-8, and more than any field allows.
var oddTexts = map[string]string{
	"NUL":             "Ann\x00Lee",
	"BEL":             "Ann\aLee",
	"escape":          "Ann\x1b[31mLee",
	"RTL override":    "Ann\u202Eexe.txt",
	"isolate":         "Ann\u2066Lee",
	"not UTF-8":       "Ann\xffLee",
	"overlong UTF-8":  "Ann\xc0\xafLee",
	"line separator":  "Ann\u2028Lee",
	"very long":       strings.Repeat("a", 5000),
	"C1 control":      "Ann\u0085Lee",
	"byte-order mark": "\ufeffAnn",
}

// TestTextIsBoundedAndPrintable: every text field refuses control
// characters, bidirectional overrides, invalid UTF-8 and excess length
// with a 400 (or its form's refusal), the same on both engines, and
// stores nothing.
func TestTextIsBoundedAndPrintable(t *testing.T) {
	t.Parallel()
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, e)
			nurse := f.signIn(clinic.RoleNurse)
			pid := strconv.FormatInt(f.patient, 10)
			token, err := f.svc.CreateAPIToken(t.Context(), actorOf(f.users[clinic.RoleNurse]), "script")
			if err != nil {
				t.Fatal(err)
			}
			reg := url.Values{"mrn": {"N-9"}, "given_name": {"Nia"}, "family_name": {"Ng"}, "sex": {"female"}, "birth_date": {"1990-05-06"},
				"email": {"nia@example.org"}, "phone": {"+1 555 0100"}}
			before := patientCount(t, f)
			n := 0
			for what, v := range oddTexts {
				n++
				for _, field := range []string{"given_name", "family_name", "mrn", "email", "phone"} {
					nurse.refusal(t, field+" with "+what, nurse.post("/patients", withField(reg, field, v)))
				}
				js := fmt.Sprintf(`{"mrn":"A-%d","given_name":"%s","family_name":"Ng","sex":"female","birth_date":"1990-05-06"}`, n, jsonRaw(v))
				if res, out := f.apiCall("POST", "/api/v1/patients", token, js); res.StatusCode != http.StatusBadRequest {
					t.Errorf("API given_name with %s: %d %v", what, res.StatusCode, out)
				}
			}
			if after := patientCount(t, f); after != before {
				t.Errorf("%d patients registered with odd names", after-before)
			}
			// Free text elsewhere: a note, a reason, a lot number, a token's name, a search.
			actions := []string{"link.create", "token.create", string(service.ActIntakeRecord), string(service.ActLedgerRecord)}
			counts := map[string]int{}
			for _, action := range actions {
				counts[action] = f.auditCount(action, 0)
			}
			for what, v := range oddTexts {
				nurse.refusal(t, "link reason with "+what, nurse.post("/patients/"+pid+"/links", url.Values{"instrument": {"phq9"}, "reason": {v}}))
				nurse.refusal(t, "token name with "+what, nurse.post("/account/tokens", url.Values{"name": {v}}))
				nurse.refusal(t, "consent name with "+what, nurse.post("/patients/"+pid+"/intake", withField(intakeValues("120", "80"), "consent_name", v)))
				nurse.refusal(t, "medication with "+what, nurse.post("/patients/"+pid+"/intake", withField(intakeValues("120", "80"), "medications", v)))
				nurse.refusal(t, "lot with "+what, nurse.post("/ledger/receive", url.Values{"drug": {"ketamine"}, "form": {"vial"},
					"ndc": {"0409-2051-05"}, "lot": {v}, "expires": {nextYear()}, "concentration": {"10"}, "ml": {"10"},
					"invoice": {"INV-9"}, "supplier": {"Wholesaler"}}))
				if res := nurse.get("/patients?q=" + url.QueryEscape(v)); res.StatusCode != http.StatusBadRequest {
					t.Errorf("search with %s: %d", what, res.StatusCode)
				}
			}
			for _, action := range actions {
				if n := f.auditCount(action, 0) - counts[action]; n != 0 {
					t.Errorf("%d %s rows from odd text", n, action)
				}
			}
			// Line breaks stay allowed where a field has lines, and names keep
			// their letters, accents and joiners.
			if res := nurse.post("/patients", withField(withField(reg, "given_name", "Zoë-Ånne"), "family_name", "ن\u200cگ")); res.StatusCode != http.StatusSeeOther {
				t.Errorf("a name with accents and a joiner: %d %s", res.StatusCode, body(res))
			}
		})
	}
}

// jsonRaw writes s inside a JSON string as a client might: control
// characters escaped as \u00XX, every other byte as it is (even bytes
// that are not UTF-8).
func jsonRaw(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20:
			fmt.Fprintf(&b, `\u%04x`, c)
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
