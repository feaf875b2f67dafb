package web_test

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/store"
)

// TestOutcomesForest: the dashboard's "What goes with faster response
// here" — the forest plot, the numbers per level, one sentence per factor,
// the warnings (9 responses for 2 effects), the statement on causation —
// and the model's CSV; a model the data cannot support is a message.
func TestOutcomesForest(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	seedOutcomes(t, f) // 12 courses: 6 IV all respond, 6 esketamine of which 2 respond
	c := f.signIn(clinic.RoleClinician)
	page := c.getBody("/outcomes?instrument=phq9&covariates=route,age", 200)
	for _, want := range []string{`id="model-title">What goes with faster response here`, `<svg class="chart forest"`,
		"route: iv vs esketamine", "iv 6 (6 events); esketamine 6 (2 events)", "age (each unit)",
		"Patients with route iv responded", "Each additional year of age went with response",
		"Only 8 events for 2 estimated effects", "Not proof of cause", `href="/outcomes/model.csv?`} {
		if !strings.Contains(page, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	if n := strings.Count(page, `class="point"`); n != 2 {
		t.Errorf("%d points in the forest plot, want 2", n)
	}
	// Therapy is "no" in every course: the model says so instead.
	if page := c.getBody("/outcomes?covariates=therapy", 200); !strings.Contains(page, `id="model-none">categorical covariate &#34;therapy&#34; has one level`) {
		t.Errorf("an impossible model:\n%s", page[strings.Index(page, `id="model"`):])
	}
	before := f.auditCount(string(service.ActOutcomesRead), 0)
	res := c.get("/outcomes/model.csv?instrument=phq9&covariates=route,age&reference=route=iv")
	if n := f.auditCount(string(service.ActOutcomesRead), 0); n != before+1 {
		t.Errorf("the model's read audited %d → %d times, want once", before, n)
	}
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("model CSV: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	recs, err := csv.NewReader(res.Body).ReadAll()
	res.Body.Close()
	if err != nil || len(recs) != 3 || recs[0][0] != "term" || recs[1][0] != "routeesketamine" || recs[1][4] != "6" || recs[1][5] != "2" || recs[2][1] != "age" ||
		!strings.HasPrefix(recs[1][17], "Patients with route esketamine responded") {
		t.Errorf("model CSV %v, %v", recs, err)
	}
	// The PDF report carries the model too.
	if res := c.get("/outcomes/report.pdf?instrument=phq9&covariates=route,age"); res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("report: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	} else {
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !bytes.Contains(b, []byte("%PDF-")) || len(b) < 2000 {
			t.Errorf("report of %d bytes", len(b))
		}
	}
	if res := f.signIn(clinic.RoleNurse).get("/outcomes/model.csv"); res.StatusCode != 403 {
		t.Errorf("a nurse downloaded the model: %d", res.StatusCode)
	}
}
