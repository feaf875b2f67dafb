package outcomes

import (
	"encoding/csv"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"onset/internal/chart"
	"onset/internal/clinic"
	"onset/internal/outcomes"
	"onset/internal/report"
	"onset/internal/service/accounts"
)

// The dashboard's "What goes with faster response here" (issue 15): a Cox
// model of the clinic's courses drawn as a forest plot of adjusted hazard
// ratios, the numbers per level, one sentence per factor, the warnings,
// and that associations are not causes.

// causationNote is said wherever the model is shown.
const causationNote = "These are associations in this clinic's records, not proof of cause: patients who differ in one factor differ in others the records do not hold, and a factor may follow from how a patient was doing rather than change it."

// forestRow is one coefficient in the table beside the plot.
type forestRow struct {
	Term, Label, Ratio, P string
	Levels                string // courses and events of the level and its reference
}

// forestSection is what the dashboard and the PDF show of a model.
type forestSection struct {
	Chart      template.HTML
	Rows       []forestRow
	Statements []string
	Warnings   []string
	N, Events  int
	Missing    int
	Covariates string // the model's covariates, comma-separated
	Error      string // why there is no model
	CSV        string
	rows       []chart.ForestRow
}

// forestLabel names a coefficient: "therapy: yes vs no", "baseline (per point)".
func forestLabel(c outcomes.CoxCoef) string {
	if c.Level == "" {
		return c.Term + " (each unit)"
	}
	return c.Term + ": " + c.Level + " vs " + c.Reference
}

func forest(m outcomes.CohortModel) forestSection {
	f := forestSection{Statements: m.Statements, Warnings: m.Warnings, N: m.Fit.N, Events: m.Fit.Events, Missing: m.Fit.Missing}
	var names []string
	for _, c := range m.Covariates {
		names = append(names, c.Name)
	}
	f.Covariates = strings.Join(names, ",")
	counts := map[string]map[string]outcomes.LevelCount{}
	for term, lcs := range m.Levels {
		counts[term] = map[string]outcomes.LevelCount{}
		for _, lc := range lcs {
			counts[term][lc.Level] = lc
		}
	}
	for _, c := range m.Fit.Coefs {
		ratio := fmt.Sprintf("%s (%s–%s)", outcomes.Ratio(c.HR), outcomes.Ratio(c.Lower), outcomes.Ratio(c.Upper))
		row := forestRow{Term: c.Term, Label: forestLabel(c), Ratio: ratio, P: pValue(c.P)}
		if c.Level != "" {
			l, r := counts[c.Term][c.Level], counts[c.Term][c.Reference]
			row.Levels = fmt.Sprintf("%s %d (%d events); %s %d (%d events)", c.Level, l.N, l.Events, c.Reference, r.N, r.Events)
		} else {
			row.Levels = fmt.Sprintf("all %d courses", m.Fit.N)
		}
		f.Rows = append(f.Rows, row)
		f.rows = append(f.rows, chart.ForestRow{Label: row.Label, Detail: ratio, HR: c.HR, Lower: c.Lower, Upper: c.Upper})
	}
	// The SVG is built by package chart with every label escaped.
	f.Chart = template.HTML(chart.Forest("Adjusted hazard ratios of "+string(m.Event), f.rows))
	return f
}

// dashboardForest fits the model the dashboard shows; a model the data
// cannot support is a message on the page, not an error.
func (s *Pages) dashboardForest(r *http.Request, p *accounts.Principal) (forestSection, error) {
	q, err := modelQuery(r)
	if err != nil {
		return forestSection{}, err
	}
	q.Event = "" // response: what goes with faster response
	m, err := s.Svc.OutcomeModel(r.Context(), p.Actor, q)
	v := url.Values{"instrument": {q.Instrument}, "covariates": {strings.Join(q.Covariates, ",")},
		"from": {r.URL.Query().Get("from")}, "to": {r.URL.Query().Get("to")}, "provider": {r.URL.Query().Get("provider")}}
	switch {
	case clinic.ErrorCode(err) == clinic.Invalid:
		return forestSection{Error: clinic.ErrorMessage(err), Covariates: strings.Join(q.Covariates, ",")}, nil
	case err != nil:
		return forestSection{}, err
	}
	f := forest(m)
	v.Set("covariates", f.Covariates)
	f.CSV = "/outcomes/model.csv?" + v.Encode()
	return f, nil
}

// outcomesModelCSV downloads the model's coefficients: one row per
// coefficient with its hazard ratio, interval, p, the numbers of its level
// and reference, and the sentence.
func (s *Pages) outcomesModelCSV(w http.ResponseWriter, r *http.Request, p *accounts.Principal) error {
	q, err := modelQuery(r)
	if err != nil {
		return err
	}
	m, err := s.Svc.OutcomeModel(r.Context(), p.Actor, q)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="onset-outcome-model-%s.csv"`, m.Event))
	w.Header().Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	cw.Write([]string{"term", "covariate", "level", "reference", "level_courses", "level_events", "reference_courses", "reference_events",
		"coef", "hr", "se", "hr_lower", "hr_upper", "p", "zph_p", "n", "events", "statement"})
	zph := map[string]float64{}
	for _, z := range m.Fit.ZPH {
		zph[z.Term] = z.P
	}
	counts := map[string]outcomes.LevelCount{}
	for term, lcs := range m.Levels {
		for _, lc := range lcs {
			counts[term+"\x00"+lc.Level] = lc
		}
	}
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', 10, 64) }
	for i, c := range m.Fit.Coefs {
		var ln, le, rn, re string
		if c.Level != "" {
			l, ref := counts[c.Term+"\x00"+c.Level], counts[c.Term+"\x00"+c.Reference]
			ln, le, rn, re = strconv.Itoa(l.N), strconv.Itoa(l.Events), strconv.Itoa(ref.N), strconv.Itoa(ref.Events)
		}
		cw.Write([]string{c.Name, c.Term, c.Level, c.Reference, ln, le, rn, re, g(c.Coef), g(c.HR), g(c.SE), g(c.Lower), g(c.Upper),
			g(c.P), g(zph[c.Term]), strconv.Itoa(m.Fit.N), strconv.Itoa(m.Fit.Events), m.Statements[i]})
	}
	cw.Flush()
	return cw.Error()
}

// reportModel is the forest section for the PDF report.
func (f forestSection) reportModel() *report.ModelSection {
	m := &report.ModelSection{Causation: causationNote, Error: f.Error, Statements: f.Statements, Warnings: f.Warnings}
	if f.Error == "" {
		m.Intro = fmt.Sprintf("Cox proportional hazards (Efron ties) of the time to response on %d courses with %d responses, adjusted for %s together", f.N, f.Events, strings.ReplaceAll(f.Covariates, ",", ", "))
		if f.Missing > 0 {
			m.Intro += fmt.Sprintf("; %d courses lacking one of them left out", f.Missing)
		}
		m.Intro += ". A hazard ratio above 1 goes with faster response, other factors equal."
	}
	for i, r := range f.Rows {
		c := f.rows[i]
		m.Rows = append(m.Rows, report.ModelRow{Label: r.Label, Levels: r.Levels, Ratio: r.Ratio, P: r.P, HR: c.HR, Lower: c.Lower, Upper: c.Upper})
	}
	return m
}
