package outcomes

import (
	"encoding/csv"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"onset/internal/chart"
	"onset/internal/clinic"
	"onset/internal/outcomes"
	"onset/internal/scales"
	"onset/internal/service/accounts"
	"onset/internal/service/cohort"
	"onset/internal/web/page"
)

// outcomeInstruments are the instruments with a response rule that the
// dashboard offers.
var outcomeInstruments = []string{scales.PHQ9, scales.GAD7, scales.MADRS, scales.QIDS, scales.PCL5, scales.PainNRS, scales.YBOCS}

// outcomeQuery reads instrument, event, by, times, from and to. from and
// to are dates (YYYY-MM-DD); to is inclusive on the page and the API.
func outcomeQuery(r *http.Request, defaultBy string) (cohort.OutcomeQuery, error) {
	v := r.URL.Query()
	q := cohort.OutcomeQuery{Instrument: v.Get("instrument"), Event: v.Get("event"), By: v.Get("by")}
	if q.Instrument == "" {
		q.Instrument = scales.PHQ9
	}
	if _, ok := v["by"]; !ok {
		q.By = defaultBy
	}
	if s := strings.TrimSpace(v.Get("times")); s != "" {
		for _, f := range strings.Split(s, ",") {
			t, err := clinic.ParseNumber("times", f)
			if err != nil {
				return q, clinic.Errorf(clinic.Invalid, "times must be days after the first treatment, e.g. times=1,7,28.")
			}
			q.Times = append(q.Times, t)
		}
	}
	var err error
	if q.From, err = queryDate(v.Get("from")); err != nil {
		return q, err
	}
	if q.To, err = queryDate(v.Get("to")); err != nil {
		return q, err
	}
	if !q.To.IsZero() {
		q.To = q.To.AddDate(0, 0, 1) // the whole last day
	}
	if s := v.Get("provider"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id < 0 {
			return q, clinic.Errorf(clinic.Invalid, "provider must be a user ID.")
		}
		q.Provider = id
	}
	return q, nil
}

func queryDate(s string) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return t, clinic.Errorf(clinic.Invalid, "Dates are YYYY-MM-DD.")
	}
	return t, nil
}

func (s *Pages) apiOutcomes(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	q, err := outcomeQuery(r, "")
	if err != nil {
		return err
	}
	c, err := s.Svc.Outcomes(r.Context(), p.Actor, q)
	if err != nil {
		return err
	}
	return page.WriteJSON(w, http.StatusOK, c.JSON())
}

func (s *Pages) apiOutcomeBands(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	inst := r.URL.Query().Get("instrument")
	if inst == "" {
		inst = scales.PHQ9
	}
	b, err := s.Svc.TrajectoryBands(r.Context(), p.Actor, inst)
	if err != nil {
		return err
	}
	return page.WriteJSON(w, http.StatusOK, struct {
		Instrument string `json:"instrument"`
		Unit       string `json:"unit"`
		outcomes.Bands
	}{inst, "percent change from baseline", b})
}

// outcomeStratum is one row of a dashboard table.
type outcomeStratum struct {
	Name, Colour        string
	N, Events           int
	Median, MedianCI    string
	At                  []string // cumulative % with CI at service.DashboardTimes
	LowerSample, NoData bool
}

// Section is one event's chart and table.
type Section struct {
	ID, Title, Event string
	Chart            template.HTML
	Strata           []outcomeStratum
	LogRank          string
	LeftOut          []string
	// What the chart was drawn from, for the PDF report.
	curves []chart.StepCurve
	ticks  []float64
	xLabel string
}

var dashboardTickSets = map[outcomes.Event][]float64{
	outcomes.EventResponse:  {0, 7, 14, 21, 28, 42, 56},
	outcomes.EventRemission: {0, 7, 14, 21, 28, 42, 56},
	outcomes.EventRelapse:   {0, 30, 60, 90, 120, 150, 180},
}

func dayText(d float64) string {
	if math.IsNaN(d) {
		return "not reached"
	}
	if d < 2 {
		return fmt.Sprintf("%.0f h", d*24)
	}
	return fmt.Sprintf("%.1f d", d)
}

