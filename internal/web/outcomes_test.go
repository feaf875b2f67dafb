package web_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/service/imports"
	"onset/internal/store"
)

// seedOutcomes imports 12 courses: 6 IV (responding on day 2k) and 6
// esketamine (2 responding late, 4 not), each with a PHQ-9 baseline of 20.
func seedOutcomes(t *testing.T, f *fixture) {
	t.Helper()
	var p, tr, as strings.Builder
	p.WriteString("patient,sex,birth_year,condition\n")
	tr.WriteString("patient,given_at,route,dose_mg,weight_kg\n")
	as.WriteString("patient,taken_at,instrument,total\n")
	for i := 1; i <= 12; i++ {
		id := fmt.Sprintf("H%d", i)
		route, dose := "iv", 35
		if i > 6 {
			route, dose = "esketamine", 56
		}
		fmt.Fprintf(&p, "%s,female,%d,depression\n", id, 1960+3*i)
		fmt.Fprintf(&tr, "%s,2026-01-%02d 09:00,%s,%d,70\n", id, i, route, dose)
		fmt.Fprintf(&as, "%s,2026-01-%02d 08:00,phq9,20\n", id, i)
		later := 12 // no response
		switch {
		case i <= 6:
			later = 4
		case i <= 8:
			later = 8
		}
		fmt.Fprintf(&as, "%s,2026-01-%02d 09:00,phq9,%d\n", id, i+2*((i-1)%6+1), later)
		fmt.Fprintf(&as, "%s,2026-02-%02d 09:00,phq9,%d\n", id, i+10, later+1)
	}
	ctx, sys := t.Context(), service.System(f.clinicID)
	for _, step := range []func() (imports.ImportReport, error){
		func() (imports.ImportReport, error) {
			return f.svc.ImportPatients(ctx, sys, strings.NewReader(p.String()), imports.ImportOptions{})
		},
		func() (imports.ImportReport, error) {
			return f.svc.ImportTreatments(ctx, sys, strings.NewReader(tr.String()), imports.ImportOptions{})
		},
		func() (imports.ImportReport, error) {
			return f.svc.ImportAssessments(ctx, sys, strings.NewReader(as.String()), imports.ImportOptions{})
		},
	} {
		if rep, err := step(); err != nil {
			t.Fatalf("import: %v %+v", err, rep.Rejected)
		}
	}
}

func TestOutcomesAPIAndPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	seedOutcomes(t, f)
	c := f.signIn(clinic.RoleClinician)
	before := f.auditCount(string(service.ActOutcomesRead), 0)

	var doc struct {
		Groups []struct {
			Group  string `json:"group"`
			N      int    `json:"n"`
			Events int    `json:"events"`
			At     []struct {
				Time     float64 `json:"time"`
				Survival float64 `json:"survival"`
			} `json:"at"`
		} `json:"groups"`
		LogRank *struct {
			ChiSq float64 `json:"chisq"`
			DF    int     `json:"df"`
		} `json:"logrank"`
		LeftOut map[string]int `json:"left_out"`
	}
	raw := c.getBody("/api/v1/outcomes?instrument=phq9&event=response&by=route&times=1,7", 200)
	if err := json.Unmarshal([]byte(raw), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Groups) != 2 || doc.Groups[0].Group != "esketamine" || doc.Groups[1].Group != "iv" ||
		doc.Groups[1].N != 6 || doc.Groups[1].Events != 6 || doc.Groups[0].Events != 2 || doc.LogRank == nil || doc.LogRank.DF != 1 {
		t.Fatalf("outcomes: %s", raw)
	}
	// IV: one response each on days 2, 4, ..., 12: S(7) = 3/6.
	if at := doc.Groups[1].At; len(at) != 2 || at[1].Time != 7 || at[1].Survival != 0.5 {
		t.Errorf("iv at: %+v", at)
	}
	if doc.LeftOut == nil {
		t.Error("left_out missing")
	}
	if n := f.auditCount(string(service.ActOutcomesRead), 0); n != before+1 {
		t.Errorf("audit rows %d → %d, want one more", before, n)
	}
	for _, bad := range []string{"?instrument=nope", "?by=height", "?times=-1", "?event=cure", "?from=2026-13-01"} {
		if res := c.get("/api/v1/outcomes" + bad); res.StatusCode != 400 {
			t.Errorf("%s: status %d, want 400", bad, res.StatusCode)
		}
	}

	page := c.getBody("/outcomes?instrument=phq9&by=route", 200)
	for _, want := range []string{`<svg class="chart survival"`, "Number at risk", "Log-rank test", "esketamine", "By 24 h", "Relapsed after responding", "/static/outcomes.js"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if n := strings.Count(page, `class="curve"`); n < 4 {
		t.Errorf("%d curves on the page, want response and remission for two routes", n)
	}
	// Date filter: only January 1–3 (three IV courses).
	if page := c.getBody("/outcomes?by=route&from=2026-01-01&to=2026-01-03", 200); !strings.Contains(page, "3 courses") {
		t.Error("date range not applied")
	}

	res := c.get("/outcomes/courses.csv?instrument=phq9")
	if ct := res.Header.Get("Content-Type"); res.StatusCode != 200 || !strings.HasPrefix(ct, "text/csv") {
		t.Fatalf("csv: %d %s", res.StatusCode, ct)
	}
	rows, err := csv.NewReader(res.Body).ReadAll()
	if err != nil || len(rows) != 13 || rows[0][0] != "course_id" || len(rows[1]) != len(rows[0]) {
		t.Fatalf("csv rows %d: %v %v", len(rows), err, rows[:1])
	}

	// The PDF report has the same curves and table, for the same filters.
	res = c.get("/outcomes/report.pdf?instrument=phq9&by=route")
	pdf, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("pdf: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if !strings.Contains(page, `href="/outcomes/report.pdf?by=route&amp;from=&amp;instrument=phq9&amp;provider=&amp;to="`) {
		t.Error("the dashboard does not link its PDF report")
	}

	// Bands: everyone may read them.
	pat := f.signIn(clinic.RolePatient)
	var bands struct {
		Instrument string `json:"instrument"`
		Courses    int    `json:"courses"`
		Bins       []struct {
			From    float64    `json:"from_day"`
			Courses int        `json:"courses"`
			P       []*float64 `json:"percentiles"`
		} `json:"bins"`
	}
	if err := json.Unmarshal([]byte(pat.getBody("/api/v1/outcomes/bands?instrument=phq9", 200)), &bands); err != nil {
		t.Fatal(err)
	}
	if bands.Instrument != "phq9" || bands.Courses != 12 || len(bands.Bins) == 0 || len(bands.Bins[0].P) != 5 {
		t.Errorf("bands %+v", bands)
	}
	if res := pat.get("/api/v1/outcomes"); res.StatusCode != 403 {
		t.Errorf("patient reads clinic outcomes: %d", res.StatusCode)
	}
}
