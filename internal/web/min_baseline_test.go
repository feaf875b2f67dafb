package web_test

import (
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/service/imports"
	"onset/internal/store"
)

// design.md §3: courses with a PHQ-9 baseline below 10 are left out as
// baseline_below_min and counted; the clinic's settings lower the minimum
// (within bounds), and the dashboard says how its "by" figures are read.
func TestMinimumBaselineAndReadouts(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	var p, tr, as strings.Builder
	p.WriteString("patient,sex,birth_year,condition\n")
	tr.WriteString("patient,given_at,route,dose_mg,weight_kg\n")
	as.WriteString("patient,taken_at,instrument,total\n")
	for i, base := range []int{20, 18, 14, 6, 7} { // the last two below 10
		id := fmt.Sprintf("M%d", i)
		fmt.Fprintf(&p, "%s,female,1980,depression\n", id)
		fmt.Fprintf(&tr, "%s,2026-01-%02d 09:00,iv,35,70\n", id, i+1)
		fmt.Fprintf(&as, "%s,2026-01-%02d 08:00,phq9,%d\n", id, i+1, base)
		fmt.Fprintf(&as, "%s,2026-01-%02d 09:00,phq9,%d\n", id, i+2, base/2) // a response a day later
	}
	ctx, sys := t.Context(), service.System(f.clinicID)
	if _, err := f.svc.ImportPatients(ctx, sys, strings.NewReader(p.String()), imports.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ImportTreatments(ctx, sys, strings.NewReader(tr.String()), imports.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ImportAssessments(ctx, sys, strings.NewReader(as.String()), imports.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	c := f.signIn(clinic.RoleClinician)
	type doc struct {
		Groups []struct {
			N int `json:"n"`
		} `json:"groups"`
		LeftOut map[string]int `json:"left_out"`
	}
	read := func() doc {
		t.Helper()
		var d doc
		if err := json.Unmarshal([]byte(c.getBody("/api/v1/outcomes?instrument=phq9", 200)), &d); err != nil || len(d.Groups) != 1 {
			t.Fatalf("outcomes: %+v %v", d, err)
		}
		return d
	}
	if d := read(); d.Groups[0].N != 3 || d.LeftOut["baseline_below_min"] != 2 {
		t.Errorf("default minimum: n %d, left out %v; want 3 and baseline_below_min 2", d.Groups[0].N, d.LeftOut)
	}
	// Remission without a cut-off is refused (README), not a left-out reason.
	if res := c.get("/api/v1/outcomes?instrument=pcl5&event=remission"); res.StatusCode != 400 || !strings.Contains(body(res), "no remission cut-off") {
		t.Errorf("pcl5 remission: status %d, want 400 naming the missing cut-off", res.StatusCode)
	}
	page := html.UnescapeString(c.getBody("/outcomes?instrument=phq9", 200))
	for _, want := range []string{"baseline is below 10", "24 h + 4 h", "72 h + 12 h", "7 days + 1 day", "28 days + 3 days", "2 baseline below min"} {
		if !strings.Contains(page, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}

	admin := f.signIn(clinic.RoleAdmin)
	form := func(v string) url.Values {
		return url.Values{"name": {"Clinic"}, "timezone": {"UTC"}, "min_baseline_phq9": {v}}
	}
	for _, bad := range []struct{ v, want string }{{"11", "lowered from 10"}, {"0", "as little as 1"}, {"six", "minimum baseline"}} {
		if res := admin.post("/admin/clinic", form(bad.v)); res.StatusCode != 400 || !strings.Contains(body(res), bad.want) {
			t.Errorf("minimum %s: status %d, want 400 naming %q", bad.v, res.StatusCode, bad.want)
		}
	}
	if res := admin.post("/admin/clinic", form("5")); res.StatusCode != 303 {
		t.Fatalf("save minimum 5: %d %s", res.StatusCode, body(res))
	}
	if s := admin.getBody("/admin/clinic", 200); !strings.Contains(s, `name="min_baseline_phq9" type="number" inputmode="numeric" min="1" max="10" value="5"`) {
		t.Error("the saved minimum is not shown on the settings page")
	}
	if d := read(); d.Groups[0].N != 5 || d.LeftOut["baseline_below_min"] != 0 {
		t.Errorf("minimum 5: n %d, left out %v; want all 5 courses", d.Groups[0].N, d.LeftOut)
	}
}
