package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/store"
)

// TestClinicianCopiesATemplate: copy a built-in template, save it (a bad
// edit comes back with the text kept), and the plan form offers it.
func TestClinicianCopiesATemplate(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	c := f.signIn(clinic.RoleClinician)
	page := c.getBody("/protocols?copy=im-ketamine", http.StatusOK)
	start := strings.Index(page, `class="code">`)
	if start < 0 || !strings.Contains(page, "clinic-im-ketamine") {
		t.Fatalf("no editable copy:\n%s", page)
	}
	text := page[start+len(`class="code">`):]
	text = htmlUnescape(text[:strings.Index(text, "</textarea>")])
	bad := strings.Replace(text, `"id": "clinic-im-ketamine"`, `"id": "im-ketamine"`, 1)
	res := c.post("/protocols", url.Values{"template": {bad}})
	if b := body(res); res.StatusCode != http.StatusBadRequest || !strings.Contains(b, "built-in template") || !strings.Contains(b, `id="protocol-error"`) {
		t.Fatalf("bad copy: %d\n%s", res.StatusCode, b)
	}
	if res := c.post("/protocols", url.Values{"template": {text}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, body(res))
	}
	plans := c.getBody("/patients/"+strconv.FormatInt(f.patient, 10)+"/plans", http.StatusOK)
	if !strings.Contains(plans, `value="clinic-im-ketamine"`) || !strings.Contains(plans, "this clinic&#39;s, v1") {
		t.Error("the plan form does not offer the clinic's template")
	}
	// Nurses see the templates but cannot save them.
	n := f.signIn(clinic.RoleNurse)
	if b := n.getBody("/protocols", http.StatusOK); strings.Contains(b, "Copy and edit") {
		t.Error("a nurse is offered editing")
	}
	if res := n.post("/protocols", url.Values{"template": {text}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("nurse save: %d", res.StatusCode)
	}
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&#34;", `"`, "&quot;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
}