func pct(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", 100*v)
}

// SectionOf turns a cohort into a chart and table rows.
func SectionOf(id, title string, c outcomes.Cohort) Section {
	sec := Section{ID: id, Title: title, Event: string(c.Event)}
	ticks := dashboardTickSets[c.Event]
	xMax := ticks[len(ticks)-1]
	var curves []chart.StepCurve
	for i, curve := range c.Curves {
		sc := chart.StepCurve{Name: c.Names[i]}
		for _, st := range curve.Steps {
			if st.NEvent == 0 {
				continue
			}
			v, lo, hi := st.Band.Cumulative()
			sc.Steps = append(sc.Steps, chart.Step{Time: st.Time, Value: v, Lower: lo, Upper: hi})
		}
		for _, t := range ticks {
			sc.AtRisk = append(sc.AtRisk, curve.At(t).NRisk)
		}
		curves = append(curves, sc)
		m := curve.Median
		row := outcomeStratum{Name: c.Names[i], Colour: chartColour(i), N: curve.N, Events: curve.Events,
			Median: dayText(m.Estimate), MedianCI: dayText(m.Lower) + " to " + dayText(m.Upper)}
		for _, t := range cohort.DashboardTimes {
			v, lo, hi := curve.At(t).Band.Cumulative()
			row.At = append(row.At, fmt.Sprintf("%s (%s–%s)", pct(v), pct(lo), pct(hi)))
		}
		sec.Strata = append(sec.Strata, row)
	}
	xLabel := "Days since the first treatment (T0)"
	if c.Event == outcomes.EventRelapse {
		xLabel = "Days since the response"
	}
	// The SVG is built by package chart with every label escaped.
	sec.Chart = template.HTML(chart.Cumulative(title, xLabel, curves, ticks, xMax))
	sec.curves, sec.ticks, sec.xLabel = curves, ticks, xLabel
	switch {
	case c.LogRank != nil:
		sec.LogRank = fmt.Sprintf("Log-rank test: chi-square %.2f on %d df, p = %s", c.LogRank.ChiSq, c.LogRank.DF, pValue(c.LogRank.P))
	case c.LogRankErr != nil:
		sec.LogRank = "Log-rank test not computed: " + clinic.ErrorMessage(c.LogRankErr)
	}
	for _, reason := range []outcomes.LeftOut{outcomes.NotAssessed, outcomes.NoBaseline, outcomes.BaselineBelowMin, outcomes.NoFollowUp, outcomes.NeverResponded, outcomes.NoRemissionCutoff} {
		if n := c.LeftOut[reason]; n > 0 {
			sec.LeftOut = append(sec.LeftOut, fmt.Sprintf("%d %s", n, reason))
		}
	}
	return sec
}

func pValue(p float64) string {
	switch {
	case math.IsNaN(p):
		return "–"
	case p < 0.0001:
		return "< 0.0001"
	}
	return strconv.FormatFloat(p, 'g', 3, 64)
}

// chartColour matches package chart's palette order.
func chartColour(i int) string {
	p := []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"}
	return p[i%len(p)]
}

// TimeNames head the columns read at service.DashboardTimes
// (outcomes.Readouts' labels; each is read with its visit window).
var TimeNames = []string{"24 h", "72 h", "7 days", "28 days"}

// responseHeading names the response rule: half the baseline, or the
// instrument's own drop (the Y-BOCS's 35%).
func responseHeading(dropPct int) string {
	if dropPct <= 0 || dropPct == 50 {
		return "Responded (≤ 50% of baseline)"
	}
	return fmt.Sprintf("Responded (≥ %d%% drop from baseline)", dropPct)
}

// dashboardSections are the dashboard's events: response, remission (when
// the instrument has a cut-off) and relapse.
func dashboardSections(d cohort.Dashboard) []Section {
	sections := []Section{SectionOf("response", responseHeading(d.Instrument.ResponseDropPct), d.Response)}
	if d.Instrument.HasRemission {
		sections = append(sections, SectionOf("remission", fmt.Sprintf("In remission (%s ≤ %d)", d.Instrument.ID, d.Instrument.RemissionMax), d.Remission))
	}
	return append(sections, SectionOf("relapse", "Relapsed after responding (durability)", d.Relapse))
}

