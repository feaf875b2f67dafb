package outcomes

import (
	"math"
	"strings"
	"testing"
	"time"

	"onset/internal/clinic"
)

// modelRows are the 24-row reference set as course rows: group 1 as
// courses with psychotherapy, so the model's hazard ratio is the tiny
// set's (R: 7.263266), and each course's intake records years ill.
func modelRows(t *testing.T) ([]CourseRow, map[int64]CourseFactors) {
	tab := tinyTable(t)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var rows []CourseRow
	factors := map[int64]CourseFactors{}
	for i, tm := range tab.time {
		id := int64(i + 1)
		r := CourseRow{CourseID: id, PatientID: id, T0: t0, Facts: Facts{Therapy: tab.cols["group"][i] == "1", Route: clinic.RouteIV, Age: -1}}
		r.Response = TimeToEvent{Days: tm, Event: tab.event[i]}
		rows = append(rows, r)
		years := float64(i % 5)
		f := CourseFactors{}
		if i != 3 { // one course's intake lacks it
			f.Intake.YearsIll = &years
		}
		factors[id] = f
	}
	// A course without a baseline is left out, counted.
	rows = append(rows, CourseRow{CourseID: 99, PatientID: 99, T0: t0, Outcomes: Outcomes{Response: TimeToEvent{LeftOut: NoBaseline}}})
	return rows, factors
}

func TestFitCohortModel(t *testing.T) {
	t.Parallel()
	rows, factors := modelRows(t)
	therapy, _ := LookupModelCovariate("therapy")
	m, err := FitCohortModel(rows, factors, EventResponse, []ModelCovariate{therapy}, nil, Efron)
	if err != nil {
		t.Fatal(err)
	}
	c := m.Fit.Coefs[0]
	if c.Name != "therapyyes" || c.Reference != "no" || math.Abs(c.HR-7.263266) > 5e-7 || math.Abs(c.SE-0.592433) > 5e-7 {
		t.Errorf("coefficient %+v, want therapyyes against no, HR 7.263266, se 0.592433 (R)", c)
	}
	if m.LeftOut[NoBaseline] != 1 || m.Fit.N != 24 || m.Fit.Events != 19 {
		t.Errorf("left out %v, n %d, events %d", m.LeftOut, m.Fit.N, m.Fit.Events)
	}
	if lv := m.Levels["therapy"]; len(lv) != 2 || lv[0] != (LevelCount{"no", 12, 7}) || lv[1] != (LevelCount{"yes", 12, 12}) {
		t.Errorf("levels %+v", lv)
	}
	if want := "Patients with psychotherapy during the course responded 7.3 times as fast (95% CI 2.3–23), other factors equal."; m.Statements[0] != want {
		t.Errorf("statement %q, want %q", m.Statements[0], want)
	}
	if len(m.Warnings) != 0 { // 19 events for one effect; cox.zph p = 0.41 (R)
		t.Errorf("warnings %v", m.Warnings)
	}

	// Two covariates: 19 events for 2 effects is below 10 a piece; the
	// course without years ill (a censored one) is left out as missing.
	years, _ := LookupModelCovariate("years_ill")
	m, err = FitCohortModel(rows, factors, EventResponse, []ModelCovariate{therapy, years}, map[string]string{"therapy": "yes"}, Efron)
	if err != nil {
		t.Fatal(err)
	}
	if m.Fit.Missing != 1 || m.Fit.N != 23 || m.Fit.Coefs[0].Name != "therapyno" {
		t.Errorf("missing %d, n %d, first %q", m.Fit.Missing, m.Fit.N, m.Fit.Coefs[0].Name)
	}
	if !strings.HasPrefix(m.Statements[0], "Patients without psychotherapy during the course responded") ||
		!strings.HasPrefix(m.Statements[1], "Each additional year since the condition began went with response") {
		t.Errorf("statements %q", m.Statements)
	}
	if !strings.Contains(strings.Join(m.Warnings, " "), "Only 19 events for 2 estimated effects (fewer than 10 per effect)") {
		t.Errorf("warnings %q", m.Warnings)
	}
	doc := m.JSON()
	if doc.LeftOut["no_baseline"] != 1 || doc.LeftOut["missing_covariate"] != 1 || doc.Event != "response" || len(doc.Coefficients) != 2 {
		t.Errorf("JSON %+v", doc)
	}
	p, missing := m.Profile(rows[3], factors[rows[3].CourseID])
	if len(missing) != 1 || missing[0] != "years_ill" || p.Levels["therapy"] != "no" {
		t.Errorf("profile %+v, missing %v", p, missing)
	}
	for _, bad := range []map[string]string{{"years_ill": "1"}, {"route": "iv"}} {
		if _, err := FitCohortModel(rows, factors, EventResponse, []ModelCovariate{therapy, years}, bad, Efron); err == nil {
			t.Errorf("reference %v accepted", bad)
		}
	}
}

func TestParseModelCovariates(t *testing.T) {
	t.Parallel()
	cs, err := ParseModelCovariates("therapy, failed_trials,music")
	if err != nil || len(cs) != 3 || !cs[0].Categorical || cs[1].Categorical || cs[2].Reference != "no" {
		t.Errorf("%+v, %v", cs, err)
	}
	for _, bad := range []string{"", "therapy,therapy", "shoe_size"} {
		if _, err := ParseModelCovariates(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestTherapySessionsCovariate: the count comes from signed therapy notes;
// an imported course with psychotherapy but no count has none (missing),
// and any session makes "therapy" yes.
func TestTherapySessionsCovariate(t *testing.T) {
	t.Parallel()
	therapy, _ := LookupModelCovariate("therapy")
	count, _ := LookupModelCovariate("therapy_sessions")
	for _, tc := range []struct {
		facts   Facts
		level   string
		n       float64
		counted bool
	}{
		{Facts{TherapySessions: 3}, "yes", 3, true},
		{Facts{Therapy: true}, "yes", 0, false},
		{Facts{}, "no", 0, true},
	} {
		r := CourseRow{Facts: tc.facts}
		lv, _ := therapy.level(&r, CourseFactors{})
		n, ok := count.number(&r, CourseFactors{})
		if lv != tc.level || n != tc.n || ok != tc.counted {
			t.Errorf("%+v: therapy %q, count %g (%v); want %q, %g (%v)", tc.facts, lv, n, ok, tc.level, tc.n, tc.counted)
		}
	}
}
