package web_test

import (
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
	"onset/internal/service"
	"onset/internal/service/imports"
	"onset/internal/store"
)

// seedLikeYou imports 60 past courses: IV courses respond sooner than
// esketamine ones, every fifth never responds; and a course for the
// fixture's patient (P-1, IV, PHQ-9 18 at baseline).
func seedLikeYou(t *testing.T, f *fixture) {
	t.Helper()
	var p, tr, as strings.Builder
	p.WriteString("patient,sex,birth_year,condition\n")
	tr.WriteString("patient,given_at,route,dose_mg,weight_kg\n")
	as.WriteString("patient,taken_at,instrument,total\n")
	for i := 1; i <= 60; i++ {
		id := fmt.Sprintf("L%d", i)
		route, dose, day := "iv", 35, 1+(i%7)*3
		if i%2 == 1 {
			route, dose, day = "esketamine", 56, 4+(i%7)*4
		}
		base := 14 + i%10
		fmt.Fprintf(&p, "%s,female,%d,depression\n", id, 1960+i%30)
		fmt.Fprintf(&tr, "%s,2026-01-05 09:00,%s,%d,70\n", id, route, dose)
		fmt.Fprintf(&as, "%s,2026-01-05 08:00,phq9,%d\n", id, base)
		if i%5 == 0 { // no response: censored at day 30
			fmt.Fprintf(&as, "%s,2026-02-04 09:00,phq9,%d\n", id, base-1)
			continue
		}
		fmt.Fprintf(&as, "%s,%s,phq9,%d\n", id, time.Date(2026, 1, 5+day, 9, 0, 0, 0, time.UTC).Format("2006-01-02 15:04"), base/2-1)
	}
	tr.WriteString("P-1,2026-03-02 09:00,iv,35,70\n")
	as.WriteString("P-1,2026-03-01 09:00,phq9,18\nP-1,2026-03-03 09:00,phq9,15\n")
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
}

var likeYouPct = regexp.MustCompile(`(\d+)% \((\d+)–(\d+)%\)`)

// TestPatientLikeYou: the patient's page shows the model's predicted share
// (fitted on the clinic's 61 courses, the patient's own included)
// responding by 24 h, 7 and 28 days for their factors (route, baseline),
// rising with time, each inside its interval, beside the Kaplan–Meier of
// comparable courses (the same route and condition: 30 IV courses and the
// patient's own); the patient's own "what to expect" says it in plain
// words; a clinic with too few courses shows no estimate.
func TestPatientLikeYou(t *testing.T) {
	t.Parallel()
	f := newFixture(t, store.SQLite)
	seedLikeYou(t, f)
	pid := strconv.FormatInt(f.patient, 10)
	before := f.auditCount(string(service.ActExpect), f.patient)
	page := html.UnescapeString(f.signIn(clinic.RoleClinician).getBody("/patients/"+pid, 200))
	i := strings.Index(page, `id="like-you"`)
	if i < 0 {
		t.Fatalf("no estimate on the patient page")
	}
	sec := page[i:]
	sec = sec[:strings.Index(sec, "</section>")]
	for _, want := range []string{"Cox model of this clinic's 61 past courses", "treatment by IV infusion", "a PHQ-9 score of 18 at the start",
		"24 h (+ 4 h)", "7 days (+ 1 day)", "28 days (+ 3 days)", "of 31", "not a promise"} {
		if !strings.Contains(sec, want) {
			t.Errorf("estimate lacks %q:\n%s", want, sec)
		}
	}
	ms := likeYouPct.FindAllStringSubmatch(sec, -1)
	if len(ms) != 3 {
		t.Fatalf("%d predicted figures, want 3:\n%s", len(ms), sec)
	}
	prev := -1
	for _, m := range ms {
		v, lo, hi := atoi(m[1]), atoi(m[2]), atoi(m[3])
		if v < prev || lo > v || hi < v || hi > 100 {
			t.Errorf("predicted %s: not rising or outside its interval", m[0])
		}
		prev = v
	}
	if n := f.auditCount(string(service.ActExpect), f.patient); n != before+1 {
		t.Errorf("estimate reads audited %d → %d, want one more", before, n)
	}
	// The patient's own "what to expect", for their signed IV plan.
	f.signPlan("iv-ketamine-induction", 70, 10, 100)
	own := html.UnescapeString(f.signIn(clinic.RolePatient).getBody("/patients/"+pid+"/expect", 200))
	for _, want := range []string{"For people like you", "earlier courses and taking into account treatment by IV infusion",
		"estimate from this clinic's past patients, not a promise", "within 24 h of the first session"} {
		if !strings.Contains(own, want) {
			t.Errorf("what to expect lacks %q", want)
		}
	}
	// Too few courses: no estimate, and it says why.
	g := newFixture(t, store.SQLite)
	seedOutcomes(t, g)
	if page := g.signIn(clinic.RoleClinician).getBody("/patients/"+strconv.FormatInt(g.patient, 10), 200); !strings.Contains(page, `id="like-you-none"`) || strings.Contains(page, `id="like-you-table"`) {
		t.Errorf("an estimate from 12 courses")
	}
}