func (s *Pages) outcomesPage(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	q, err := outcomeQuery(r, string(outcomes.ByRoute))
	if err != nil {
		return err
	}
	d, err := s.Svc.OutcomeDashboard(r.Context(), p.Actor, q)
	if err != nil {
		return err
	}
	sections := dashboardSections(d)
	v := r.URL.Query()
	filters := url.Values{"instrument": {q.Instrument}, "from": {v.Get("from")}, "to": {v.Get("to")}, "provider": {v.Get("provider")}}
	csvURL := "/outcomes/courses.csv?" + filters.Encode()
	filters.Set("by", string(d.By))
	pdfURL := "/outcomes/report.pdf?" + filters.Encode()
	var factors []string
	for _, f := range outcomes.Factors {
		factors = append(factors, string(f))
	}
	forest, err := s.dashboardForest(r, p)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "outcomes", page.Page{Title: "Outcomes", Principal: p, Data: map[string]any{
		"Forest": forest, "Causation": causationNote, "ModelCovariates": outcomes.ModelCovariateNames(),
		"Instrument": d.Instrument, "Instruments": outcomeInstruments, "By": string(d.By), "Factors": factors,
		"From": v.Get("from"), "To": v.Get("to"), "Providers": d.Providers, "Provider": q.Provider, "Courses": len(d.Rows), "Sections": sections,
		"Times": TimeNames, "CSV": csvURL, "PDF": pdfURL,
		"ReadoutNote": outcomes.ReadoutNote(outcomes.Readouts), "MinBaseline": d.MinBaseline,
	}})
	return nil
}

// outcomesCSV downloads the per-course rows behind the dashboard.
func (s *Pages) outcomesCSV(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	q, err := outcomeQuery(r, "")
	if err != nil {
		return err
	}
	d, err := s.Svc.OutcomeDashboard(r.Context(), p.Actor, q)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="onset-outcomes-%s.csv"`, d.Instrument.ID))
	w.Header().Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	cw.Write(outcomeCSVHeader)
	for _, row := range d.Rows {
		cw.Write(outcomeCSVRow(row))
	}
	cw.Flush()
	return cw.Error()
}

var outcomeCSVHeader = []string{"course_id", "patient_id", "t0", "route", "condition", "therapy", "dose_mg_per_kg",
	"sessions_per_week", "age", "baseline_total", "baseline_severity",
	"response_days", "response", "remission_days", "remission", "relapse_days", "relapse", "left_out"}

func outcomeCSVRow(r outcomes.CourseRow) []string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	tte := func(t outcomes.TimeToEvent) (string, string) {
		if t.LeftOut != "" {
			return "", ""
		}
		return strconv.FormatFloat(t.Days, 'f', 4, 64), strconv.FormatBool(t.Event)
	}
	age, dose, base := "", "", ""
	if r.Facts.Age >= 0 {
		age = strconv.Itoa(r.Facts.Age)
	}
	if r.Facts.DoseMgPerKg > 0 {
		dose = strconv.FormatFloat(r.Facts.DoseMgPerKg, 'f', 3, 64)
	}
	if r.HasBaseline {
		base = strconv.Itoa(r.Baseline.Total)
	}
	rd, re := tte(r.Response)
	md, me := tte(r.Remission)
	ld, le := tte(r.Relapse)
	var left []string
	for _, t := range []outcomes.TimeToEvent{r.Response, r.Remission, r.Relapse} {
		if t.LeftOut != "" && (len(left) == 0 || left[len(left)-1] != string(t.LeftOut)) {
			left = append(left, string(t.LeftOut))
		}
	}
	return []string{strconv.FormatInt(r.CourseID, 10), strconv.FormatInt(r.PatientID, 10), r.T0.Format(time.RFC3339),
		string(r.Facts.Route), string(r.Facts.Condition), strconv.FormatBool(r.Facts.Therapy), dose, f(r.Facts.PerWeek), age,
		base, r.Facts.Severity, rd, re, md, me, ld, le, strings.Join(left, "; ")}
}
