package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/store/storetest"
)

// TestJSONDuplicateKeysAreRefused: an API body that names a key twice is
// ambiguous (which one counts differs between parsers) and refused.
func TestJSONDuplicateKeysAreRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t, storetest.Engines()[0])
	token, err := f.svc.CreateAPIToken(t.Context(), actorOf(f.users[clinic.RoleNurse]), "script")
	if err != nil {
		t.Fatal(err)
	}
	apath := fmt.Sprintf("/api/v1/patients/%d/assessments", f.patient)
	for _, tc := range []struct{ path, body string }{
		{apath, `{"instrument":"phq9","instrument":"madrs","answers":[0,0,0,0,0,0,0,0,0]}`},
		{apath, `{"instrument":"phq9","answers":[0,0,0,0,0,0,0,0,0],"answers":[3,3,3,3,3,3,3,3,3]}`},
		{apath, `{"instrument":"phq9","answers":[0,0,0,0,0,0,0,0,0],"Instrument":"madrs"}`},
		{apath, `{"instrument":"phq9","answers":[0,0,0,0,0,0,0,0,0],"taken_at":"2026-01-01T00:00:00Z","taken_at":"2026-01-02T00:00:00Z"}`},
		{"/api/v1/patients", `{"mrn":"D-1","mrn":"D-2","given_name":"A","family_name":"B","sex":"female","birth_date":"1990-01-01"}`},
	} {
		res, out := f.apiCall("POST", tc.path, token, tc.body)
		msg := fmt.Sprint(out)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(strings.ToLower(msg), "twice") {
			t.Errorf("%s: %d %v", tc.body, res.StatusCode, out)
		}
	}
	if n := f.assessmentCount(f.patient); n != 0 {
		t.Errorf("%d assessments stored from ambiguous bodies", n)
	}
	// A protocol template that names its ceiling twice (one value checked,
	// the other used, depending on the parser) is refused too.
	doc := f.signIn(clinic.RoleClinician)
	text := protocolText(t, doc, "iv-ketamine-induction", func(m map[string]any) {})
	twice := strings.Replace(text, `"ceiling_mg_per_kg":1`, `"ceiling_mg_per_kg":1,"ceiling_mg_per_kg":40`, 1)
	if twice == text {
		t.Fatalf("no ceiling in %s", text)
	}
	doc.refusal(t, "template with the ceiling twice", doc.post("/protocols", url.Values{"template": {twice}}), "twice")
}
